/**
 * Shared by test/real/midflight-*.test.ts: ActiveMQ killed (SIGKILL by its PID file, no clean
 * close) while a real command runs, on the single-host lab, inside the lab lock. Every case
 * restores the lab in a finally (`fault broker-stopped off`: good configs, broker up, node
 * restarted and answering a real mco ping).
 */
import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, it} from 'node:test';
import {LAB, labSh, type RunResult, requireLab, runBounded, withLab} from '../helpers/lab.js';

const CLI = join(import.meta.dirname, '..', '..', 'src', 'cli.tsx');

function lockToken(): string | undefined {
	try {
		return readFileSync(join(LAB.lock, 'owner'), 'utf8').trim().split(' ')[1];
	} catch {
		return undefined;
	}
}

/** mco-wizard run as a user would, bounded. */
export function wizard(args: readonly string[], timeoutMs = 60_000): Promise<RunResult> {
	const token = lockToken();
	return runBounded(process.execPath, ['--import', 'tsx', CLI, ...args], {
		timeoutMs,
		env: token ? {MCO_LAB_LOCK_TOKEN: token} : {},
	});
}

export const checkArgs = (step: string) => [
	'check',
	'--step',
	step,
	'--answers',
	LAB.answers,
	'--json',
	'--timeout',
	'5',
];

/**
 * Starts `args`; kills the broker once its stderr matches `when` (e.g. check's progress line
 * `… ping-empty`: the kill then lands inside that rung), or after that many ms. Both results.
 */
export async function killBrokerDuring(
	args: readonly string[],
	when: number | RegExp,
	timeoutMs = 60_000,
): Promise<{run: RunResult; kill: RunResult}> {
	const token = lockToken();
	const started = performance.now();
	const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
		env: {...process.env, ...(token ? {MCO_LAB_LOCK_TOKEN: token} : {})},
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let stdout = '';
	let stderr = '';
	let timedOut = false;
	let seen: () => void = () => {};
	const trigger = new Promise<void>((r) => {
		seen = r;
	});
	child.stdout.on('data', (d: Buffer) => {
		stdout += d.toString();
	});
	child.stderr.on('data', (d: Buffer) => {
		stderr += d.toString();
		if (when instanceof RegExp && when.test(stderr)) seen();
	});
	const killer = setTimeout(() => {
		timedOut = true;
		child.kill('SIGKILL');
	}, timeoutMs);
	const exited = new Promise<{code: number | null; signal: NodeJS.Signals | null}>((r) =>
		child.once('close', (code, signal) => r({code, signal})),
	);
	if (typeof when === 'number') await new Promise((r) => setTimeout(r, when));
	else await Promise.race([trigger, exited]);
	const kill = await labSh(['kill-broker']);
	assert.equal(kill.code, 0, `kill-broker failed: ${kill.stderr.slice(-500)}`);
	const {code, signal} = await exited;
	clearTimeout(killer);
	return {run: {code, signal, stdout, stderr, ms: performance.now() - started, timedOut}, kill};
}

/** Broker up, good configs, node restarted and answering (lab.sh waits for a real mco ping). */
export async function restoreLab(): Promise<void> {
	const off = await labSh(['fault', 'broker-stopped', 'off']);
	assert.equal(off.code, 0, `lab not restored: ${off.stderr.slice(-800)}`);
}

/** Never a stack trace or an unhandled error, whatever the output stream. */
export function assertNoStackTrace(r: RunResult): void {
	const all = `${r.stdout}\n${r.stderr}`;
	assert.doesNotMatch(all, /^\s+at .+\(.+:\d+:\d+\)$/m, `stack trace in output:\n${all.slice(-1500)}`);
	assert.doesNotMatch(all, /Unhandled|UnhandledPromiseRejection|TypeError|RangeError/, all.slice(-1500));
}

export type CheckJson = {
	step: string;
	ok: boolean;
	checks: Array<{id: string; ok: boolean; ms: number; evidence: string}>;
	diagnosis: null | {id: string; title: string; evidence: string[]; fix: string[]};
};

export function parseCheck(r: RunResult): CheckJson {
	assert.equal(
		r.stdout.trim().split('\n').length,
		1,
		`one JSON line, got: ${r.stdout}\n${r.stderr.slice(-800)}`,
	);
	return JSON.parse(r.stdout) as CheckJson;
}

/** Re-runs a landmark (the user's Retry) until it passes or `withinMs` is over; the passing run. */
export async function retryUntilPasses(
	step: string,
	withinMs: number,
): Promise<{json: CheckJson; tries: number; ms: number}> {
	const started = Date.now();
	let tries = 0;
	let last: CheckJson | undefined;
	while (Date.now() - started < withinMs) {
		tries++;
		last = parseCheck(await wizard(checkArgs(step)));
		if (last.ok) return {json: last, tries, ms: Date.now() - started};
		await new Promise((r) => setTimeout(r, 1000));
	}
	assert.fail(
		`landmark ${step} did not pass again within ${withinMs} ms; last: ${JSON.stringify(last?.diagnosis)}`,
	);
}

/**
 * One mid-flight case: ActiveMQ killed as `rung` of `step` starts (check prints `… <rung>` on
 * stderr without --json); the human output is read back: the failing rung, then `Fn: title`.
 * Shared by the test files that split the cases to stay under the runner's per-file limit.
 */
export function killedDuringRungCase(step: string, rung: string): void {
	describe(`check --step ${step}: ActiveMQ killed during ${rung} (real lab)`, () => {
		it('ends in a diagnosis, not a hang; Retry passes after the broker is back', async (t) => {
			if (!(await requireLab(t))) return;
			await withLab(async () => {
				try {
					const args = checkArgs(step).filter((a) => a !== '--json');
					const {run} = await killBrokerDuring(args, new RegExp(`… ${rung}\\n`));
					assert.equal(run.timedOut, false, 'the check hung');
					assertNoStackTrace(run);
					t.diagnostic(`killed as ${rung} started (${Math.round(run.ms)} ms):\n${run.stdout}`);
					assert.match(run.stderr, new RegExp(`… ${rung}`), 'the rung was reached before the kill');
					if (!/: PASSED/.test(run.stdout)) {
						assert.equal(run.code, 1);
						// a failed rung (✖) with evidence, and a diagnosis heading `Fn: title`
						assert.match(run.stdout, /✖ \S+/);
						assert.match(run.stdout, /^F\d+: \S/m, 'a failed landmark names a diagnosis');
						assert.match(run.stdout, /refused|closed|reset|no reply|timed out|not answer|EOF|ECONN|lost/i);
						// a refused connection is the broker's story (F1), whatever rung met it
						if (/ECONNREFUSED/.test(run.stdout)) assert.match(run.stdout, /^F1: /m);
					}
					// the broker back: Retry (re-running the landmark) passes
					const start = await labSh(['start-broker']);
					assert.equal(start.code, 0, start.stderr.slice(-500));
					const again = await retryUntilPasses(step, 90_000);
					t.diagnostic(`passed again after ${again.tries} tries, ${again.ms} ms after the broker was back`);
				} finally {
					await restoreLab();
				}
			});
		});
	});
}
