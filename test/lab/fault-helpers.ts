// Shared bits of the fault tests: the real commands they run, and one fault test = lock held from
// switching the fault on until the node has been seen answering again (another process must not
// switch its own fault on in between).
import assert from 'node:assert/strict';
import type {TestContext} from 'node:test';
import {
	type FaultContext,
	type FaultName,
	LAB,
	type RunResult,
	runMco,
	withFault,
	withLab,
} from '../helpers/lab.js';

/** `mco ping` with the lab's live client.cfg (the one faults change), 1 s wait. */
export const ping = (): Promise<RunResult> => runMco(['ping', '-t', '1'], {timeoutMs: 25_000});

/** `mco rpc openshift echo msg=foo` with 1 s discovery. */
export const echo = (): Promise<RunResult> =>
	runMco(['rpc', 'openshift', 'echo', 'msg=foo', '--dt', '1'], {timeoutMs: 25_000});

/**
 * Fault on → observe(ctx) → fault off → a real ping with the restored live client.cfg gets node1's
 * reply, all under one hold of the lab lock. Reports the on/off times as test diagnostics.
 */
export async function faultTest<T>(
	t: TestContext,
	name: FaultName,
	observe: (ctx: FaultContext) => Promise<T> | T,
): Promise<T> {
	return withLab(async () => {
		const out = await withFault(name, observe);
		const r = await ping();
		assert.equal(r.code, 0, `node did not answer after ${name} was switched off: ${r.stdout}${r.stderr}`);
		assert.match(r.stdout, new RegExp(`^${LAB.identity.replaceAll('.', '\\.')} +time=`, 'm'));
		t.diagnostic(`fault on ${out.onMs} ms, off (restored, node answering) ${out.offMs} ms`);
		return out.result;
	});
}

/**
 * Runs a real command and waits (bounded) for its trace in a log; repeats a few times because a
 * just-restarted node may not have finished subscribing when the first request goes out.
 */
export async function actUntilLog(
	ctx: FaultContext,
	act: () => Promise<RunResult>,
	which: 'node' | 'broker',
	pattern: RegExp,
	tries = 3,
): Promise<{run: RunResult; line: string | undefined}> {
	let run: RunResult | undefined;
	for (let i = 0; i < tries; i++) {
		run = await act();
		const line = await ctx.waitForLog(which, pattern, 5000);
		if (line !== undefined) return {run, line};
	}
	return {run: run as RunResult, line: undefined};
}
