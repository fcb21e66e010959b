import assert from 'node:assert/strict';
import {afterEach, describe, it} from 'node:test';
import {Text, useInput} from 'ink';
import {App, type AppDeps} from '../../src/app.js';
import {resume} from '../../src/core/machine.js';
import type {CheckResult, LandmarkReport} from '../../src/core/types.js';
import type {DebugViewProps} from '../../src/screens/LandmarkScreen.js';
import {SEED_INGREDIENTS} from '../fixtures/sample-ingredients.js';
import {ENTER, ESC} from '../helpers/keys.js';
import {type Rendered, renderApp} from '../helpers/render-app.js';
import {fakeDeps} from './fake-deps.js';

let screen: Rendered | undefined;
afterEach(() => screen?.unmount());

const passedBefore = {ingredients: {state: 'passed' as const, at: Date.parse('2026-11-25T09:00:00Z')}};
const ok = (id: string, evidence: string): CheckResult => ({id, ok: true, ms: 12, evidence});

/** A runChecks whose progress and outcome the test drives step by step. */
function scriptedRun() {
	let finish: (report: LandmarkReport) => void = () => undefined;
	const calls: {
		from: string | undefined;
		progress: (e: {checkId: string; phase: 'start' | 'done'; result?: CheckResult}) => void;
		confirm: (c: string) => Promise<boolean>;
	}[] = [];
	const runChecks: NonNullable<AppDeps['runChecks']> = (_step, _ingredients, options) => {
		calls.push({from: options.from, progress: options.onProgress, confirm: options.confirm});
		return new Promise((resolve) => {
			finish = resolve;
		});
	};
	return {runChecks, calls, finish: (report: LandmarkReport) => finish(report)};
}

async function renderAt(landmark: 'client' | 'server', deps: AppDeps) {
	screen = await renderApp(
		<App
			deps={deps}
			initial={resume(landmark, passedBefore)}
			ingredients={SEED_INGREDIENTS}
			saveSecrets={false}
			dryRun={false}
			progressPath="/tmp/p.ini"
		/>,
	);
	return screen;
}

/** Stands in for src/screens/DebugScreen.tsx: the same props, its own r/b keys. */
function FakeDebugView({report, onRetry, onBack}: DebugViewProps) {
	useInput((input) => {
		if (input === 'r') onRetry();
		if (input === 'b') onBack();
	});
	return <Text>DEBUG {report.diagnosis?.id} r retry b back</Text>;
}

