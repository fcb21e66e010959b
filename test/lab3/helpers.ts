// Shared bits of the three-host lab tests: the real commands they run on broker, and one fault
// test = lab3's lock held from switching the fault on until both nodes answer again.
import assert from 'node:assert/strict';
import type {RunResult} from '../helpers/lab.js';
import {
	type Fault3,
	type Fault3Context,
	LAB3,
	mcoOnBroker,
	NODES,
	pingedIdentities,
	withFault3,
} from '../helpers/lab3.js';

/** `mco ping` on broker with its live /etc/mcollective/client.cfg (the one client faults change). */
export const ping = (timeoutMs = 25_000): Promise<RunResult> => mcoOnBroker(['ping', '-t', '1'], {timeoutMs});

/** `mco rpc openshift echo msg=foo` on broker, 1 s discovery. */
export const echo = (): Promise<RunResult> =>
	mcoOnBroker(['rpc', 'openshift', 'echo', 'msg=foo', '--dt', '1'], {timeoutMs: 25_000});

export const out = (r: RunResult) => `rc ${r.code}\n${r.stdout}\n${r.stderr}`;

export const BOTH = NODES.map(LAB3.fqdn);

/** Fault on → observe → fault off → a real ping on broker lists node1 and node2 again. */
export async function fault3Test(
	name: Fault3,
	observe: (ctx: Fault3Context) => Promise<void>,
): Promise<void> {
	await withFault3(name, observe);
	const r = await ping();
	assert.deepEqual(pingedIdentities(r.stdout), BOTH, `not both nodes answer after ${name} off: ${out(r)}`);
}
