/**
 * TLS mismatches on the real lab: ActiveMQ's stomp+ssl port (127.0.0.1:61615, lab CA) hit with
 * plain STOMP, and its plain port (61613) hit with TLS. Each `check --step client` ends in F7
 * within its timeout (never a hang or a stack trace) with the evidence of what the port did, and
 * Retry passes once client.cfg follows the diagnosis' fix. The client.cfg and answers file are
 * copies in a temp dir, so the lab's own files are never changed; the lab lock is held so no other
 * fault is on meanwhile.
 */
import assert from 'node:assert/strict';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, it} from 'node:test';
import {LAB, labSh, requireLab, withLab} from '../helpers/lab.js';
import {assertNoStackTrace, type CheckJson, parseCheck, wizard} from './midflight-helpers.js';

const TLS_PORT = 61615;
const TIMEOUT_S = 5;
const POOL = 'plugin.activemq.pool.1';

/** The lab's good client.cfg with its pool.1 port and TLS keys replaced. */
function clientCfg(port: number, tls: boolean): string {
	const good = readFileSync(LAB.goodClientCfg, 'utf8')
		.split('\n')
		.filter((line) => !line.startsWith(`${POOL}.ssl`));
	return good
		.flatMap((line) =>
			line.startsWith(`${POOL}.port`)
				? [
						`${POOL}.port = ${port}`,
						// the lab CA signs the broker's certificate; fallback: no client certificate
						...(tls ? [`${POOL}.ssl = 1`, `${POOL}.ssl.fallback = 1`] : []),
					]
				: [line],
		)
		.join('\n');
}

/** A temp answers file whose clientConfig is a temp client.cfg; rewrite() changes that file. */
function scratch(): {answers: string; rewrite: (port: number, tls: boolean) => void; done: () => void} {
	const dir = mkdtempSync(join(tmpdir(), 'mco-tls-'));
	const cfg = join(dir, 'client.cfg');
	const answers = join(dir, 'answers.ini');
	writeFileSync(
		answers,
		readFileSync(LAB.answers, 'utf8').replace(/^clientConfig = .*$/m, `clientConfig = ${cfg}`),
		{mode: 0o600},
	);
	return {
		answers,
		rewrite: (port, tls) => writeFileSync(cfg, clientCfg(port, tls), {mode: 0o600}),
		done: () => rmSync(dir, {recursive: true, force: true}),
	};
}

async function checkClient(answers: string): Promise<{json: CheckJson; ms: number}> {
	const r = await wizard([
		'check',
		'--step',
		'client',
		'--answers',
		answers,
		'--json',
		'--timeout',
		`${TIMEOUT_S}`,
	]);
	assert.equal(r.timedOut, false, 'the check hung');
	assertNoStackTrace(r);
	return {json: parseCheck(r), ms: r.ms};
}

/** lab.sh up restarts a broker running an activemq.xml without the TLS connector (idempotent otherwise). */
async function labWithTls(): Promise<void> {
	const up = await labSh(['up']);
	assert.equal(up.code, 0, `lab up failed: ${up.stderr.slice(-800)}`);
	assert.match(
		(await labSh(['status'])).stdout,
		new RegExp(`stomp\\+ssl: +127\\.0\\.0\\.1:${TLS_PORT} accepting`),
	);
}

describe('TLS mismatch on the real lab', () => {
	it('the TLS port hit with plain STOMP: F7 names a TLS port; with TLS on, Retry passes', async (t) => {
		if (!(await requireLab(t))) return;
		await withLab(async () => {
			await labWithTls();
			const s = scratch();
			try {
				s.rewrite(TLS_PORT, false);
				const {json, ms} = await checkClient(s.answers);
				t.diagnostic(`plain STOMP on the TLS port: ${Math.round(ms)} ms, ${JSON.stringify(json.diagnosis)}`);
				assert.equal(json.ok, false);
				assert.equal(json.diagnosis?.id, 'F7');
				const login = json.checks.find((c) => c.id === 'stomp-login');
				assert.ok(login && !login.ok, 'the STOMP login is the rung that failed');
				assert.ok(login.ms < TIMEOUT_S * 1000, `within its timeout (${login.ms} ms)`);
				assert.match(json.diagnosis?.evidence.join('\n') ?? '', /TLS record/);
				assert.match(json.diagnosis?.fix.join('\n') ?? '', new RegExp(`${POOL}\\.ssl = 1`));
				// the fix: TLS on for this port (the lab CA's broker certificate, fallback mode)
				s.rewrite(TLS_PORT, true);
				const again = await checkClient(s.answers);
				assert.equal(again.json.ok, true, JSON.stringify(again.json.diagnosis ?? again.json.checks));
			} finally {
				s.done();
			}
		});
	});

	it('the plain port hit with TLS: F7 within the timeout; with TLS off, Retry passes', async (t) => {
		if (!(await requireLab(t))) return;
		await withLab(async () => {
			await labWithTls();
			const s = scratch();
			try {
				s.rewrite(LAB.port, true);
				const {json, ms} = await checkClient(s.answers);
				t.diagnostic(`TLS on the plain port: ${Math.round(ms)} ms, ${JSON.stringify(json.diagnosis)}`);
				assert.equal(json.ok, false);
				assert.equal(json.diagnosis?.id, 'F7');
				const login = json.checks.find((c) => c.id === 'stomp-login');
				assert.ok(login && !login.ok, 'the STOMP login is the rung that failed');
				// the handshake gets no answer: the rung ends at its own bound, not later
				assert.ok(login.ms < TIMEOUT_S * 1000 + 2000, `bounded by its timeout (${login.ms} ms)`);
				assert.match(json.diagnosis?.evidence.join('\n') ?? '', /TLS handshake/);
				assert.match(json.diagnosis?.fix.join('\n') ?? '', new RegExp(`${POOL}\\.ssl = 0`));
				s.rewrite(LAB.port, false);
				const again = await checkClient(s.answers);
				assert.equal(again.json.ok, true, JSON.stringify(again.json.diagnosis ?? again.json.checks));
			} finally {
				s.done();
			}
		});
	});
});
