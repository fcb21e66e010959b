import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {readContent} from '../../src/content.js';
import {
	currentScreen,
	freshStatuses,
	reduce,
	resume,
	retryStart,
	type WizardEvent,
	type WizardState,
	whereToResume,
} from '../../src/core/machine.js';
import {warningLines} from '../../src/core/wizard-words.js';
import {LANDMARK_STEPS, PRACTICE_STEPS} from '../../steps/index.js';

const run = (state: WizardState, ...events: WizardEvent[]) => events.reduce((s, e) => reduce(s, e), state);

/** The warning as a single-host wizard words it (content/wizard.md). */
const said = (s: WizardState, steps = LANDMARK_STEPS) =>
	warningLines(s.warning, {
		words: readContent('wizard'),
		roleWords: readContent('roles'),
		steps,
		roles: [],
		ingredients: {},
		hostname: 'h',
	}).warnings.join('\n');

describe('wizard state machine', () => {
	it('walks the ingredients landmark screen by screen, then moves to the client', () => {
		let s = resume();
		assert.equal(currentScreen(s), 'ingredients-form');
		s = reduce(s, {type: 'screen-done', at: 1000});
		assert.equal(s.current, 'ingredients');
		assert.equal(currentScreen(s), 'write-config');
		assert.equal(s.statuses.ingredients.state, 'not-started');
		s = reduce(s, {type: 'screen-done', at: 2000});
		// the message broker host's landmark comes next: its activemq.xml is written first
		assert.equal(s.current, 'activemq');
		assert.deepEqual(s.statuses.ingredients, {state: 'passed', at: 2000});
		assert.equal(currentScreen(s), 'write-config');
		s = run(s, {type: 'screen-done', at: 2500});
		assert.equal(currentScreen(s), 'checks');
		s = run(s, {type: 'checks-finished', ok: true, at: 3000}, {type: 'continue'});
		assert.equal(s.current, 'client');
		assert.equal(currentScreen(s), 'checks');
		assert.equal(s.warning, null);
	});

	it('marks a landmark passed when its work is proven, and a dry run moves on unverified', () => {
		let s = reduce(resume(), {type: 'screen-done', at: 1000});
		s = reduce(s, {type: 'landmark-passed', at: 1500});
		assert.equal(s.current, 'ingredients', 'it stays on the screen');
		assert.deepEqual(s.statuses.ingredients, {state: 'passed', at: 1500});
		const moved = reduce(s, {type: 'screen-done', at: 2000});
		assert.equal(moved.current, 'activemq');
		assert.deepEqual(moved.statuses.ingredients, {state: 'passed', at: 1500}, 'keeps when it was proven');
		const dry = run(
			resume(),
			{type: 'screen-done', at: 1000},
			{type: 'screen-done', at: 2000, verified: false},
		);
		assert.equal(dry.current, 'activemq');
		assert.equal(dry.statuses.ingredients.state, 'not-started');
	});

	it('records a check result with its time and only continues from a passed landmark', () => {
		let s = resume('client', {ingredients: {state: 'passed', at: 1}});
		s = reduce(s, {type: 'checks-finished', ok: false, at: 5000});
		assert.deepEqual(s.statuses.client, {state: 'failed', at: 5000});
		assert.equal(reduce(s, {type: 'continue'}).current, 'client', 'a failed landmark does not move on');
		s = run(s, {type: 'retry'}, {type: 'checks-finished', ok: true, at: 6000});
		assert.equal(s.attempt, 1);
		assert.deepEqual(s.statuses.client, {state: 'passed', at: 6000});
		s = reduce(s, {type: 'continue'});
		assert.equal(s.current, 'server');
		assert.equal(s.attempt, 0, 'a new landmark starts with no run');
	});

	it('Retry after a failure starts where the diagnosis rule in steps/debug says, a plain retry at the top', () => {
		let s = resume('server', {ingredients: {state: 'passed', at: 1}, client: {state: 'passed', at: 2}});
		s = run(s, {type: 'retry'}, {type: 'checks-finished', ok: false, at: 3});
		assert.equal(s.retryFrom, null, 'the first run walks the whole ladder');
		// F10 after a declined restart: the daemon-process rung failed, Retry offers the restart again.
		s = reduce(s, {type: 'retry', after: {failedCheck: 'daemon-process', diagnosis: 'F10'}});
		assert.equal(s.retryFrom, 'service-start');
		assert.equal(s.attempt, 2);
		// Declined again: the same rule applies every time, not only once.
		s = reduce(s, {type: 'retry', after: {failedCheck: 'daemon-process', diagnosis: 'F10'}});
		assert.equal(s.retryFrom, 'service-start');
		// A lint finding (F2 rule: failed rung) retries that rung.
		s = reduce(s, {type: 'retry', after: {failedCheck: 'server-lint', diagnosis: 'F2'}});
		assert.equal(s.retryFrom, 'server-lint');
		s = reduce(s, {type: 'retry'});
		assert.equal(s.retryFrom, null);
	});

	it("a rule naming a rung not on this landmark's ladder falls back to the failed rung", () => {
		const client = LANDMARK_STEPS.find((x) => x.id === 'client');
		assert.ok(client);
		assert.equal(retryStart(client, {failedCheck: 'tcp', diagnosis: 'F10'}), 'tcp');
		assert.equal(retryStart(client, {failedCheck: 'tcp'}), 'tcp', 'no diagnosis: the failed rung');
		const s = reduce(resume('client'), {type: 'retry', after: {failedCheck: 'stomp-login', diagnosis: 'F5'}});
		assert.equal(s.retryFrom, 'stomp-login');
		assert.equal(
			reduce(s, {type: 'continue'}).retryFrom,
			'stomp-login',
			'continue from a failed landmark is a no-op',
		);
		assert.equal(
			reduce(s, {type: 'goto', landmark: 'server'}).retryFrom,
			null,
			'a new landmark starts at the top',
		);
	});

	it('follows onPass from steps/ to the end', () => {
		let s = resume('client');
		for (const step of LANDMARK_STEPS.slice(2)) {
			assert.equal(s.current, step.id);
			s = run(s, {type: 'checks-finished', ok: true, at: 1}, {type: 'continue'});
		}
		assert.equal(s.current, 'done');
		assert.equal(currentScreen(s), 'done');
	});

	it('asks before skipping and marks the landmark skipped with a warning downstream', () => {
		let s = resume('client', {ingredients: {state: 'passed', at: 1}, activemq: {state: 'passed', at: 1}});
		s = reduce(s, {type: 'skip', at: 10});
		assert.equal(s.pendingSkip, true);
		assert.match(said(s), /Skip landmark 2/);
		assert.equal(s.current, 'client');
		const cancelled = reduce(s, {type: 'cancel'});
		assert.equal(cancelled.pendingSkip, false);
		assert.equal(cancelled.warning, null);
		assert.equal(cancelled.current, 'client');
		s = reduce(s, {type: 'skip', at: 20});
		assert.equal(s.current, 'server');
		assert.deepEqual(s.statuses.client, {state: 'skipped', at: 20});
		assert.match(said(s), /Not verified yet: 2 Client \(skipped\)\. Failures here may come from there\./);
	});

	it('any other event cancels a pending skip instead of skipping later', () => {
		let s = run(resume('server'), {type: 'skip', at: 1}, {type: 'toggle-map'});
		assert.equal(s.pendingSkip, false);
		s = reduce(s, {type: 'skip', at: 2});
		assert.equal(s.current, 'server', 'the first skip after a cancel only asks again');
	});

	it('goes back screen by screen, then landmark by landmark, and closes the map first', () => {
		let s = run(resume(), {type: 'screen-done', at: 1});
		s = reduce(s, {type: 'back'});
		assert.equal(currentScreen(s), 'ingredients-form');
		assert.equal(reduce(s, {type: 'back'}).current, 'ingredients', 'nothing before the first landmark');
		s = resume('e2e');
		s = reduce(s, {type: 'toggle-map'});
		s = reduce(s, {type: 'back'});
		assert.equal(s.mapOpen, false);
		assert.equal(s.current, 'e2e');
		s = reduce(s, {type: 'back'});
		assert.equal(s.current, 'server');
		assert.equal(reduce(resume('done'), {type: 'back'}).current, 'agent');
	});

	it('goto from the map jumps and warns about unverified landmarks before it', () => {
		let s = run(resume(), {type: 'toggle-map'}, {type: 'goto', landmark: 'e2e'});
		assert.equal(s.current, 'e2e');
		assert.equal(s.mapOpen, false);
		assert.match(said(s), /Not verified yet: 1 Ingredients, 1b ActiveMQ, 2 Client, 3 Server\./);
		s = resume('server', {
			ingredients: {state: 'passed', at: 1},
			activemq: {state: 'passed', at: 1},
			client: {state: 'passed', at: 2},
		});
		assert.equal(s.warning, null);
	});

	it('quit freezes the state (the app saves, then exits)', () => {
		const s = run(resume('client'), {type: 'toggle-map'}, {type: 'quit'});
		assert.equal(s.quitting, true);
		assert.equal(s.mapOpen, false);
		assert.equal(reduce(s, {type: 'goto', landmark: 'agent'}), s);
	});

	it('resumes at the first landmark that is neither passed nor skipped', () => {
		assert.equal(whereToResume({}), 'ingredients');
		assert.equal(
			whereToResume({
				ingredients: {state: 'passed', at: 1},
				activemq: {state: 'passed', at: 1},
				client: {state: 'skipped', at: 2},
				server: {state: 'failed', at: 3},
			}),
			'server',
		);
		const all = Object.fromEntries(
			Object.keys(freshStatuses()).map((id) => [id, {state: 'passed' as const, at: 1}]),
		);
		assert.equal(whereToResume(all), 'done');
	});
});

describe('the practice range walks PRACTICE_STEPS (no message broker landmark)', () => {
	it('from the ingredients straight to the client landmark; the map and resume never name activemq', () => {
		assert.ok(!PRACTICE_STEPS.some((s) => s.id === 'activemq'));
		assert.ok(
			LANDMARK_STEPS.some((s) => s.id === 'activemq'),
			'a real run still has it',
		);
		const ingredientsScreens = LANDMARK_STEPS[0]?.screens.length ?? 0;
		let state = resume('ingredients', undefined, PRACTICE_STEPS);
		for (let i = 0; i < ingredientsScreens; i++) {
			state = reduce(state, {type: 'screen-done', at: 1}, PRACTICE_STEPS);
		}
		assert.equal(state.current, 'client');
		assert.equal(state.warning, null, 'no "not verified: 1b" warning for a landmark the range does not have');
		// and with every step: the message broker landmark comes next
		let real = resume('ingredients');
		for (let i = 0; i < ingredientsScreens; i++) real = reduce(real, {type: 'screen-done', at: 1});
		assert.equal(real.current, 'activemq');
		assert.equal(said(resume('client', undefined, PRACTICE_STEPS), PRACTICE_STEPS).includes('1b'), false);
	});
});
