/** Progress per role: one file, a section per role; a file from before roles is still read. */
import assert from 'node:assert/strict';
import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {emptyProgress, loadProgress, saveProgress, withLandmarkStatus} from '../../src/io/progress-store.js';

let dir = '';
before(async () => {
	dir = await mkdtemp(join(tmpdir(), 'mco-wizard-progress-roles-'));
});
after(() => rm(dir, {recursive: true, force: true}));

const at = new Date('2026-12-01T12:00:00Z');

describe('progress per role', () => {
	it('the OpenShift broker and a node keep their own landmarks in one file', async () => {
		const path = join(dir, 'shared.ini');
		const asClient = await loadProgress(path, {roleKey: 'client'});
		const client = {
			...withLandmarkStatus(asClient.progress, 'e2e', 'passed', at),
			current: 'agent' as const,
			roleKey: 'client',
		};
		await saveProgress(path, client, {saveSecrets: false, now: () => at});
		const asNode = await loadProgress(path, {roleKey: 'node'});
		assert.equal(asNode.progress.landmarks.e2e.status, 'not-started', 'the node starts fresh');
		const node = {
			...withLandmarkStatus(asNode.progress, 'server', 'failed', at),
			current: 'server' as const,
			roleKey: 'node',
		};
		await saveProgress(path, node, {saveSecrets: false, now: () => at});

		const again = await loadProgress(path, {roleKey: 'client'});
		assert.equal(again.progress.current, 'agent');
		assert.equal(again.progress.landmarks.e2e.status, 'passed');
		assert.equal(again.progress.landmarks.server.status, 'not-started');
		const nodeAgain = await loadProgress(path, {roleKey: 'node'});
		assert.equal(nodeAgain.progress.current, 'server');
		assert.equal(nodeAgain.progress.landmarks.server.status, 'failed');
		assert.match(await readFile(path, 'utf8'), /\[roles\.client\]/);
	});

	it('an old file without role sections is read for whichever role comes first', async () => {
		const path = join(dir, 'old.ini');
		const old = withLandmarkStatus({...emptyProgress(), current: 'client'}, 'ingredients', 'passed', at);
		await saveProgress(path, old, {saveSecrets: false, now: () => at});
		assert.doesNotMatch(await readFile(path, 'utf8'), /\[roles/);
		const loaded = await loadProgress(path, {roleKey: 'node'});
		assert.equal(loaded.state, 'resumed');
		assert.equal(loaded.progress.current, 'client');
		assert.equal(loaded.progress.landmarks.ingredients.status, 'passed');
	});

	it('a damaged role section is a damaged file (moved aside, fresh start)', async () => {
		const path = join(dir, 'bad.ini');
		await writeFile(path, '[wizard]\nversion = 1\ncurrent = client\n[roles.node]\ncurrent = nowhere\n');
		const loaded = await loadProgress(path, {roleKey: 'node', now: () => at});
		assert.equal(loaded.state, 'corrupt');
		assert.match(loaded.message ?? '', /unknown landmark 'nowhere'/);
	});
});
