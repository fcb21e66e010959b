/**
 * runLandmark: runs one landmark's ladder rung by rung, each under its own timeout, reporting
 * progress for a spinner, stopping at the first failing rung and naming the catalogue entry the
 * evidence proves. `from` re-runs from a given rung (Retry on the debugging screen).
 */
import {diagnose} from '../core/diagnose.js';
import type {CheckResult, LandmarkId, LandmarkReport} from '../core/types.js';
import {agentLadder} from './agent.js';
import {clientLadder} from './client.js';
import {e2eLadder} from './e2e.js';
import {serverLadder} from './server.js';
import {ladderState} from './state.js';
import type {CheckContext, Ladder, RunOptions} from './types.js';

export type {CheckContext, ProgressEvent, RunOptions} from './types.js';

export const LADDERS: Readonly<Partial<Record<LandmarkId, Ladder>>> = {
	client: clientLadder,
	server: serverLadder,
	e2e: e2eLadder,
	agent: agentLadder,
};

/** The check ids of a landmark in ladder order (steps/ declares the same; a test keeps them in sync). */
export function checkIds(step: LandmarkId): string[] {
	return (LADDERS[step]?.rungs ?? []).map((r) => r.id);
}

export async function runLandmark(
	step: LandmarkId,
	ctx: CheckContext,
	opts: RunOptions = {},
): Promise<LandmarkReport> {
	const ladder = LADDERS[step];
	if (!ladder) return {step, ok: true, checks: [], diagnosis: null};
	const state = ladderState(ctx);
	const start = opts.from
		? Math.max(
				0,
				ladder.rungs.findIndex((r) => r.id === opts.from),
			)
		: 0;
	const checks: CheckResult[] = [];
	let failed = false;
	for (const [index, rung] of ladder.rungs.entries()) {
		if (index < start) continue;
		if (failed) {
			checks.push({
				id: rung.id,
				ok: false,
				ms: 0,
				evidence: 'not run: an earlier check failed',
				skipped: true,
			});
			continue;
		}
		opts.onProgress?.({checkId: rung.id, phase: 'start'});
		const result = await runRung(rung, ctx, state);
		checks.push(result);
		opts.onProgress?.({checkId: rung.id, phase: 'done', result});
		if (!result.ok) failed = true;
	}
	const fix = await state.fix();
	const diagnosis = failed ? diagnose(step, checks, fix) : null;
	return {step, ok: !failed, checks, diagnosis};
}

async function runRung(
	rung: Ladder['rungs'][number],
	ctx: CheckContext,
	state: ReturnType<typeof ladderState>,
): Promise<CheckResult> {
	const timeoutMs = rung.timeoutMs?.(ctx) ?? ctx.timeoutMs;
	const controller = new AbortController();
	const onAbort = () => controller.abort();
	ctx.signal?.addEventListener('abort', onAbort, {once: true});
	const started = performance.now();
	const elapsed = () => Math.round(performance.now() - started);
	let timer: NodeJS.Timeout | undefined;
	// A rung that overruns its budget (a stuck read, a hung child) still ends the ladder on time.
	const overrun = new Promise<CheckResult>((resolve) => {
		timer = setTimeout(() => {
			controller.abort();
			resolve({
				id: rung.id,
				ok: false,
				ms: elapsed(),
				evidence: `no result within ${timeoutMs + 2000} ms`,
				data: {outcome: 'timeout'},
			});
		}, timeoutMs + 2000);
	});
	try {
		const fix = await state.fix();
		const outcome = rung
			.run({ctx, state, fix, timeoutMs, signal: controller.signal})
			.then((o): CheckResult => ({id: rung.id, ms: elapsed(), ...o}))
			.catch(
				(error: unknown): CheckResult => ({
					id: rung.id,
					ok: false,
					ms: elapsed(),
					evidence: error instanceof Error ? error.message : String(error),
				}),
			);
		return await Promise.race([outcome, overrun]);
	} finally {
		clearTimeout(timer);
		ctx.signal?.removeEventListener('abort', onAbort);
	}
}
