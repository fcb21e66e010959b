/**
 * On the practice range the wizard draws its first frame before the range's nodes have started
 * (src/commands/practice.ts): a landmark's checks wait for the range (PracticeMode.rangeReady)
 * and, when it never gets ready, fail with its words without a single check run against it.
 * The client landmark runs for real against 127.0.0.1 port 1 (nothing listens): loopback only.
 */
import assert from 'node:assert/strict';
import {mkdir, mkdtemp, rm, stat} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {type PracticeMode, prepareWizard} from '../../src/commands/wizard.js';
import {ROLE_IDS} from '../../src/core/types.js';
import {stepFor} from '../../steps/index.js';
import {SEED_INGREDIENTS} from '../fixtures/sample-ingredients.js';

let dir = '';
before(async () => {
	dir = await mkdtemp(join(tmpdir(), 'mco-wizard-ready-'));
});
after(async () => {
	await rm(dir, {recursive: true, force: true});
});

const ingredients = {...SEED_INGREDIENTS, brokerHost: '127.0.0.1', stompPort: 1};

async function practiceWizard(name: string, rangeReady: () => Promise<void>) {
	const range = join(dir, name);
	await mkdir(range, {recursive: true});
	const practice: PracticeMode = {
		dir: range,
		recordPath: join(range, 'practice-record.json'),
		scenario: 'good',
		resumeHint: 'mco-wizard practice',
		rangeReady,
	};
	const props = await prepareWizard(
		{configDir: range, state: join(range, 'progress.ini'), role: [...ROLE_IDS]},
		{
			detect: async () => ({platform: 'plain' as const, reason: 'test host'}),
			facts: async () => ({hostname: 'test-host', addresses: [], files: {}}),
			practice,
		},
	);
	const events: string[] = [];
	const run = () =>
		props.deps.runChecks(stepFor('client'), ingredients, {
			signal: new AbortController().signal,
			confirm: async () => false,
			onProgress: (event) => events.push(event.checkId),
		});
	return {range, run, events};
}

describe('the practice wizard checks a range only once it has started', () => {
	it('a run waits for the range, then checks', async () => {
		let ready = () => {};
		const started = new Promise<void>((resolve) => {
			ready = resolve;
		});
		const {run, events} = await practiceWizard('waits', () => started);
		const report = run();
		await new Promise((resolve) => setTimeout(resolve, 150));
		assert.deepEqual(events, [], 'no check before the range has started');
		ready();
		assert.equal((await report).ok, false, 'nothing listens on port 1');
		assert.ok(events.length > 0, 'the checks ran once it had');
	});

	it('a range that never gets ready: the run fails with its words and no check ran', async () => {
		const words = 'The practice range did not finish starting within 30 s (test)';
		const {range, run, events} = await practiceWizard('never', async () => {
			throw new Error(words);
		});
		await assert.rejects(run(), (error: Error) => error.message === words);
		assert.deepEqual(events, []);
		await assert.rejects(stat(join(range, 'last-runs.json')), {code: 'ENOENT'});
	});
});
