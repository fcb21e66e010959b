import assert from 'node:assert/strict';
import {copyFile, mkdtemp, readdir, readFile, stat, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, it} from 'node:test';
import {runBroker} from '../../src/commands/broker.js';
import {parseActivemqXml} from '../../src/core/activemq-xml/parse.js';
import {brokerWants} from '../../src/core/activemq-xml/render.js';
import {applyActivemqXml, planActivemqXml} from '../../src/io/activemq-file.js';
import {stringifyAnswers} from '../../src/io/answers-file.js';
import {SEED_INGREDIENTS} from '../fixtures/sample-ingredients.js';

const STOCK = new URL('../fixtures/activemq/debian-main-activemq.xml', import.meta.url);
const SECRETS = [SEED_INGREDIENTS.topicPassword, SEED_INGREDIENTS.adminPassword];

async function stockCopy(): Promise<{dir: string; path: string}> {
	const dir = await mkdtemp(join(tmpdir(), 'mco-amqfile-'));
	const path = join(dir, 'activemq.xml');
	await copyFile(STOCK, path);
	return {dir, path};
}

describe('writing activemq.xml', () => {
	it("plans a redacted diff of Debian's stock file, then writes it 0600 with a backup of the original", async () => {
		const {dir, path} = await stockCopy();
		const original = await readFile(path, 'utf8');
		const planned = await planActivemqXml(path, brokerWants(SEED_INGREDIENTS));
		assert.ok(planned.plan.changed);
		for (const s of SECRETS) assert.ok(!planned.plan.diff.includes(s), 'a password in the diff');
		assert.match(planned.plan.diff, /password="<secret sha256:[0-9a-f]{8}>"/);
		const r = await applyActivemqXml(planned);
		assert.equal(r.written, true);
		assert.equal((await stat(path)).mode & 0o777, 0o600);
		assert.ok(r.backupPath);
		assert.equal(await readFile(r.backupPath, 'utf8'), original);
		assert.equal((await stat(r.backupPath)).mode & 0o777, 0o600);
		assert.equal(parseActivemqXml(await readFile(path, 'utf8')).users.length, 2);
		// written again from the same answers: nothing to do, nothing rewritten
		const again = await planActivemqXml(path, brokerWants(SEED_INGREDIENTS));
		assert.equal(again.plan.changed, false);
		assert.equal((await readdir(dir)).length, 2);
	});

	it('a changed password shows as a changed fingerprint, neither password in clear', async () => {
		const {path} = await stockCopy();
		await applyActivemqXml(await planActivemqXml(path, brokerWants(SEED_INGREDIENTS)));
		const planned = await planActivemqXml(
			path,
			brokerWants({...SEED_INGREDIENTS, topicPassword: 'NewPassw0rd'}),
		);
		assert.ok(!planned.plan.diff.includes('NewPassw0rd'));
		for (const s of SECRETS) assert.ok(!planned.plan.diff.includes(s));
		assert.deepEqual(planned.changes, ['user mcollective: password set']);
	});

	it('`mco-wizard broker --write` through the command: diff, write, no secret printed, exit 0', async () => {
		const {dir, path} = await stockCopy();
		const answers = join(dir, 'answers.ini');
		await writeFile(answers, stringifyAnswers(SEED_INGREDIENTS, {}, {includeSecrets: true}), {mode: 0o600});
		let text = '';
		const code = await runBroker(
			{answers, activemqXml: path, bind: '0.0.0.0', write: true, timeout: 5},
			(t) => (text += t),
			(t) => (text += t),
		);
		assert.equal(code, 0, text);
		assert.match(text, /Wrote .*activemq\.xml \(mode 600\), backup /);
		for (const s of SECRETS) assert.ok(!text.includes(s));
		assert.deepEqual(
			parseActivemqXml(await readFile(path, 'utf8')).stomp.map((s) => s.uri),
			['stomp+nio://0.0.0.0:61613'],
		);
	});
});
