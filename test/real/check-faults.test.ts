/**
 * `mco-wizard check --step ... --json` against the REAL lab (ActiveMQ + mcollectived), one lab
 * fault at a time: the failing landmark, the failing rung and the catalogue id must be right, the
 * JSON must carry no secret, and the time to a diagnosis stays bounded (generous bounds here;
 * bench/diagnosis.ts measures precisely).
 */
import assert from 'node:assert/strict';
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, it} from 'node:test';
import {type FaultName, LAB, requireLab, runBounded, withFault, withLab} from '../helpers/lab.js';

const CLI = join(import.meta.dirname, '..', '..', 'src', 'cli.tsx');

type CheckJson = {
	step: string;
	ok: boolean;
	checks: Array<{id: string; ok: boolean; ms: number; evidence: string}>;
	diagnosis: null | {id: string; title: string; evidence: string[]; fix: string[]};
};

/** Runs the check command as a user would; the lab lock token lets a --yes restart through. */
async function check(
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
function assertNoSecret(raw: string): void {
	for (const s of SECRETS) assert.ok(!raw.includes(s), `secret "${s.slice(0, 2)}…" leaked in the JSON`);
}

type Case = {
	fault: FaultName;
	step: 'client' | 'server' | 'e2e' | 'agent';
	rung: string;
	id: string;
	/** Extra evidence the diagnosis must show. */
	evidence?: RegExp;
	/** Upper bound on the wall time of the whole command (process start included). */
	boundMs: number;
	/** Run as on a host that has only one of the two files (the other path points nowhere). */
	without?: 'client' | 'server';
};

/** The lab's answers file with one config path pointing nowhere, as on a single-role host. */
function answersWithout(which: 'client' | 'server'): string {
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

const CASES: Case[] = [
	{fault: 'broker-stopped', step: 'client', rung: 'tcp', id: 'F1', evidence: /refused/, boundMs: 15_000},
	{fault: 'wrong-port', step: 'client', rung: 'tcp', id: 'F1', evidence: /61614 refused/, boundMs: 15_000},
	{
		fault: 'unresolvable-host',
		step: 'client',
		rung: 'dns',
		id: 'F3',
		evidence: /msg1\.infra\.invalid/,
		boundMs: 15_000,
	},
	// with the node's server.cfg on the same host the password fingerprints already differ ...
	{
		fault: 'client-wrong-password',
		step: 'client',
		rung: 'client-lint',
		id: 'F5',
		evidence: /different passwords/,
		boundMs: 15_000,
	},
	// ... on a broker host alone, ActiveMQ's own ERROR frame says it
	{
		fault: 'client-wrong-password',
		step: 'client',
		rung: 'stomp-login',
		id: 'F5',
		evidence: /User name \[mcollective\] or password is invalid/,
		boundMs: 15_000,
		without: 'server',
	},
	{fault: 'seed-client-cfg', step: 'client', rung: 'client-lint', id: 'F29', boundMs: 15_000},
	{
		fault: 'connector-mismatch',
		step: 'client',
		rung: 'client-lint',
		id: 'F12',
		evidence: /connector/,
		boundMs: 15_000,
	},
	// a broker host without the node's server.cfg: the CONNECTED frame's server header tells it
	{
		fault: 'connector-mismatch',
		step: 'client',
		rung: 'stomp-login',
		id: 'F12',
		evidence: /ActiveMQ/,
		boundMs: 15_000,
		without: 'server',
	},
	{
		fault: 'collective-mismatch',
		step: 'client',
		rung: 'client-lint',
		id: 'F12',
		evidence: /openshift/,
		boundMs: 15_000,
	},
	// without server.cfg to compare, the broker's refusal of openshift.* is all the evidence there is (F6)
	{
		fault: 'collective-mismatch',
		step: 'client',
		rung: 'subscribe',
		id: 'F6',
		evidence: /openshift\.reply/,
		boundMs: 15_000,
		without: 'server',
	},
	// with client.cfg on the same host the password fingerprints already differ ...
	{
		fault: 'node-wrong-password',
		step: 'server',
		rung: 'server-lint',
		id: 'F11',
		evidence: /different passwords/,
		boundMs: 20_000,
	},
	// ... on a node without client.cfg the node log proves it: Connected, then dropped
	{
		fault: 'node-wrong-password',
		step: 'server',
		rung: 'node-log',
		id: 'F11',
		evidence: /Connected to stomp/,
		boundMs: 30_000,
		without: 'client',
	},
	{
		fault: 'node-stopped',
		step: 'server',
		rung: 'daemon-process',
		id: 'F10',
		evidence: /no mcollectived process/,
		boundMs: 20_000,
	},
	{fault: 'node-stopped', step: 'e2e', rung: 'ping-nodes', id: 'F10', boundMs: 30_000},
	{
		fault: 'psk-mismatch',
		step: 'e2e',
		rung: 'ping-nodes',
		id: 'F13',
		evidence: /invalid signature|plugin\.psk differs/,
		boundMs: 30_000,
	},
	{
		fault: 'psk-mismatch',
		step: 'server',
		rung: 'server-lint',
		id: 'F13',
		evidence: /sha256/,
		boundMs: 20_000,
	},
	{
		fault: 'clock-skew',
		step: 'e2e',
		rung: 'ping-nodes',
		id: 'F14',
		evidence: /seconds old, TTL is 60/,
		boundMs: 30_000,
	},
	{
		fault: 'agent-missing',
		step: 'agent',
		rung: 'agent-inventory',
		id: 'F17',
		evidence: /not in the node's libdir/,
		boundMs: 30_000,
	},
	{
		fault: 'agent-broken',
		step: 'agent',
		rung: 'agent-inventory',
		id: 'F17',
		evidence: /rubygem-openshift-origin-container-selinux/,
		boundMs: 30_000,
	},
];

describe('check --json against the real lab', () => {
	it('good lab: all four landmarks pass, exit 0', async (t) => {
		if (!(await requireLab(t))) return;
		await withLab(async () => {
			for (const step of ['client', 'server', 'e2e', 'agent']) {
				const r = await check(step);
				assert.equal(r.json.ok, true, `${step}: ${JSON.stringify(r.json)}`);
				assert.equal(r.code, 0);
				assert.equal(r.json.diagnosis, null);
				assertNoSecret(r.raw);
			}
		});
	});

	it('good lab, server landmark with --yes: the restart command runs and the node log shows the new connection', async (t) => {
		if (!(await requireLab(t))) return;
		await withLab(async () => {
			const r = await check('server', ['--yes']);
			assert.equal(r.json.ok, true, JSON.stringify(r.json));
			const restart = r.json.checks.find((c) => c.id === 'service-start');
			assert.match(restart?.evidence ?? '', /lab\.sh restart-server: done/);
		});
	});

	for (const c of CASES) {
		it(`fault ${c.fault}: check --step ${c.step} fails at ${c.rung} with ${c.id}${c.without ? ` (no ${c.without}.cfg here)` : ''}`, async (t) => {
			if (!(await requireLab(t))) return;
			await withFault(c.fault, async () => {
				const r = await check(c.step, [], c.without ? answersWithout(c.without) : LAB.answers);
				assert.equal(r.code, 1, r.raw);
				assert.equal(r.json.ok, false);
				const failed = r.json.checks.find((x) => !x.ok && !/^not run/.test(x.evidence));
				assert.equal(failed?.id, c.rung, r.raw);
				assert.equal(r.json.diagnosis?.id, c.id, r.raw);
				if (c.evidence) assert.match(r.json.diagnosis?.evidence.join('\n') ?? '', c.evidence, r.raw);
				assert.ok((r.json.diagnosis?.fix.length ?? 0) > 0);
				assertNoSecret(r.raw);
				assert.ok(r.ms < c.boundMs, `${c.fault}: ${r.ms} ms`);
			});
		});
	}
});
