import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {mkdir, mkdtemp, readFile, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, it} from 'node:test';
import {bundleFor} from '../../src/commands/export.js';
import {kindOf, runLint} from '../../src/commands/lint.js';
import {brokerWants, renderActivemqXml} from '../../src/core/activemq-xml/render.js';
import {encodeBundle} from '../../src/core/bundle.js';
import {renderClientCfg, renderServerCfg} from '../../src/core/mco-config/render.js';
import {fingerprint} from '../../src/core/secrets.js';
import {SEED_INGREDIENTS} from '../fixtures/sample-ingredients.js';

const SECRETS = [SEED_INGREDIENTS.topicPassword, SEED_INGREDIENTS.adminPassword, SEED_INGREDIENTS.psk];

type Json = {
	ok: boolean;
	findings: {file: string; line?: number; id: string; severity: string; message: string; fix?: string}[];
};

async function host(): Promise<{dir: string; client: string; server: string; xml: string}> {
	const dir = await mkdtemp(join(tmpdir(), 'mco-lint-'));
	const client = join(dir, 'client.cfg');
	const server = join(dir, 'server.cfg');
	const xml = join(dir, 'activemq.xml');
	await writeFile(client, renderClientCfg(SEED_INGREDIENTS));
	await writeFile(server, renderServerCfg(SEED_INGREDIENTS));
	await writeFile(xml, renderActivemqXml(undefined, brokerWants(SEED_INGREDIENTS)).text);
	return {dir, client, server, xml};
}

async function lint(files: string[], opts = {}): Promise<{code: number; json: Json; text: string}> {
	let text = '';
	const code = await runLint(
		files,
		{json: true, ...opts},
		(t) => (text += t),
		(t) => (text += t),
	);
	return {code, json: code === 2 ? ({ok: false, findings: []} as Json) : (JSON.parse(text) as Json), text};
}

const noSecret = (text: string) => {
	for (const s of SECRETS) assert.ok(!text.includes(s), 'a secret was printed');
};

describe('mco-wizard lint', () => {
	it('the files the wizard renders lint clean together: exit 0', async () => {
		const h = await host();
		const r = await lint([h.client, h.server, h.xml]);
		assert.equal(r.code, 0, r.text);
		assert.deepEqual(
			r.json.findings.filter((f) => f.severity !== 'info'),
			[],
		);
	});

	it('the F6 trap in activemq.xml is an error with file, line, id, fix: exit 1', async () => {
		const h = await host();
		const text = await readFile(h.xml, 'utf8');
		await writeFile(
			h.xml,
			text.replace(
				'<authorizationEntry queue="mcollective.>" read="mcollective" write="mcollective" admin="mcollective"/>',
				'',
			),
		);
		const r = await lint([h.client, h.xml]);
		assert.equal(r.code, 1);
		const f = r.json.findings.find((x) => x.id === 'amq-authz-queue');
		assert.ok(f);
		assert.equal(f.file, h.xml);
		assert.equal(f.severity, 'error');
		assert.ok(typeof f.line === 'number' && f.line > 0);
		assert.match(f.fix ?? '', /queue="mcollective\.>"/);
	});

	it("a password in activemq.xml that is not client.cfg's: named by fingerprints, never shown", async () => {
		const h = await host();
		const text = await readFile(h.xml, 'utf8');
		await writeFile(
			h.xml,
			text.replace(`password="${SEED_INGREDIENTS.topicPassword}"`, 'password="Else&quot;where"'),
		);
		const r = await lint([h.client, h.xml]);
		assert.equal(r.code, 1);
		const f = r.json.findings.find((x) => x.id === 'amq-user-password');
		assert.ok(f);
		assert.ok(
			f.message.includes(fingerprint('Else"where')) &&
				f.message.includes(fingerprint(SEED_INGREDIENTS.topicPassword)),
		);
		noSecret(r.text);
		assert.ok(!r.text.includes('Else'));
	});

	it('a plugin.d file that overrides the password: a warning at its line, values as fingerprints', async () => {
		const h = await host();
		await mkdir(join(h.dir, 'plugin.d'));
		await writeFile(
			join(h.dir, 'plugin.d', 'activemq.cfg'),
			'# override\npool.1.password = Other1\nnot a setting\n',
		);
		const r = await lint([h.client, h.xml]);
		const over = r.json.findings.find((x) => x.id === 'plugin-d-overrides');
		assert.ok(over);
		assert.equal(over.file, join(h.dir, 'plugin.d', 'activemq.cfg'));
		assert.equal(over.line, 2);
		assert.ok(r.json.findings.some((x) => x.id === 'plugin-d-ignored-line' && x.line === 3));
		// the effective password (plugin.d's) is what activemq.xml is compared with
		assert.ok(r.json.findings.some((x) => x.id === 'amq-user-password'));
		noSecret(r.text);
		assert.ok(!r.text.includes('Other1'));
	});

	it("--answers BUNDLE: a secret that is not the bundle's is named by both fingerprints", async () => {
		const h = await host();
		const bundle = join(h.dir, 'b.bundle');
		await writeFile(bundle, encodeBundle(bundleFor({...SEED_INGREDIENTS, psk: 'AnotherPsk1'})));
		const r = await lint([h.server], {answers: bundle});
		assert.equal(r.code, 1);
		const f = r.json.findings.find((x) => x.id === 'bundle-secret-mismatch');
		assert.ok(f);
		assert.match(
			f.message,
			new RegExp(
				`server.cfg plugin.psk sha256:${fingerprint(SEED_INGREDIENTS.psk)} ≠ bundle's sha256:${fingerprint('AnotherPsk1')}`,
			),
		);
		noSecret(r.text);
	});

	it('usage errors exit 2: unreadable file, a file it cannot place, two of a kind', async () => {
		const h = await host();
		assert.equal((await lint([join(h.dir, 'missing.cfg')])).code, 2);
		await writeFile(join(h.dir, 'notes.txt'), 'hello\n');
		assert.equal((await lint([join(h.dir, 'notes.txt')])).code, 2);
		assert.equal((await lint([h.xml, h.xml])).code, 2);
	});

	it('tells files apart by name, then by content', () => {
		assert.equal(kindOf('/x/activemq.xml', ''), 'activemq');
		assert.equal(kindOf('/x/a.conf', '<?xml version="1.0"?><beans/>'), 'activemq');
		assert.equal(kindOf('/x/a.cfg', 'daemonize = 1\n'), 'server');
		assert.equal(kindOf('/x/a.cfg', 'connector = activemq\n'), 'client');
	});

	it('through the real CLI: an unknown option exits 2', () => {
		const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.tsx', 'lint', '--bogus'], {
			encoding: 'utf8',
		});
		assert.equal(r.status, 2, r.stderr);
	});
});
