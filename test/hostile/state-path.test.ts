import assert from 'node:assert/strict';
import {mkdir, mkdtemp, readdir, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {prepareWizard} from '../../src/commands/wizard.js';
import {loadProgress, NotAProgressFile} from '../../src/io/progress-store.js';

describe('--state never moves what is not a progress file', () => {
	let dir: string;
	before(async () => {
		dir = await mkdtemp(join(tmpdir(), 'mco-wizard-state-'));
	});
	after(async () => {
		await rm(dir, {recursive: true, force: true});
	});

	it('refuses a directory (e.g. --state /etc/mcollective) and leaves it where it is', async () => {
		const config = join(dir, 'mcollective');
		await mkdir(config);
		await writeFile(join(config, 'client.cfg'), 'plugin.psk = x\n');
		await assert.rejects(
			loadProgress(config),
			(e: unknown) => e instanceof NotAProgressFile && /directory/.test(e.message),
		);
		assert.deepEqual(await readdir(dir), ['mcollective']);
		assert.deepEqual(await readdir(config), ['client.cfg']);
	});

	it("refuses a user's file that is not a progress file and leaves it untouched", async () => {
		const notes = join(dir, 'notes.txt');
		await writeFile(notes, 'my notes\n\u0000\u0001 binary too\n');
		await assert.rejects(loadProgress(notes), NotAProgressFile);
		assert.equal(await readFile(notes, 'utf8'), 'my notes\n\u0000\u0001 binary too\n');
		assert.ok(!(await readdir(dir)).some((n) => n.includes('.corrupt-')));
	});

	it('the wizard stops with one clear message instead of writing its progress there', async () => {
		const cfg = join(dir, 'server.cfg');
		await writeFile(cfg, 'main_collective = mcollective\n');
		await assert.rejects(
			prepareWizard({state: cfg}, {detect: async () => ({platform: 'debian'}) as never}),
			/is not a mco-wizard progress file/,
		);
		assert.equal(await readFile(cfg, 'utf8'), 'main_collective = mcollective\n');
	});
});
