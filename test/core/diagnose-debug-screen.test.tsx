import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {Box} from 'ink';
import {KeyHintsFrame} from '../../src/components/KeyHints.js';
import {readContent} from '../../src/content.js';
import {debugLessonFor} from '../../src/core/debug-lesson.js';
import {diagnose, fixContext} from '../../src/core/diagnose.js';
import {onRange} from '../../src/core/practice-fixes.js';
import type {CheckResult, Ingredients, LandmarkReport} from '../../src/core/types.js';
import {type Props as DebugProps, DebugScreen} from '../../src/screens/DebugScreen.js';
import {SEED_INGREDIENTS} from '../fixtures/sample-ingredients.js';
import {DOWN, ESC, UP} from '../helpers/keys.js';
import {renderApp} from '../helpers/render-app.js';

/** The seed's ingredients pointed at the lab broker on this machine. */
const ING: Ingredients = {...SEED_INGREDIENTS, brokerHost: '127.0.0.1', clientHost: 'localhost'};

/** A report as the client ladder produced it for the lab's client-wrong-password fault. */
function wrongPasswordReport(): LandmarkReport {
	const checks: CheckResult[] = [
		{id: 'client-config', ok: true, ms: 3, evidence: '/etc/mcollective/client.cfg: connector activemq'},
		{id: 'dns', ok: true, ms: 0, evidence: '127.0.0.1 → 127.0.0.1'},
		{id: 'tcp', ok: true, ms: 2, evidence: '127.0.0.1:61613 accepts connections (2 ms)'},
		{
			id: 'stomp-login',
			ok: false,
			ms: 31,
			evidence: 'auth-rejected: User name [mcollective] or password is invalid. (31 ms)',
			data: {
				outcome: 'auth-rejected',
				brokerMessage: 'User name [mcollective] or password is invalid.',
				user: 'mcollective',
			},
		},
		{id: 'subscribe', ok: false, ms: 0, evidence: 'not run: an earlier check failed', skipped: true},
	];
	return {
		step: 'client',
		ok: false,
		checks,
		diagnosis: diagnose('client', checks, fixContext(ING), readContent),
	};
}

/** The debug view as the app shows it: its lesson read through readContent, the app's key line below. */
function Framed(props: Omit<DebugProps, 'lesson' | 'words'>) {
	return (
		<Box flexDirection="column">
			<KeyHintsFrame hints={[]} width={80} words={readContent('keys')}>
				<DebugScreen
					{...props}
					lesson={debugLessonFor('F5', readContent)}
					words={readContent('debug-view')}
				/>
			</KeyHintsFrame>
		</Box>
	);
}

