/**
 * Real tests of the practice range: the real `mco` and mcollectived from Debian against the
 * embedded broker. They need the packages, not the lab (no lock: the range listens on its own
 * ephemeral port). Without the packages they skip, or FAIL under MCO_LAB=required (CI).
 */
import {existsSync} from 'node:fs';
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import type {TestContext} from 'node:test';
import {type PracticeRange, type RangeOptions, startRange} from '../../src/practice/range.js';
import {type RunResult, runBounded} from '../helpers/lab.js';

export const MCO = '/usr/bin/mco';
export const MCOLLECTIVED = '/usr/sbin/mcollectived';

export function requireMcollective(t: TestContext): boolean {
	const missing = [MCO, MCOLLECTIVED].filter((p) => !existsSync(p));
	if (missing.length === 0) return true;
	const problem = `not installed: ${missing.join(', ')} (sudo bash lab/install.sh)`;
	if (process.env.MCO_LAB === 'required') throw new Error(`MCO_LAB=required but ${problem}`);
	t.skip(problem);
	return false;
}

export async function withRange(
	options: Omit<RangeOptions, 'dir'>,
	fn: (range: PracticeRange) => Promise<void>,
): Promise<void> {
	const dir = await mkdtemp(join(tmpdir(), 'practice-real-'));
	const range = await startRange({...options, dir});
	try {
		await fn(range);
	} finally {
		await range.stop();
		await rm(dir, {recursive: true, force: true});
	}
}

export function mco(args: readonly string[], config: string, timeoutMs = 20_000): Promise<RunResult> {
	return runBounded(MCO, [...args, '-c', config], {timeoutMs});
}
