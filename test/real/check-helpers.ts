/**
 * Shared by test/real/check-*.test.ts: `mco-wizard check --step ... --json` run as a user would
 * against the REAL lab, and one fault case = the failing rung and catalogue id must be right, the
 * JSON must carry no secret, the time to a diagnosis stays bounded (generous bounds; precise
 * numbers in bench/diagnosis.ts). Split over several files so each stays under the runner's
 * per-file limit.
 */
import assert from 'node:assert/strict';
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {it} from 'node:test';
import {type FaultName, LAB, requireLab, runBounded, withFault} from '../helpers/lab.js';

const CLI = join(import.meta.dirname, '..', '..', 'src', 'cli.tsx');

type CheckJson = {
	step: string;
	ok: boolean;
	checks: Array<{id: string; ok: boolean; ms: number; evidence: string}>;
	diagnosis: null | {
		id: string | null;
		title: string;
		evidence: string[];
		fix: string[];
		candidates?: Array<{id: string; why: string}>;
		decide?: null | {host: string; command: string};
	};
};

/** Runs the check command as a user would; the lab lock token lets a --yes restart through. */
export async function check(
	step: string,
	extra: string[] = [],
	answers: string = LAB.answers,
): Promise<{json: CheckJson; code: number | null; ms: number; raw: string}> {
	let token: string | undefined;
	try {
		token = readFileSync(join(LAB.lock, 'owner'), 'utf8').trim().split(' ')[1];
	} catch {
		token = undefined;
	}
	const r = await runBounded(
		process.execPath,
		[
			'--import',
			'tsx',
			CLI,
			'check',
			'--step',
			step,
			'--answers',
			answers,
			'--json',
			'--timeout',
			'5',
			...extra,
		],
		{timeoutMs: 90_000, env: token ? {MCO_LAB_LOCK_TOKEN: token} : {}},
	);
	assert.equal(r.stdout.trim().split('\n').length, 1, `one JSON line, got: ${r.stdout}\n${r.stderr}`);
	return {json: JSON.parse(r.stdout) as CheckJson, code: r.code, ms: r.ms, raw: r.stdout};
}

const SECRETS = [LAB.password, LAB.adminPassword, LAB.psk, 'wrongpass', 'notthesecret'];
export function assertNoSecret(raw: string): void {
	for (const s of SECRETS) assert.ok(!raw.includes(s), `secret "${s.slice(0, 2)}…" leaked in the JSON`);
}

export type Case = {
	fault: FaultName;
	step: 'client' | 'server' | 'e2e' | 'agent';
	rung: string;
	/** The entry proven; null: not decided from this host (then `candidates` remain). */
	id: string | null;
	/** With id null: the entries that must remain, in order, with a deciding command. */
	candidates?: readonly string[];
	/** Extra evidence the diagnosis must show. */
	evidence?: RegExp;
	/** Upper bound on the wall time of the whole command (process start included). */
	boundMs: number;
	/** Run as on a host that has only one of the two files (the other path points nowhere). */
	without?: 'client' | 'server';
};

/** The lab's answers file with one config path pointing nowhere, as on a single-role host. */
export function answersWithout(which: 'client' | 'server'): string {
	const key = which === 'client' ? 'clientConfig' : 'serverConfig';
	const text = readFileSync(LAB.answers, 'utf8').replace(
		new RegExp(`^${key} = .*$`, 'm'),
		`${key} = /nonexistent/${which}.cfg`,
	);
	const dir = mkdtempSync(join(tmpdir(), 'mco-check-'));
	const path = join(dir, 'answers.ini');
	writeFileSync(path, text, {mode: 0o600});
	return path;
}

/** One test per case: the fault on (lab lock held), the check command, the assertions, the fault off. */
export function faultCase(c: Case): void {
	it(`fault ${c.fault}: check --step ${c.step} fails at ${c.rung} with ${c.id ?? `undecided ${c.candidates?.join('/')}`}${c.without ? ` (no ${c.without}.cfg here)` : ''}`, async (t) => {
		if (!(await requireLab(t))) return;
		await withFault(c.fault, async () => {
			const r = await check(c.step, [], c.without ? answersWithout(c.without) : LAB.answers);
			assert.equal(r.code, 1, r.raw);
			assert.equal(r.json.ok, false);
			const failed = r.json.checks.find((x) => !x.ok && !/^not run/.test(x.evidence));
			assert.equal(failed?.id, c.rung, r.raw);
			assert.equal(r.json.diagnosis?.id, c.id, r.raw);
			if (c.evidence) assert.match(r.json.diagnosis?.evidence.join('\n') ?? '', c.evidence, r.raw);
			if (c.id === null) {
				// not decided here: no fix to apply, the candidates and the command that decides
				assert.deepEqual(
					r.json.diagnosis?.candidates?.map((x) => x.id),
					c.candidates,
					r.raw,
				);
				assert.ok(r.json.diagnosis?.decide?.command, r.raw);
			} else assert.ok((r.json.diagnosis?.fix.length ?? 0) > 0);
			assertNoSecret(r.raw);
			assert.ok(r.ms < c.boundMs, `${c.fault}: ${r.ms} ms`);
		});
	});
}
