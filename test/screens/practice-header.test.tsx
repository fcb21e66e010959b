/**
 * A practice scenario starts at landmark 2 (src/commands/practice.ts) with the range's own answers
 * file: the header says landmark 1 is given by the range (a calm note), not "⚠ Not verified yet".
 * The real wizard started at landmark 2 still warns.
 */
import assert from 'node:assert/strict';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {App} from '../../src/app.js';
import {type PracticeMode, prepareWizard} from '../../src/commands/wizard.js';
import {ROLE_IDS} from '../../src/core/types.js';
import {renderApp} from '../helpers/render-app.js';

let dir = '';
let answers = '';
before(async () => {
	dir = await mkdtemp(join(tmpdir(), 'mco-wizard-practice-header-'));
	answers = join(dir, 'answers.ini');
	await writeFile(
		answers,
		[
			'[ingredients]',
			'brokerHost = 127.0.0.1',
			'stompPort = 61613',
			'topicUser = mcollective',
			'topicPassword = TopicPw4Header',
			'adminPassword = AdminPw4Header',
			'psk = Psk4Header',
			'connector = activemq',
			'collectives = mcollective',
			'clientHost = localhost',
			'nodeIdentities = node1.practice.example.com',
			'platform = plain',
			'',
		].join('\n'),
		{mode: 0o600},
	);
});
after(async () => {
	await rm(dir, {recursive: true, force: true});
});

const host = {
	detect: async () => ({platform: 'plain' as const, reason: 'test host'}),
	facts: async () => ({hostname: 'test-host', addresses: [], files: {}}),
};

async function frameAtLandmark2(practice: PracticeMode | undefined, name: string): Promise<string> {
	const options = {
		answers,
		configDir: dir,
		state: join(dir, `${name}.ini`),
		step: 'client' as const,
		role: [...ROLE_IDS],
	};
	const props = await prepareWizard(options, practice ? {...host, practice} : host);
	const s = await renderApp(<App {...props} />);
	const frame = await s.waitFor(/Landmark 2: MCollective client/);
	s.unmount();
	return frame;
}

describe('the practice range gives landmark 1', () => {
	it('a scenario at landmark 2: "given by the practice range", no warning', async () => {
		const frame = await frameAtLandmark2(
			{
				dir,
				recordPath: join(dir, 'practice-record.json'),
				scenario: 'psk-mismatch',
				resumeHint: 'mco-wizard practice --scenario psk-mismatch',
			},
			'practice',
		);
		assert.match(
			frame,
			/^· 1 Ingredients: given by the practice range, as on a host someone else set up\.$/m,
		);
		assert.doesNotMatch(frame, /⚠|Not verified/);
	});

	it('the real wizard at landmark 2 with landmark 1 not walked still warns', async () => {
		const frame = await frameAtLandmark2(undefined, 'real');
		assert.match(frame, /⚠ Not verified yet: 1 Ingredients, 1b ActiveMQ\./);
		assert.doesNotMatch(frame, /practice range/);
	});
});
