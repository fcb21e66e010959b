/**
 * runLandmark: runs one landmark's ladder rung by rung, each under its own timeout, reporting
 * progress for a spinner, stopping at the first failing rung and naming the catalogue entry the
 * evidence proves. `from` re-runs from a given rung (Retry on the debugging screen). The rungs
 * run in the order steps/ lists the landmark's checks; the ladders only say how each check runs.
 */

import {stepFor} from '../../steps/index.js';
import {diagnose} from '../core/diagnose.js';
import type {CheckResult, LandmarkId, LandmarkReport} from '../core/types.js';
import {agentLadder} from './agent.js';
import {clientLadder} from './client.js';
import {e2eLadder} from './e2e.js';
import {serverLadder} from './server.js';
import {ladderState} from './state.js';
import type {CheckContext, Ladder, Rung, RunOptions} from './types.js';

export type {CheckContext, Ladder, ProgressEvent, Rung, RunOptions} from './types.js';

export const LADDERS: Readonly<Partial<Record<LandmarkId, Ladder>>> = {
	client: clientLadder,
	server: serverLadder,
	e2e: e2eLadder,
	agent: agentLadder,
};

export async function runLandmark(
	step: LandmarkId,
	ctx: CheckContext,
	opts: RunOptions = {},
): Promise<LandmarkReport> {
	const ladder = LADDERS[step];
	const order = stepFor(step).checks.map((c) => c.id);
	if (!ladder || order.length === 0) return {step, ok: true, checks: [], diagnosis: null};
	const rungs = order.map((id): [string, Rung] => {
		const rung = ladder[id];
		// test/checks/ladders.test.ts keeps steps/ and the ladders equal; this is a build that broke that
		if (!rung) throw new Error(`steps/${step}.ts lists check ${id}, src/checks has no rung for it`);
		return [id, rung];
	});
	const state = ladderState(ctx);
	const start = opts.from ? Math.max(0, order.indexOf(opts.from)) : 0;
	const checks: CheckResult[] = [];
	let failed = false;
	for (const [index, [id, rung]] of rungs.entries()) {
		if (index < start) continue;
		if (failed) {
			checks.push({
				id,
				ok: false,
				ms: 0,
				evidence: 'not run: an earlier check failed',
				skipped: true,
			});
			continue;
		}
		opts.onProgress?.({checkId: id, phase: 'start'});
		const ran = await runRung(id, rung, ctx, state);
		const result = !ran.ok && LOOKS_AT_BROKER.has(step) ? await lookAtBroker(ran, ctx, state) : ran;
		checks.push(result);
		opts.onProgress?.({checkId: id, phase: 'done', result});
		if (!result.ok) failed = true;
	}
	const fix = await state.fix();
	const diagnosis = failed ? diagnose(step, checks, fix) : null;
	return {step, ok: !failed, checks, diagnosis};
}

/** Landmarks whose rungs go through the broker of client.cfg without a TCP rung of their own. */
const LOOKS_AT_BROKER: ReadonlySet<LandmarkId> = new Set(['e2e', 'agent']);

/**
 * A failed rung of landmark 4 or 5 that did not say why the broker was not reached (its watchdog
 * ended it: a DROP firewall hangs a connect; or mco gave up): a fresh, bounded TCP look at the
 * broker of client.cfg. Refused or unanswered is the broker's story (F1), never a silent node's or
 * a missing agent's; when it accepts, the rung's own facts stand.
 */
async function lookAtBroker(
	result: CheckResult,
	ctx: CheckContext,
	state: ReturnType<typeof ladderState>,
): Promise<CheckResult> {
	const data = (result.data ?? {}) as Record<string, unknown>;
	if (data.probe !== undefined) return result;
	const client = await state.clientConfig();
	const {host, port} = client.settings?.pool[0] ?? {};
	if (!host || !port) return result;
	const now = await ctx.io.tcpConnect(host, port, ctx.timeoutMs, ctx.signal);
	if (now.outcome !== 'refused' && now.outcome !== 'timeout') return result;
	return {
		...result,
		evidence: `${result.evidence}; ${host}:${port} ${now.outcome === 'refused' ? 'refuses' : 'does not answer'} new connections now`,
		data: {...data, probe: {outcome: now.outcome, ...(now.code ? {code: now.code} : {}), host, port}},
	};
}

async function runRung(
	id: string,
	rung: Rung,
	ctx: CheckContext,
	state: ReturnType<typeof ladderState>,
): Promise<CheckResult> {
	const timeoutMs = rung.timeoutMs?.(ctx) ?? ctx.timeoutMs;
	const controller = new AbortController();
	const onAbort = () => controller.abort();
	ctx.signal?.addEventListener('abort', onAbort, {once: true});
	const started = ctx.io.monotonicMs();
	const elapsed = () => Math.round(ctx.io.monotonicMs() - started);
	let timer: NodeJS.Timeout | undefined;
	// A rung that overruns its budget (a stuck read, a hung child) still ends the ladder on time.
	const overrun = new Promise<CheckResult>((resolve) => {
		timer = setTimeout(() => {
			controller.abort();
			resolve({
				id,
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
			.then((o): CheckResult => ({id, ms: elapsed(), ...o}))
			.catch(
				(error: unknown): CheckResult => ({
					id,
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
