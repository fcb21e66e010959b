/**
 * runLandmark: runs one landmark's ladder rung by rung, each under its own timeout, reporting
 * progress for a spinner, stopping at the first failing rung and naming the catalogue entry the
 * evidence proves. `from` re-runs from a given rung (Retry on the debugging screen). The rungs
 * run in the order steps/ lists the landmark's checks; the ladders only say how each check runs.
 */

import {checksHere, stepFor} from '../../steps/index.js';
import {readContent} from '../content.js';
import {diagnose} from '../core/diagnose.js';
import {clientsElsewhere} from '../core/role.js';
import {redact} from '../core/secrets.js';
import {type CheckResult, type LandmarkId, type LandmarkReport, SECRET_FIELDS} from '../core/types.js';
import {agentLadder} from './agent.js';
import {agentNodeLadder} from './agent-node.js';
import {BROKER_CHECK_IDS, runBrokerHostChecks} from './broker.js';
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
	agent: {...agentLadder, ...agentNodeLadder},
};

/**
 * The rung ids src/checks implements for a landmark. The message broker host's ladder is
 * src/checks/broker.ts (its rungs share what the running JVM says, and its log is read even after
 * a failure), run whole by runBrokerHostChecks.
 */
export function implementedRungs(step: LandmarkId): readonly string[] {
	if (step === 'activemq') return BROKER_CHECK_IDS;
	return Object.keys(LADDERS[step] ?? {});
}

export async function runLandmark(
	step: LandmarkId,
	ctx: CheckContext,
	opts: RunOptions = {},
): Promise<LandmarkReport> {
	if (step === 'activemq') return runActivemqLandmark(ctx, opts);
	const ladder = LADDERS[step];
	// a rung of another host's part of the landmark does not run here (steps/ says whose it is)
	const here = checksHere(stepFor(step), ctx.roles);
	const order = here.map((c) => c.id);
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
		const note = (text: string) => opts.onProgress?.({checkId: id, phase: 'note', note: text});
		const result = await runRung(id, rung, ctx, state, note);
		checks.push(result);
		opts.onProgress?.({checkId: id, phase: 'done', result});
		if (!result.ok) failed = true;
	}
	const fix = await state.fix();
	const stopped = checks.find((c) => !c.ok && !c.skipped);
	// only a rung that went through client.cfg can be explained by landmark 2
	const viaClient = here.find((c) => c.id === stopped?.id)?.roles?.includes('client') !== false;
	if (
		stopped &&
		viaClient &&
		NEEDS_CLIENT.has(step) &&
		clientDidNotGetThrough(stopped) &&
		!ctx.signal?.aborted
	) {
		// Landmark 2 proven again now (bounded like any ladder): when it fails, its verdict is this
		// landmark's too (F1, F5, F6, F29, …), from its own evidence.
		const client = await runLandmark('client', ctx);
		const why = client.checks.find((c) => !c.ok && !c.skipped);
		if (!client.ok && client.diagnosis && why)
			return {
				step,
				ok: false,
				checks,
				diagnosis: {
					...client.diagnosis,
					evidence: [
						// a rung's evidence may quote a secret (the seed's password on a user line)
						redact(
							`landmark 2 fails on this host now, at ${why.id}: ${why.evidence}`,
							SECRET_FIELDS.map((k) => ctx.ingredients[k]),
						),
						...client.diagnosis.evidence,
					],
				},
			};
	}
	const diagnosis = failed ? diagnose(step, checks, fix, readContent) : null;
	return {step, ok: !failed, checks, diagnosis};
}

/** Landmarks that go through what landmark 2 proves: client.cfg, the broker, the login. */
const NEEDS_CLIENT: ReadonlySet<LandmarkId> = new Set(['e2e', 'agent']);

/**
 * Whether a failed rung of landmark 4 or 5 shows that the client never got through (its
 * watchdog ended it: a DROP firewall hangs a connect; its connection failed; mco answered with an
 * error instead of replies). Then the cause may be landmark 2's, and a silent node or a missing
 * agent must not be inferred from it.
 */
function clientDidNotGetThrough(c: CheckResult): boolean {
	const d = (c.data ?? {}) as {outcome?: string; answered?: boolean; probe?: {outcome?: string}};
	return (
		d.outcome === 'timeout' ||
		d.answered === false ||
		(d.probe !== undefined && d.probe.outcome !== 'connected')
	);
}

async function runRung(
	id: string,
	rung: Rung,
	ctx: CheckContext,
	state: ReturnType<typeof ladderState>,
	note: (text: string) => void,
): Promise<CheckResult> {
	const timeoutMs = rung.timeoutMs?.(ctx) ?? ctx.timeoutMs;
	const controller = new AbortController();
	const onAbort = () => controller.abort();
	ctx.signal?.addEventListener('abort', onAbort, {once: true});
	const started = ctx.io.monotonicMs();
	const elapsed = () => Math.round(ctx.io.monotonicMs() - started);
	let timer: NodeJS.Timeout | undefined;
	let endOverrun: (r: CheckResult) => void = () => {};
	// A rung that overruns its budget (a stuck read, a hung child) still ends the ladder on time.
	const overrun = new Promise<CheckResult>((resolve) => {
		endOverrun = resolve;
	});
	const arm = () => {
		timer = setTimeout(() => {
			controller.abort();
			endOverrun({
				id,
				ok: false,
				ms: elapsed(),
				evidence: `no result within ${timeoutMs + 2000} ms`,
				data: {outcome: 'timeout'},
			});
		}, timeoutMs + 2000);
	};
	arm();
	// The time a person takes to answer "restart it?" is not the rung's: the budget stops while
	// the question is open and starts afresh after it (else a slow answer read as F10).
	const askUser = ctx.confirm;
	const rungCtx: CheckContext = askUser
		? {
				...ctx,
				confirm: async (command) => {
					clearTimeout(timer);
					try {
						return await askUser(command);
					} finally {
						if (!controller.signal.aborted) arm();
					}
				},
			}
		: ctx;
	try {
		const fix = await state.fix();
		const outcome = rung
			.run({ctx: rungCtx, state, fix, timeoutMs, signal: controller.signal, note})
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

/**
 * The message broker landmark: the whole broker ladder every time (Retry too: its later rungs need
 * what the earlier ones found, the JVM and the file it runs), with the files [system] names.
 */
async function runActivemqLandmark(ctx: CheckContext, opts: RunOptions): Promise<LandmarkReport> {
	const report = await runBrokerHostChecks(ctx, {
		...(ctx.system.activemqXml ? {activemqXml: ctx.system.activemqXml} : {}),
		...(ctx.system.activemqLog ? {log: ctx.system.activemqLog} : {}),
		...(clientsElsewhere(ctx.ingredients) ? {remoteClients: true} : {}),
		onProgress: (checkId, phase, result) => opts.onProgress?.({checkId, phase, ...(result ? {result} : {})}),
	});
	return {step: 'activemq', ok: report.ok, checks: report.checks, diagnosis: report.diagnosis};
}
