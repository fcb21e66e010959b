import assert from 'node:assert/strict';
import {mkdtemp, readdir, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {applyConfigWrite, KEEP_BACKUPS, planConfigWrite, writeFileAtomic} from '../../src/io/config-files.js';

// Above Linux's largest pid_max (2^22): no process can have it.
const DEAD_PID = 4_194_305;

describe('no leftovers: stale temp files and unbounded backups', () => {
	let dir: string;
	before(async () => {
		dir = await mkdtemp(join(tmpdir(), 'mco-wizard-leftovers-'));
	});
	after(async () => {
		await rm(dir, {recursive: true, force: true});
	});

	it('the next write removes temp files a killed run left (they may hold secrets)', async () => {
		const target = join(dir, 'client.cfg');
		await writeFile(join(dir, `.client.cfg.tmp-${DEAD_PID}-deadbeef`), 'plugin.psk = leaked\n', {
			mode: 0o600,
		});
		// a live writer's temp file (our parent) is not ours to remove
		await writeFile(join(dir, `.client.cfg.tmp-${process.ppid}-0badf00d`), 'in flight', {mode: 0o600});
		await writeFile(join(dir, '.other.cfg.tmp-1-00000000'), 'not this file', {mode: 0o600});
		await writeFileAtomic(target, 'x = 1\n', 0o600);
		const names = (await readdir(dir)).sort();
		assert.deepEqual(names, [
			`.client.cfg.tmp-${process.ppid}-0badf00d`,
			'.other.cfg.tmp-1-00000000',
			'client.cfg',
		]);
	});

	it(`keeps only the last ${KEEP_BACKUPS} backups per file`, async () => {
		const sub = await mkdtemp(join(dir, 'bak-'));
		const target = join(sub, 'server.cfg');
		await writeFile(target, 'v = 0\n');
		await writeFile(join(sub, 'client.cfg.bak-20200101-000000'), 'another file’s backup');
		for (let i = 1; i <= KEEP_BACKUPS + 5; i++) {
			const plan = await planConfigWrite(target, `v = ${i}\n`);
			await applyConfigWrite(plan, {now: () => new Date(2026, 0, 1, 0, 0, i)});
		}
		const backups = (await readdir(sub)).filter((n) => n.startsWith('server.cfg.bak-')).sort();
		assert.equal(backups.length, KEEP_BACKUPS);
		assert.equal(backups[0], 'server.cfg.bak-20260101-000006', 'the oldest ones went');
		assert.ok((await readdir(sub)).includes('client.cfg.bak-20200101-000000'));
	});
});
