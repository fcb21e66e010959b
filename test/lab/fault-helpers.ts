// Shared bits of the fault tests: the real commands they run and the "node answers again" check.
import assert from 'node:assert/strict';
import type {TestContext} from 'node:test';
import {type FaultOutcome, LAB, type RunResult, runMco} from '../helpers/lab.js';

/** `mco ping` with the lab's live client.cfg (the one faults change), 1 s wait. */
export const ping = (): Promise<RunResult> => runMco(['ping', '-t', '1'], {timeoutMs: 25_000});

/** `mco rpc openshift echo msg=foo` with 1 s discovery. */
export const echo = (): Promise<RunResult> =>
	runMco(['rpc', 'openshift', 'echo', 'msg=foo', '--dt', '1'], {timeoutMs: 25_000});

/** After withFault: a real ping with the (restored) live client.cfg gets node1's reply. */
export async function assertNodeAnswersAgain(t: TestContext, outcome: FaultOutcome<unknown>): Promise<void> {
	const r = await ping();
	assert.equal(r.code, 0, `node did not answer after the fault was switched off: ${r.stdout}${r.stderr}`);
	assert.match(r.stdout, new RegExp(`^${LAB.identity.replaceAll('.', '\\.')} +time=`, 'm'));
	t.diagnostic(`fault on ${outcome.onMs} ms, off (restored, node answering) ${outcome.offMs} ms`);
}
