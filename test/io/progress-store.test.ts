import assert from 'node:assert/strict';
import {chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {
	defaultProgressPath,
	emptyProgress,
	loadProgress,
	NotAProgressFile,
	type Progress,
	saveProgress,
	withLandmarkStatus,
} from '../../src/io/progress-store.js';
import {SEED_INGREDIENTS, SEED_SECRETS} from '../fixtures/sample-ingredients.js';

const T1 = new Date('2026-11-25T06:00:00.000Z');
const T2 = new Date('2026-11-25T06:05:00.000Z');

function midway(): Progress {
	let p = withLandmarkStatus(emptyProgress(), 'ingredients', 'passed', T1);
	p = withLandmarkStatus(p, 'client', 'failed', T2);
	p = withLandmarkStatus(p, 'server', 'skipped', T2);
	return {...p, current: 'server', answers: SEED_INGREDIENTS, system: {configDir: '/tmp/cfg'}};
}

describe('progress store', () => {
	let dir: string;
	before(async () => {
		dir = await mkdtemp(join(tmpdir(), 'mco-wizard-progress-'));
	});
	after(async () => {
		await rm(dir, {recursive: true, force: true});
	});

	it('defaultProgressPath: MCO_WIZARD_STATE, then XDG_CONFIG_HOME, then ~/.config', () => {
		assert.equal(defaultProgressPath({MCO_WIZARD_STATE: '/s/p.ini'}, '/home/op'), '/s/p.ini');
		assert.equal(defaultProgressPath({XDG_CONFIG_HOME: '/xdg'}, '/home/op'), '/xdg/mco-wizard/progress.ini');
		assert.equal(defaultProgressPath({}, '/home/op'), '/home/op/.config/mco-wizard/progress.ini');
	});

	it('a missing file is a new start', async () => {
		const loaded = await loadProgress(join(dir, 'none.ini'));
		assert.equal(loaded.state, 'new');
		assert.deepEqual(loaded.progress, emptyProgress());
	});

	it('round-trips with secrets when the user agreed (0600 file)', async () => {
		const path = join(dir, 'with', 'progress.ini');
		const result = await saveProgress(path, midway(), {saveSecrets: true, now: () => T2});
		assert.deepEqual(result, {secretsSaved: true, askSecretsAgain: false});
		assert.equal((await stat(path)).mode & 0o777, 0o600);
		assert.equal((await stat(join(dir, 'with'))).mode & 0o777, 0o700);
		const loaded = await loadProgress(path);
		assert.equal(loaded.state, 'resumed');
		assert.equal(loaded.message, undefined);
		assert.deepEqual(loaded.progress, {
			...midway(),
			secretsSaved: true,
			askSecretsAgain: false,
			updatedAt: T2.toISOString(),
		});
	});

	it('without consent no secret reaches the disk and resume says to ask again', async () => {
		const path = join(dir, 'without.ini');
		const result = await saveProgress(path, midway(), {saveSecrets: false, now: () => T2});
		assert.deepEqual(result, {secretsSaved: false, askSecretsAgain: true});
		const text = await readFile(path, 'utf8');
		for (const secret of SEED_SECRETS) assert.ok(!text.includes(secret), secret);
		const loaded = await loadProgress(path);
		assert.equal(loaded.progress.askSecretsAgain, true);
		assert.equal(loaded.progress.secretsSaved, false);
		assert.equal(loaded.progress.answers.psk, undefined);
		assert.equal(loaded.progress.answers.brokerHost, 'msg1.infra.example.com');
		assert.equal(loaded.progress.current, 'server');
		assert.deepEqual(loaded.progress.landmarks.client, {status: 'failed', at: T2.toISOString()});
		// Saving again before the user retypes them keeps asking.
		await saveProgress(path, loaded.progress, {saveSecrets: false});
		assert.equal((await loadProgress(path)).progress.askSecretsAgain, true);
	});

	it('tightens a secrets file someone loosened', async () => {
		const path = join(dir, 'loose.ini');
		await saveProgress(path, midway(), {saveSecrets: true});
		await chmod(path, 0o644);
		await loadProgress(path);
		assert.equal((await stat(path)).mode & 0o777, 0o600);
	});

	const CORRUPT: Array<[string, string, RegExp]> = [
		['only the header', '[wizard]\n', /unknown format version/],
		['unknown landmark', '[wizard]\nversion = 1\ncurrent = landmark9\n', /unknown landmark 'landmark9'/],
		[
			'bad status',
			'[wizard]\nversion = 1\ncurrent = client\n[landmarks.client]\nstatus = maybe\n',
			/unknown status 'maybe'/,
		],
		[
			'bad time',
			'[wizard]\nversion = 1\ncurrent = client\n[landmarks.client]\nstatus = passed\nat = yesterday\n',
			/bad time/,
		],
		['future version', '[wizard]\nversion = 7\ncurrent = client\n', /version '7'/],
	];
	for (const [name, text, reason] of CORRUPT) {
		it(`a corrupt file (${name}) gives a message, a fresh start and is moved aside`, async () => {
			const sub = await mkdtemp(join(dir, 'corrupt-'));
			const path = join(sub, 'progress.ini');
			await writeFile(path, text);
			const loaded = await loadProgress(path, {now: () => new Date(2026, 10, 25, 7, 1, 2)});
			assert.equal(loaded.state, 'corrupt');
			assert.deepEqual(loaded.progress, emptyProgress());
			assert.match(loaded.message ?? '', reason);
			assert.match(loaded.message ?? '', /starting fresh/);
			assert.equal(loaded.movedTo, `${path}.corrupt-20261125-070102`);
			assert.deepEqual(await readdir(sub), ['progress.ini.corrupt-20261125-070102']);
			assert.equal(await readFile(loaded.movedTo ?? '', 'utf8'), text);
		});
	}

	it('a directory is refused, never moved aside (test/hostile/state-path.test.ts has more)', async () => {
		const path = join(dir, 'isdir.ini');
		await mkdir(path);
		await assert.rejects(loadProgress(path), NotAProgressFile);
		assert.ok((await stat(path)).isDirectory());
	});

	it('drops invalid answers with a message but keeps the rest', async () => {
		const path = join(dir, 'partial.ini');
		await writeFile(
			path,
			'[wizard]\nversion = 1\ncurrent = client\n[answers]\nstompPort = 0\nbrokerHost = msg1\n',
		);
		const loaded = await loadProgress(path);
		assert.equal(loaded.state, 'resumed');
		assert.equal(loaded.progress.answers.brokerHost, 'msg1');
		assert.equal(loaded.progress.answers.stompPort, undefined);
		assert.match(loaded.message ?? '', /answers\.stompPort/);
	});
});