describe('LandmarkScreen (in the app)', () => {
	it('lists the checks from steps/, runs them with a spinner and elapsed time, and continues on pass', async () => {
		const run = scriptedRun();
		const deps = fakeDeps({runChecks: run.runChecks});
		const s = await renderAt('client', deps);
		for (const id of [
			'client-config',
			'client-lint',
			'dns',
			'tcp',
			'stomp-login',
			'subscribe',
			'ping-empty',
		]) {
			assert.match(s.frame(), new RegExp(`· .*${id}`), `${id} listed before the run`);
		}
		assert.match(s.frame(), /Enter runs the checks\./);
		await s.press(ENTER);
		assert.equal(run.calls.length, 1);
		run.calls[0]?.progress({checkId: 'client-config', phase: 'start'});
		deps.clock += 1500;
		await s.waitFor(/client-config 1\.5 s/);
		run.calls[0]?.progress({
			checkId: 'client-config',
			phase: 'done',
			result: ok('client-config', 'client.cfg: activemq, 1 pool host'),
		});
		await s.waitFor(/✓ .*client-config 12 ms/);
		assert.match(s.frame(), /↳ client\.cfg: activemq, 1 pool host/);
		run.finish({
			step: 'client',
			ok: true,
			diagnosis: null,
			checks: ['client-config', 'client-lint', 'dns', 'tcp', 'stomp-login', 'subscribe', 'ping-empty'].map(
				(id) => ok(id, `${id} fine`),
			),
		});
		await s.waitFor('Landmark 2 verified');
		assert.match(s.frame(), /▶✓ 2 Client/);
		await s.waitFor(() => deps.saved.at(-1)?.statuses.client.state === 'passed');
		await s.press('m');
		assert.match(s.frame(), /Progress map/);
		await s.press(ESC);
		assert.match(s.text(), /Landmark 2 verified/, 'the run survives the map');
		assert.equal(run.calls.length, 1, 'closing the map did not run the checks again');
		assert.equal(deps.saved.at(-1)?.statuses.client.at, deps.clock);
		await s.press(ENTER);
		assert.match(s.text(), /Landmark 3: MCollective server/);
		assert.equal(deps.saved.at(-1)?.position, 'server');
	});

	it('on failure shows the debug view, whose Retry runs the checks again', async () => {
		const run = scriptedRun();
		const deps = fakeDeps({runChecks: run.runChecks, DebugView: FakeDebugView});
		const s = await renderAt('client', deps);
		await s.press(ENTER);
		run.finish({
			step: 'client',
			ok: false,
			checks: [
				ok('client-config', 'fine'),
				{id: 'tcp', ok: false, ms: 3, evidence: 'connection refused by 127.0.0.1:61613'},
			],
			diagnosis: {
				id: 'F3',
				evidence: ['ECONNREFUSED'],
				fix: ['systemctl start activemq'],
			},
		});
		await s.waitFor('DEBUG F3');
		assert.match(s.frame(), /▶✗ 2 Client/);
		await s.press('b');
		assert.match(s.frame(), /✗ .*tcp/, 'back shows the check list with the failing rung');
		assert.match(s.frame(), /↳ connection refused by 127\.0\.0\.1:61613/);
		assert.match(s.frame(), /▶✗ 2 Client/, "the debug view's back is not the wizard's back");
		await s.press('d');
		await s.waitFor('DEBUG F3');
		await s.press('r');
		assert.equal(run.calls.length, 2, 'retry from the debug view ran the checks once more');
		assert.equal(run.calls[1]?.from, 'tcp', 'from the failed rung, not from the top');
		assert.match(s.frame(), /✓ .*client-config/, 'earlier rungs keep their result');
	});

	it('without a debug view prints the diagnosis and its fix', async () => {
		const run = scriptedRun();
		const s = await renderAt('client', fakeDeps({runChecks: run.runChecks}));
		await s.press(ENTER);
		run.finish({
			step: 'client',
			ok: false,
			checks: [
				{
					id: 'stomp-login',
					ok: false,
					ms: 3,
					evidence: 'ERROR frame: User name [mcollective] or password is invalid.',
				},
			],
			diagnosis: {
				id: 'F7',
				evidence: [],
				fix: ['compare plugin.activemq.pool.1.password with activemq.xml'],
			},
		});
		// The title is the heading of content/debug/F7.md, the one place it is written.
		await s.waitFor('F7 TLS mismatch between client and STOMP port');
		assert.match(s.frame(), /→ compare plugin\.activemq\.pool\.1\.password with activemq\.xml/);
		await s.press('r');
		await s.waitFor('Checking');
	});

	it('asks before a check runs a command and passes the answer on', async () => {
		const run = scriptedRun();
		const s = await renderAt('server', fakeDeps({runChecks: run.runChecks}));
		await s.press(ENTER);
		const answer = run.calls[0]?.confirm('systemctl restart mcollective');
		await s.waitFor('Run systemctl restart mcollective now? y/n');
		await s.press('y');
		assert.equal(await answer, true);
	});

	it('after declining the restart for F10, Retry offers the restart again (the rule in steps/debug)', async () => {
		const run = scriptedRun();
		const s = await renderAt('server', fakeDeps({runChecks: run.runChecks, DebugView: FakeDebugView}));
		await s.press(ENTER);
		const first = run.calls[0]?.confirm('systemctl restart mcollective');
		await s.waitFor('Run systemctl restart mcollective now? y/n');
		await s.press('n');
		assert.equal(await first, false);
		run.finish({
			step: 'server',
			ok: false,
			checks: [
				ok('server-lint', 'fine'),
				{...ok('service-start', 'not restarted (not confirmed)'), skipped: true},
				{id: 'daemon-process', ok: false, ms: 4, evidence: 'no mcollectived process'},
				{id: 'node-log', ok: false, ms: 0, evidence: 'not run', skipped: true},
			],
			diagnosis: {id: 'F10', evidence: ['no mcollectived process'], fix: ['systemctl restart mcollective']},
		});
		await s.waitFor('DEBUG F10');
		await s.press('r');
		assert.equal(run.calls.length, 2);
		assert.equal(run.calls[1]?.from, 'service-start', 'not daemon-process: the restart comes first');
		assert.match(s.frame(), /✓ .*server-lint/, 'the rung before the restart keeps its result');
		const again = run.calls[1]?.confirm('systemctl restart mcollective');
		await s.waitFor('Run systemctl restart mcollective now? y/n');
		await s.press('y');
		assert.equal(await again, true);
	});

	it('on a wide terminal puts the checks left and the lesson right, long evidence cut, nothing overlapping', async () => {
		const run = scriptedRun();
		const deps = fakeDeps({runChecks: run.runChecks});
		screen = await renderApp(
			<App
				deps={deps}
				initial={resume('client', passedBefore)}
				ingredients={SEED_INGREDIENTS}
				saveSecrets
				dryRun={false}
				progressPath="/tmp/p.ini"
			/>,
			{columns: 140, rows: 40},
		);
		const s = screen;
		await s.press(ENTER);
		run.finish({
			step: 'client',
			ok: true,
			diagnosis: null,
			checks: ['client-config', 'client-lint', 'dns', 'tcp', 'stomp-login', 'subscribe', 'ping-empty'].map(
				(id) => ok(id, `${id} evidence ${'x'.repeat(150)}`),
			),
		});
		await s.waitFor('Landmark 2 verified');
		const lines = s.frame().split('\n');
		assert.ok(
			lines.every((l) => l.length <= 140),
			'no line wider than the terminal',
		);
		const first = lines.find((l) => l.includes('client-config 12 ms')) ?? '';
		assert.match(
			first,
			/^✓\s+client\.cfg is readable and complete\s+client-config 12 ms\s+Landmark 2: MCollective client$/,
		);
		const evidence = lines.find((l) => l.includes('client-config evidence')) ?? '';
		assert.match(
			evidence,
			/^ {3}↳ client-config evidence x+…\s+The OpenShift broker host runs the MCollective/,
		);
	});
});
