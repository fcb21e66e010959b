/**
 * Landmarks here and on another host: the header names this host's role, the map marks the
 * others, a landmark of another host shows the command to run there and runs no check here, and
 * the role question picks the App's role.
 */
import assert from 'node:assert/strict';
import {afterEach, describe, it} from 'node:test';
import type {HostRoles} from '../../src/app.js';
import {type PreparedWizard, WizardRoot} from '../../src/commands/wizard.js';
import {resume} from '../../src/core/machine.js';
import type {Role} from '../../src/core/types.js';
import {SEED_INGREDIENTS} from '../fixtures/sample-ingredients.js';
import {DOWN, ENTER} from '../helpers/keys.js';
import {type Rendered, renderApp} from '../helpers/render-app.js';
import {fakeDeps} from './fake-deps.js';
import {wizardAt} from './wizard-at.js';

let screen: Rendered | undefined;
afterEach(() => screen?.unmount());

const BROKER: HostRoles = {
	hostname: 'broker.infra.example.com',
	roles: ['client'],
	answersPath: '/root/answers.ini',
};

/** A runChecks that counts calls: a landmark on another host must never call it. */
function countingDeps() {
	const calls: string[] = [];
	const deps = fakeDeps({
		runChecks: (step) => {
			calls.push(step.id);
			return new Promise(() => undefined);
		},
	});
	return {deps, calls};
}

