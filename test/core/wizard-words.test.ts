/**
 * The wizard's warnings in words: a landmark proven on another host is never "not verified" here;
 * it gets one calm note, once, with the command to check it there.
 */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {readContent} from '../../src/content.js';
import {reduce, resume, type Statuses, type WizardState} from '../../src/core/machine.js';
import type {Role} from '../../src/core/types.js';
import {RANGE_GIVES, warningLines} from '../../src/core/wizard-words.js';
import {LANDMARK_STEPS, PRACTICE_STEPS} from '../../steps/index.js';
import {SEED_INGREDIENTS} from '../fixtures/sample-ingredients.js';

const words = readContent('wizard');
const roleWords = readContent('roles');

const lines = (s: WizardState, roles: Role[]) =>
	warningLines(s.warning, {
		words,
		roleWords,
		steps: LANDMARK_STEPS,
		roles,
		ingredients: SEED_INGREDIENTS,
		hostname: 'broker.infra.example.com',
		answersPath: '/root/answers.ini',
	});

const passed = (...ids: (keyof Statuses)[]): Partial<Statuses> =>
	Object.fromEntries(ids.map((id) => [id, {state: 'passed' as const, at: 1}]));

describe('warnings on a host with roles', () => {
	it('on the OpenShift broker, landmark 4 is not warned about landmark 3: one calm note with the command', () => {
		const s = resume('e2e', passed('ingredients', 'client'));
		const said = lines(s, ['client']);
		assert.deepEqual(said.warnings, [], 'nothing of this host is open');
		assert.equal(said.notes.length, 1);
		assert.match(
			said.notes[0] ?? '',
			/Landmark 3 \(MCollective server\) is proven on the node host, not here/,
		);
		assert.match(said.notes[0] ?? '', /mco-wizard --role node --step server --answers \/root\/answers\.ini/);
		assert.doesNotMatch(said.notes.join(' '), /1b/, '1b was said at landmark 2, not again');
	});

	it('the note is said once: landmark 5 after 4 does not repeat it', () => {
		let s = resume('e2e', passed('ingredients', 'client'));
		s = reduce(s, {type: 'checks-finished', ok: true, at: 2});
		s = reduce(s, {type: 'continue'});
		assert.equal(s.current, 'agent');
		assert.deepEqual(lines(s, ['client']), {warnings: [], notes: []});
	});

	it("this host's open landmarks are still warned about, the other host's are not among them", () => {
		const s = resume('e2e', {...passed('ingredients'), client: {state: 'failed', at: 1}});
		const said = lines(s, ['client']);
		assert.deepEqual(said.warnings, [
			'Not verified yet: 2 Client (failed). Failures here may come from there.',
		]);
		assert.equal(said.notes.length, 1);
	});

	it('on a host that holds every role (or none known) the other landmarks are warned about as before', () => {
		const s = resume('e2e', passed('ingredients', 'client'));
		for (const roles of [[], ['message-broker', 'client', 'node']] as Role[][]) {
			const said = lines(s, roles);
			assert.deepEqual(said.warnings, [
				'Not verified yet: 1b ActiveMQ, 3 Server. Failures here may come from there.',
			]);
			assert.deepEqual(said.notes, []);
		}
	});

	it('a landmark that runs on another host gets no warning: no check runs here', () => {
		const s = resume('server', passed('ingredients'));
		assert.deepEqual(lines(s, ['client']), {warnings: [], notes: []});
	});

	it('on a node, landmark 3 notes the message broker and client landmarks once each', () => {
		const s = resume('server', passed('ingredients'));
		const said = lines(s, ['node']);
		assert.deepEqual(said.warnings, []);
		assert.equal(said.notes.length, 2);
		assert.match(said.notes[0] ?? '', /Landmark 1b .* message broker host/);
		assert.match(said.notes[1] ?? '', /Landmark 2 .* OpenShift broker host.*--role client --step client/);
	});
});

describe('warnings on the practice range: it gives the ingredients', () => {
	const range = (s: WizardState) =>
		warningLines(s.warning, {
			words,
			roleWords,
			steps: PRACTICE_STEPS,
			roles: [],
			ingredients: SEED_INGREDIENTS,
			hostname: 'practice-host',
			given: RANGE_GIVES,
		});
	const GIVEN = '1 Ingredients: given by the practice range, as on a host someone else set up.';

	it('a scenario starting at landmark 2: no warning, one calm note that the range gave landmark 1', () => {
		const s = resume('client', {}, PRACTICE_STEPS);
		assert.deepEqual(s.warning?.kind, 'unverified', 'the machine still knows landmark 1 was not walked');
		assert.deepEqual(range(s), {warnings: [], notes: [GIVEN]});
	});

	it('said once: landmark 3 after a passed landmark 2 says nothing', () => {
		let s = resume('client', {}, PRACTICE_STEPS);
		s = reduce(s, {type: 'checks-finished', ok: true, at: 2}, PRACTICE_STEPS);
		s = reduce(s, {type: 'continue'}, PRACTICE_STEPS);
		assert.equal(s.current, 'server');
		assert.deepEqual(range(s), {warnings: [], notes: []});
	});

	it("the learner's own open landmarks are still warned about, the range's never", () => {
		const s = resume('e2e', {client: {state: 'failed', at: 1}}, PRACTICE_STEPS);
		assert.deepEqual(range(s), {
			warnings: ['Not verified yet: 2 Client (failed), 3 Server. Failures here may come from there.'],
			notes: [],
		});
	});

	it('without the range (the real wizard), landmark 1 not walked is a warning as before', () => {
		const s = resume('client', {}, PRACTICE_STEPS);
		const said = warningLines(s.warning, {
			words,
			roleWords,
			steps: PRACTICE_STEPS,
			roles: [],
			ingredients: SEED_INGREDIENTS,
			hostname: 'h',
		});
		assert.deepEqual(said, {
			warnings: ['Not verified yet: 1 Ingredients. Failures here may come from there.'],
			notes: [],
		});
	});
});