describe('DebugScreen', () => {
	it('an undecided silent node: "Not decided from this host", what was not observed, the candidates and the command for the node', async () => {
		const checks: CheckResult[] = [
			{
				id: 'ping-nodes',
				ok: false,
				ms: 5000,
				evidence: 'No responses received; silent: node1.infra.example.com (waited the full 5000 ms)',
				data: {
					replies: [],
					missing: ['node1.infra.example.com'],
					nodeLogReadable: false,
					serverConfigRead: false,
					events: [],
				},
			},
		];
		const report: LandmarkReport = {
			step: 'e2e',
			ok: false,
			checks,
			diagnosis: diagnose('e2e', checks, fixContext(ING), readContent),
		};
		const app = await renderApp(
			<Box flexDirection="column">
				<KeyHintsFrame hints={[]} width={200} words={readContent('keys')}>
					<DebugScreen
						report={report}
						lesson={debugLessonFor('undecided-silent-node', readContent)}
						words={readContent('debug-view')}
						onRetry={() => {}}
						onBack={() => {}}
					/>
				</KeyHintsFrame>
			</Box>,
			{columns: 200, rows: 80},
		);
		const text = app.text();
		assert.match(text, /— Not decided from this host: a node stays silent/);
		assert.match(text, /Not observed here/);
		assert.match(text, /no server\.cfg here/);
		assert.match(text, /Still possible[\s\S]*F13: the node's psk differs/);
		assert.match(text, /Decide on node1\.infra\.example\.com[\s\S]*\$ systemctl status mcollective/);
		assert.doesNotMatch(text, /\bFix\b/);
		app.unmount();
	});

	it("F14 with the node's replies expired at the broker: the cause says the NODE's clock is behind", async () => {
		const checks: CheckResult[] = [
			{
				id: 'ping-nodes',
				ok: false,
				ms: 3000,
				evidence: 'No responses received; silent: node1.infra.example.com',
				data: {
					replies: [],
					missing: ['node1.infra.example.com'],
					nodeLogReadable: false,
					events: [],
					wire: {
						observed: true,
						expiredReplies: 1,
						verdicts: [
							{
								identity: 'node1.infra.example.com',
								id: 'F14',
								candidates: ['F14'],
								clock: 'node-behind',
								because: 'node1.infra.example.com handled our ping, but the broker expired its reply',
							},
						],
					},
				},
			},
		];
		const report: LandmarkReport = {
			step: 'e2e',
			ok: false,
			checks,
			diagnosis: diagnose('e2e', checks, fixContext(ING), readContent),
		};
		const app = await renderApp(
			<DebugScreen
				report={report}
				lesson={debugLessonFor('F14', readContent)}
				words={readContent('debug-view')}
				onRetry={() => {}}
				onBack={() => {}}
			/>,
			{columns: 200, rows: 60},
		);
		const text = app.text();
		assert.match(text, /— F14: Clock skew/);
		assert.match(text, /The node's clock is behind by more than the message TTL/);
		assert.doesNotMatch(text, /client's clock is behind|clock is ahead/);
		app.unmount();
	});

	it('F6 on the practice range: the ACL entries show as lines of the ACL file, never behind a `$`', async () => {
		const checks: CheckResult[] = [
			{
				id: 'subscribe',
				ok: false,
				ms: 3,
				evidence: 'not authorized',
				data: {
					outcome: 'not-authorized',
					destination: '/queue/mcollective.reply',
					brokerMessage: 'User mcollective is not authorized to read from: queue://mcollective.reply',
				},
			},
		];
		const found = diagnose('client', checks, fixContext(ING), readContent);
		assert.equal(found?.id, 'F6');
		const diagnosis = found
			? onRange(found, readContent('practice/fixes'), {acl: '/p/activemq-acl.txt', pid: '4242'})
			: null;
		const app = await renderApp(
			<DebugScreen
				report={{step: 'client', ok: false, checks, diagnosis}}
				lesson={debugLessonFor('F6', readContent)}
				words={readContent('debug-view')}
				onRetry={() => {}}
				onBack={() => {}}
			/>,
			{columns: 200, rows: 60},
		);
		const text = app.text();
		assert.match(text, /\+ queue mcollective\.> read=mcollective write=mcollective/);
		assert.doesNotMatch(text, /\$ (\+ )?(topic|queue) /);
		assert.match(text, /\$ kill -USR1 4242/);
		app.unmount();
	});

	it('F6 on a real host: the authorizationEntry lines are activemq.xml lines, not commands', async () => {
		const checks: CheckResult[] = [
			{
				id: 'subscribe',
				ok: false,
				ms: 3,
				evidence: 'not authorized',
				data: {outcome: 'not-authorized', destination: '/queue/mcollective.reply'},
			},
		];
		const app = await renderApp(
			<DebugScreen
				report={{
					step: 'client',
					ok: false,
					checks,
					diagnosis: diagnose('client', checks, fixContext(ING), readContent),
				}}
				lesson={debugLessonFor('F6', readContent)}
				words={readContent('debug-view')}
				onRetry={() => {}}
				onBack={() => {}}
			/>,
			{columns: 220, rows: 60},
		);
		const text = app.text();
		assert.match(text, /\+ <authorizationEntry queue="mcollective\.>"/);
		assert.doesNotMatch(text, /\$ \S*<authorizationEntry/);
		app.unmount();
	});

	it('no mco program on this host: says so, with the client package, under no catalogue id', async () => {
		const checks: CheckResult[] = [
			{id: 'packages', ok: true, ms: 1, evidence: 'not applicable: no rpm on this host', skipped: true},
			{
				id: 'agent-inventory',
				ok: false,
				ms: 2,
				evidence:
					'the MCollective client program mco could not be started on this host (mco: ENOENT): nothing was sent to any node',
				data: {mcoMissing: true, mco: 'mco'},
			},
		];
		const report: LandmarkReport = {
			step: 'agent',
			ok: false,
			checks,
			diagnosis: diagnose('agent', checks, fixContext(ING), readContent),
		};
		assert.equal(report.diagnosis?.id, undefined);
		const app = await renderApp(
			<DebugScreen
				report={report}
				lesson={debugLessonFor('uncatalogued-mco-missing', readContent)}
				words={readContent('debug-view')}
				onRetry={() => {}}
				onBack={() => {}}
			/>,
			{columns: 200, rows: 60},
		);
		const text = app.text();
		assert.match(text, /— The MCollective client program \(mco\) is not installed on this host/);
		assert.match(text, /\$ apt-get install -y mcollective-client/);
		assert.doesNotMatch(text, /F17|Still possible|Decide on/);
		app.unmount();
	});

	it('shows the cause sentence, the evidence, what was ruled out, the fix and the lesson', async () => {
		const app = await renderApp(
			<Framed report={wrongPasswordReport()} onRetry={() => {}} onBack={() => {}} />,
			{columns: 160, rows: 60},
		);
		const text = app.text();
		assert.match(
			text,
			/Landmark client failed at stomp-login — F5: ActiveMQ rejected the user name or password/,
		);
		assert.match(
			text,
			/The broker refused the login: the user name or password in the config file is not one ActiveMQ knows\./,
		);
		assert.match(
			text,
			/ActiveMQ answered CONNECT with ERROR: User name \[mcollective\] or password is invalid\./,
		);
		assert.match(text, /✔ tcp: 127\.0\.0\.1:61613 accepts connections/);
		assert.match(text, /Fix .*plugin\.activemq\.pool\.1\.password = \$TOPIC_PASSWORD/);
		assert.match(text, /two passwords and one username/);
		assert.ok(!app.frames().some((f) => f.includes('marionette')), 'no secret on screen');
		app.unmount();
	});

	it('r retries, b and Esc go back', async () => {
		let retries = 0;
		let backs = 0;
		const app = await renderApp(
			<Framed report={wrongPasswordReport()} onRetry={() => retries++} onBack={() => backs++} />,
		);
		await app.press('r');
		await app.press('b');
		await app.press(ESC);
		assert.equal(retries, 1);
		assert.equal(backs, 2);
		app.unmount();
	});

	it('scrolls inside the rows it is given, keeping the keys line in view (80x24)', async () => {
		const app = await renderApp(
			// 18 rows of body plus the key line (the app gives the screen what is left above that line).
			<Framed report={wrongPasswordReport()} onRetry={() => {}} onBack={() => {}} height={18} />,
			{columns: 80, rows: 24},
		);
		const lines = () => app.frame().split('\n');
		await app.waitFor(/↑\/↓ scroll \(1–18 of \d+\)/);
		assert.ok(lines().length <= 20, `fits its 20 rows, got ${lines().length}`);
		assert.match(lines().at(-1) ?? '', /r retry from stomp-login · b back to the checks/);
		assert.match(app.frame(), /Landmark client failed at stomp-login/);
		assert.doesNotMatch(app.frame(), /Lesson/, 'the lesson is below the fold at first');
		for (let i = 0; i < 60; i++) await app.press(DOWN);
		assert.match(app.frame(), /Lesson/, 'scrolled to the end');
		assert.doesNotMatch(app.frame(), /Landmark client failed at/, 'the top scrolled away');
		assert.match(lines().at(-1) ?? '', /r retry from stomp-login/, 'keys stay visible');
		await app.press(UP);
		assert.match(app.frame(), /↑\/↓ scroll/);
		app.unmount();
	});

	it('every lesson parses into the parts the screen shows', async () => {
		const {PRODUCED} = await import('../../src/core/catalogue.js');
		for (const e of PRODUCED) {
			const lesson = debugLessonFor(e.id, readContent);
			assert.ok(lesson.cause.length > 20, `${e.id} cause`);
			assert.ok(lesson.lesson.length > 20, `${e.id} lesson`);
			assert.ok(!lesson.cause.includes('`'), `${e.id}: markdown stripped`);
		}
	});
});