describe('roles in the wizard', () => {
	it('at 80×24 the header names the role; server is on another host, with the command and what to carry', async () => {
		const {deps, calls} = countingDeps();
		screen = await renderApp(wizardAt(deps, 'server', BROKER), {columns: 80, rows: 24});
		const frame = screen.frame();
		const header = frame.split('\n')[0] ?? '';
		assert.match(header, /⇢ 3 Server/);
		assert.match(header, /mco client$/);
		assert.ok(header.length <= 80);
		assert.match(screen.text(), /Landmark 3 \(MCollective server\) runs on the node/);
		assert.match(screen.text(), /On node1\.infra\.example\.com(, node2[^ ]*)? run:/);
		assert.match(screen.text(), /mco-wizard --role node --step server --answers \/root\/answers\.ini/);
		assert.match(screen.text(), /Carry there: the answers file \/root\/answers\.ini/);
		assert.match(screen.text(), /Type again there: Topic password, MCollective psk secret/);
		assert.match(frame, /Enter next landmark/);
		assert.deepEqual(calls, [], 'no check ran for a landmark of another host');
		await screen.press(ENTER);
		await screen.waitFor(/Landmark 4: End to end/);
	});

	it('on the OpenShift broker, landmark 4 does not call landmark 3 unverified here: one calm note with the command', async () => {
		const {deps} = countingDeps();
		screen = await renderApp(wizardAt(deps, 'e2e', BROKER), {columns: 80, rows: 24});
		const text = screen.text();
		assert.match(text, /⚠ Not verified yet: 2 Client\. Failures here may come from there\./);
		assert.doesNotMatch(text, /Not verified yet:[^.]*3 Server/, 'landmark 3 belongs to the node host');
		assert.match(text, /Landmark 3 \(MCollective server\) is proven on the node host, not here/);
		assert.match(text, /mco-wizard --role node --step server --answers \/root\/answers\.ini/);
		assert.equal(text.match(/is proven on/g)?.length, 1, 'said once');
		assert.match(screen.frame(), /Landmark 4: End to end/);
	});

	it('the answers file holds the secrets: carried with it, nothing typed again there (never shown)', async () => {
		const {deps} = countingDeps();
		const host = {...BROKER, answersSecrets: ['topicPassword', 'adminPassword', 'psk']};
		screen = await renderApp(wizardAt(deps, 'server', host), {columns: 80, rows: 24});
		const text = screen.text();
		assert.match(
			text,
			/Carry there: the answers file \/root\/answers\.ini\. It holds Topic password, MCollective psk\s+secret too, so nothing is typed again there/,
		);
		assert.doesNotMatch(text, /Type again there/);
		for (const secret of [SEED_INGREDIENTS.topicPassword, SEED_INGREDIENTS.psk])
			assert.ok(!screen.frames().some((f) => f.includes(secret)), 'a secret was on screen');
	});

	it('the answers file holds some secrets: only the others are typed again there', async () => {
		const {deps} = countingDeps();
		screen = await renderApp(wizardAt(deps, 'server', {...BROKER, answersSecrets: ['topicPassword']}), {
			columns: 80,
			rows: 24,
		});
		assert.match(screen.text(), /\(it holds Topic password\)\. Type again there: MCollective psk secret\./);
	});

	it('on the OpenShift broker the message broker landmark (1b) writes nothing: it is on another host', async () => {
		const planned: string[] = [];
		const {deps, calls} = countingDeps();
		const withPlans = {
			...deps,
			planConfigs: async (...args: Parameters<typeof deps.planConfigs>) => {
				planned.push(args[1]?.id ?? '?');
				return deps.planConfigs(...args);
			},
		};
		screen = await renderApp(wizardAt(withPlans, 'activemq', BROKER), {columns: 80, rows: 24});
		assert.match(screen.text(), /Landmark 1b \(Message broker\) runs on the message broker/);
		assert.doesNotMatch(screen.text(), /Write the configuration|activemq\.xml: \+/);
		assert.deepEqual(planned, [], 'no activemq.xml planned on the OpenShift broker');
		assert.deepEqual(calls, []);
		await screen.press(ENTER);
		await screen.waitFor(/Landmark 2: MCollective client/);
	});

	it('wide: the header says which host; the map marks landmarks on another host', async () => {
		const {deps} = countingDeps();
		screen = await renderApp(wizardAt(deps, 'client', BROKER), {columns: 160, rows: 30});
		assert.match(screen.frame().split('\n')[0] ?? '', /on broker\.infra\.example\.com · OpenShift broker/);
		await screen.press('m');
		assert.match(screen.frame(), /3 MCollective server\s+⇢ on another host/);
		assert.match(screen.frame(), /4 End to end\s+not started/);
	});

	it('on a node the client landmarks are elsewhere and server runs here', async () => {
		const {deps, calls} = countingDeps();
		const node: HostRoles = {hostname: 'node1.infra.example.com', roles: ['node']};
		screen = await renderApp(wizardAt(deps, 'client', node), {columns: 80, rows: 24});
		assert.match(screen.text(), /Landmark 2 \(MCollective client\) runs on the OpenShift broker/);
		assert.match(screen.text(), /mco-wizard --role client --step client --answers answers\.ini/);
		await screen.press(ENTER);
		await screen.waitFor(/Landmark 3/);
		await screen.press(ENTER);
		await screen.waitFor(() => calls.length > 0);
		assert.deepEqual(calls, ['server']);
	});

	it('without a host every landmark is here (as before)', async () => {
		const {deps, calls} = countingDeps();
		screen = await renderApp(wizardAt(deps, 'server'), {columns: 80, rows: 24});
		assert.doesNotMatch(screen.frame(), /on another host|⇢/);
		await screen.press(ENTER);
		await screen.waitFor(() => calls.length > 0);
		assert.deepEqual(calls, ['server']);
	});

	it('the role question: the guess preselected, a choice opens the App for that role', async () => {
		const {deps} = countingDeps();
		const chosen: (readonly Role[])[] = [];
		const prepared: PreparedWizard = {
			hostname: 'mystery.example.com',
			decision: {
				roles: ['client'],
				source: 'detected',
				certain: false,
				evidence: [
					{
						role: 'client',
						source: 'file',
						seen: {section: 'seen-file', values: {path: '/etc/mcollective/client.cfg'}},
					},
				],
			},
			forRoles: async (roles) => {
				chosen.push(roles);
				return {
					// the fake plans plain files; the real ones carry their write plan too
					deps: deps as unknown as Awaited<ReturnType<PreparedWizard['forRoles']>>['deps'],
					initial: resume('ingredients'),
					ingredients: SEED_INGREDIENTS,
					saveSecrets: true,
					dryRun: false,
					progressPath: '/tmp/progress.ini',
					host: {hostname: 'mystery.example.com', roles},
				};
			},
		};
		screen = await renderApp(<WizardRoot prepared={prepared} />, {columns: 80, rows: 24});
		const frame = screen.frame();
		assert.match(frame, /mystery\.example\.com: Which host is this\?/);
		assert.match(frame, /❯ OpenShift broker: the MCollective client/);
		assert.match(frame, /OpenShift broker\? \/etc\/mcollective\/client\.cfg exists/);
		await screen.press(DOWN, ENTER);
		await screen.waitFor(/Landmark 1: Ingredients/);
		assert.deepEqual(chosen, [['node']]);
		assert.match(screen.frame().split('\n')[0] ?? '', /node$/);
	});
});
