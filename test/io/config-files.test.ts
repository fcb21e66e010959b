import assert from 'node:assert/strict';
import {
	chmod,
	lstat,
	mkdir,
	mkdtemp,
	readdir,
	readFile,
	rm,
	stat,
	symlink,
	writeFile,
} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {renderClientCfg} from '../../src/core/mco-config/render.js';
import {applyConfigWrite, backupName, planConfigWrite} from '../../src/io/config-files.js';
import {SEED_INGREDIENTS, SEED_SECRETS} from '../fixtures/sample-ingredients.js';

const NOW = new Date(2026, 0, 25, 14, 30, 5);
const modeOf = async (path: string) => (await stat(path)).mode & 0o777;
const content = renderClientCfg(SEED_INGREDIENTS);

describe('planConfigWrite / applyConfigWrite', () => {
	let dir: string;
	before(async () => {
		dir = await mkdtemp(join(tmpdir(), 'mco-wizard-cfg-'));
	});
	after(async () => {
		await rm(dir, {recursive: true, force: true});
	});

	it('backupName is <file>.bak-YYYYMMDD-HHMMSS in local time', () => {
		assert.equal(
			backupName('/etc/mcollective/client.cfg', NOW),
			'/etc/mcollective/client.cfg.bak-20260125-143005',
		);
	});

	it('creates a new file (and its directory) with mode 0600 and no backup', async () => {
		const path = join(dir, 'new', 'client.cfg');
		const plan = await planConfigWrite(path, content, {secrets: SEED_SECRETS});
		assert.equal(plan.exists, false);
		assert.equal(plan.changed, true);
		assert.match(plan.diff, /^--- \/dev\/null/m);
		for (const s of SEED_SECRETS) assert.ok(!plan.diff.includes(s));
		const result = await applyConfigWrite(plan, {secret: true, now: () => NOW});
		assert.deepEqual(result, {written: true, mode: 0o600, dryRun: false});
		assert.equal(await readFile(path, 'utf8'), content);
		assert.equal(await modeOf(path), 0o600);
		assert.deepEqual(await readdir(join(dir, 'new')), ['client.cfg']); // no temp file left
	});

	it('dry run writes nothing and says where the backup would go', async () => {
		const path = join(dir, 'dry', 'client.cfg');
		await mkdir(join(dir, 'dry'));
		await writeFile(path, 'old = 1\n', {mode: 0o644});
		const plan = await planConfigWrite(path, content);
		const result = await applyConfigWrite(plan, {dryRun: true, secret: true, now: () => NOW});
		assert.equal(result.written, false);
		assert.equal(result.dryRun, true);
		assert.equal(result.backupPath, `${path}.bak-20260125-143005`);
		assert.equal(await readFile(path, 'utf8'), 'old = 1\n');
		assert.equal(await modeOf(path), 0o644);
		assert.deepEqual(await readdir(join(dir, 'dry')), ['client.cfg']);
	});

	it('backs up the old file (0600 when secret), then replaces it atomically with 0600', async () => {
		const path = join(dir, 'replace.cfg');
		await writeFile(path, 'plugin.psk = oldsecret\n');
		await chmod(path, 0o644);
		const plan = await planConfigWrite(path, content, {secrets: SEED_SECRETS});
		assert.ok(!plan.diff.includes('oldsecret'));
		assert.match(plan.diff, /^-plugin\.psk = <secret sha256:/m);
		const result = await applyConfigWrite(plan, {secret: true, now: () => NOW});
		assert.equal(result.backupPath, `${path}.bak-20260125-143005`);
		assert.equal(await readFile(result.backupPath ?? '', 'utf8'), 'plugin.psk = oldsecret\n');
		assert.equal(await modeOf(result.backupPath ?? ''), 0o600);
		assert.equal(await readFile(path, 'utf8'), content);
		assert.equal(await modeOf(path), 0o600);
	});

	it('never overwrites an earlier backup from the same second', async () => {
		const path = join(dir, 'twice.cfg');
		await writeFile(path, 'a = 1\n');
		const first = await applyConfigWrite(await planConfigWrite(path, 'a = 2\n'), {now: () => NOW});
		const second = await applyConfigWrite(await planConfigWrite(path, 'a = 3\n'), {now: () => NOW});
		assert.equal(first.backupPath, `${path}.bak-20260125-143005`);
		assert.equal(second.backupPath, `${path}.bak-20260125-143005-1`);
		assert.equal(await readFile(first.backupPath ?? '', 'utf8'), 'a = 1\n');
		assert.equal(await readFile(second.backupPath ?? '', 'utf8'), 'a = 2\n');
	});

	it('preserves the mode of a file without secrets', async () => {
		const path = join(dir, 'plain.cfg');
		await writeFile(path, 'a = 1\n');
		await chmod(path, 0o640);
		const result = await applyConfigWrite(await planConfigWrite(path, 'a = 2\n'), {now: () => NOW});
		assert.equal(result.mode, 0o640);
		assert.equal(await modeOf(path), 0o640);
		assert.equal(await modeOf(result.backupPath ?? ''), 0o640);
	});

	it('does not rewrite an unchanged file, but tightens a secret file left 0644', async () => {
		const path = join(dir, 'same.cfg');
		await writeFile(path, content);
		await chmod(path, 0o644);
		const before = (await stat(path)).mtimeMs;
		const plan = await planConfigWrite(path, content);
		assert.equal(plan.changed, false);
		assert.equal(plan.diff, '');
		const result = await applyConfigWrite(plan, {secret: true, now: () => NOW});
		assert.equal(result.written, false);
		assert.equal(result.modeFixed, true);
		assert.equal(result.backupPath, undefined);
		assert.equal(await modeOf(path), 0o600);
		assert.equal((await stat(path)).mtimeMs, before);
		assert.ok(!(await readdir(dir)).some((n) => n.startsWith('same.cfg.bak')));
	});

	it('refuses to write over a file edited after the diff was shown', async () => {
		const path = join(dir, 'race.cfg');
		await writeFile(path, 'a = 1\n');
		const plan = await planConfigWrite(path, 'a = 2\n');
		await writeFile(path, 'a = edited\n');
		await assert.rejects(applyConfigWrite(plan), /changed since the diff/);
		assert.equal(await readFile(path, 'utf8'), 'a = edited\n');
	});

	it('writes through a symlink to its target (keeps the link, F2)', async () => {
		const real = join(dir, 'real.cfg');
		const link = join(dir, 'link.cfg');
		await writeFile(real, 'a = 1\n');
		await symlink(real, link);
		const plan = await planConfigWrite(link, 'a = 2\n');
		assert.equal(plan.target, real);
		await applyConfigWrite(plan, {secret: true, now: () => NOW});
		assert.equal(await readFile(real, 'utf8'), 'a = 2\n');
		assert.ok((await lstat(link)).isSymbolicLink());
	});
});
