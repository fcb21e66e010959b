/**
 * #12 identity mismatch on the real lab (read-only, no fault): the node list expects a name the
 * lab's mcollectived does not answer as (it answers as server.cfg's node1.infra.example.com).
 * On the lab host with the expected name this host's own (proven), F15 cites server.cfg's identity
 * line and the ping stops early; with node1.example.com (it resolves nowhere here: not proven) the
 * ping waits the timeout and the line is a candidate; with server.cfg pointing nowhere the
 * unexpected responder is named with the command on the node that decides.
 */
import assert from 'node:assert/strict';
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {hostname, tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, it} from 'node:test';
import {LAB, requireLab, withLab} from '../helpers/lab.js';
import {assertNoSecret, check} from './check-helpers.js';

function answers(nodes: string, serverConfig?: string): string {
	let text = readFileSync(LAB.answers, 'utf8').replace(/^nodeIdentities = .*$/m, `nodeIdentities = ${nodes}`);
	if (serverConfig) text = text.replace(/^serverConfig = .*$/m, `serverConfig = ${serverConfig}`);
	const path = join(mkdtempSync(join(tmpdir(), 'mco-identity-')), 'answers.ini');
	writeFileSync(path, text, {mode: 0o600});
	return path;
}

/** server.cfg's `identity = …` line, as the diagnosis must cite it. */
function identityLine(): string {
	const lines = readFileSync(LAB.serverCfg, 'utf8').split('\n');
	const n = lines.findLastIndex((l) => /^identity\s*=/.test(l)) + 1;
	assert.ok(n > 0, 'the lab server.cfg sets identity');
	return `${LAB.serverCfg}:${n}: identity = ${LAB.identity}`;
}

describe('check --step e2e: a node answering under another identity (real lab)', () => {
	it("expected name is this host's: F15 citing server.cfg's identity line, the ping ended early", async (t) => {
		if (!(await requireLab(t))) return;
		const r = await withLab(() => check('e2e', [], answers(hostname())));
		assert.equal(r.json.diagnosis?.id, 'F15', r.raw);
		const ping = r.json.checks.find((c) => c.id === 'ping-nodes');
		assert.match(
			ping?.evidence ?? '',
			new RegExp(`stopped after \\d+ ms: this host's node answered as ${LAB.identity}`),
			r.raw,
		);
		assert.ok(r.json.diagnosis?.evidence.includes(identityLine()), r.raw);
		assert.ok(r.json.diagnosis?.evidence.includes(`answered but not expected: ${LAB.identity}`), r.raw);
		assert.ok(
			r.json.diagnosis?.fix.some((x) => x.includes(`identity = ${hostname()}|' ${LAB.serverCfg}`)),
			r.raw,
		);
		assertNoSecret(r.raw);
	});

	it('expected name resolving nowhere here: waits the timeout, the identity line a candidate', async (t) => {
		if (!(await requireLab(t))) return;
		const r = await withLab(() => check('e2e', [], answers('node1.example.com')));
		assert.equal(r.json.diagnosis?.id, 'F15', r.raw);
		const ping = r.json.checks.find((c) => c.id === 'ping-nodes');
		assert.match(ping?.evidence ?? '', /waited the full 5000 ms/, r.raw);
		assert.ok(r.json.diagnosis?.evidence.includes(`answered but not expected: ${LAB.identity}`), r.raw);
		assert.ok(
			r.json.diagnosis?.evidence.some(
				(e) => e.startsWith(identityLine()) && e.includes('if node1.example.com is this host'),
			),
			r.raw,
		);
	});

	it('no server.cfg here: the unexpected responder named after the timeout, the command on the node', async (t) => {
		if (!(await requireLab(t))) return;
		const r = await withLab(() => check('e2e', [], answers('node1.example.com', '/nonexistent/server.cfg')));
		assert.equal(r.json.diagnosis?.id, 'F15', r.raw);
		const ping = r.json.checks.find((c) => c.id === 'ping-nodes');
		assert.match(ping?.evidence ?? '', /waited the full 5000 ms/, r.raw);
		assert.ok(r.json.diagnosis?.evidence.includes(`answered but not expected: ${LAB.identity}`), r.raw);
		assert.ok(!r.json.diagnosis?.evidence.some((e) => e.includes('server.cfg:')), r.raw);
		assert.ok(
			r.json.diagnosis?.fix[0]?.startsWith("grep -n '^identity' /nonexistent/server.cfg; hostname -f"),
			r.raw,
		);
	});
});
