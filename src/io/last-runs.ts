/**
 * The last run of every landmark (checks with evidence and timings, the diagnosis), kept beside
 * the progress file as `last-runs.json` so `mco-wizard report` can show it. Written already
 * redacted, 0600, atomically; a missing or damaged file reads as "no runs yet".
 */
import {mkdir, readFile} from 'node:fs/promises';
import {dirname, join} from 'node:path';
import type {LastRun} from '../core/report.js';
import {redactDeep} from '../core/secrets.js';
import {writeFileAtomic} from './config-files.js';
import {defaultProgressPath} from './progress-store.js';

export function lastRunsPath(progressPath: string = defaultProgressPath()): string {
	return join(dirname(progressPath), 'last-runs.json');
}

export async function readLastRuns(path: string = lastRunsPath()): Promise<Record<string, LastRun>> {
	try {
		const data: unknown = JSON.parse(await readFile(path, 'utf8'));
		if (typeof data !== 'object' || data === null || Array.isArray(data)) return {};
		const out: Record<string, LastRun> = {};
		for (const [step, run] of Object.entries(data as Record<string, unknown>)) {
			if (isLastRun(run)) out[step] = run;
		}
		return out;
	} catch {
		return {};
	}
}

function isLastRun(v: unknown): v is LastRun {
	if (typeof v !== 'object' || v === null) return false;
	const r = v as Record<string, unknown>;
	return typeof r.at === 'string' && typeof r.ok === 'boolean' && Array.isArray(r.checks);
}

/** Records one landmark's run; secrets are redacted before anything is encoded. Best effort. */
export async function recordLastRun(
	run: LastRun & {readonly step: string},
	secrets: readonly string[],
	path: string = lastRunsPath(),
): Promise<void> {
	try {
		const runs = await readLastRuns(path);
		const {step, ...rest} = run;
		runs[step] = redactDeep(rest, secrets);
		await mkdir(dirname(path), {recursive: true, mode: 0o700});
		await writeFileAtomic(path, `${JSON.stringify(runs, null, 1)}\n`, 0o600);
	} catch {
		// the check's result does not depend on this record being kept
	}
}
