import assert from 'node:assert/strict';
import {existsSync, readFileSync} from 'node:fs';
import {describe, it} from 'node:test';
import {readContent} from '../../src/content.js';
import {CATALOGUE, PRODUCED, packageForLibrary} from '../../src/core/catalogue.js';
import {stillPossibleWhys} from '../../src/core/debug-lesson.js';
import {diagnose as diagnoseWith, type FixContext, fixContext} from '../../src/core/diagnose.js';
import {classifyMcoLog, sinceLastStart} from '../../src/core/log-classify.js';
import type {CheckResult, Diagnosis, LandmarkId} from '../../src/core/types.js';
import {DEBUG_STEPS} from '../../steps/debug/index.js';
import {SEED_INGREDIENTS} from '../fixtures/sample-ingredients.js';

/** The diagnosis with the words content/ holds, as the checks call it. */
const diagnose = (step: LandmarkId, checks: readonly CheckResult[], f: FixContext) =>
	diagnoseWith(step, checks, f, readContent);

const ING = SEED_INGREDIENTS;
const plain = fixContext(ING);
const scl = fixContext({...ING, platform: 'scl'});
const fixture = (name: string) => readFileSync(new URL(`../fixtures/logs/${name}`, import.meta.url), 'utf8');
const ok = (id: string): CheckResult => ({id, ok: true, ms: 1, evidence: 'fine'});
const bad = (id: string, data: Record<string, unknown>, evidence = 'failed'): CheckResult => ({
	id,
	ok: false,
	ms: 1,
	evidence,
	data,
});
const logEvents = (name: string) => sinceLastStart(classifyMcoLog(fixture(name)));
const all = (d: Diagnosis | null) => JSON.stringify(d);

describe('diagnose: client landmark (L1) from probe evidence', () => {
	it('nothing failed → null', () => {
		assert.equal(diagnose('client', [ok('dns'), ok('tcp')], plain), null);
	});

	it('refused and timed out are both F1 but say different things', () => {
		const refused = diagnose(
			'client',
			[ok('dns'), bad('tcp', {outcome: 'refused', code: 'ECONNREFUSED'})],
			plain,
		);
		const timeout = diagnose(
			'client',
			[ok('dns'), bad('tcp', {outcome: 'timeout', code: 'ETIMEDOUT'})],
			plain,
		);
		assert.equal(refused?.id, 'F1');
		assert.equal(timeout?.id, 'F1');
		assert.match(refused?.evidence[0] ?? '', /refused \(ECONNREFUSED\)/);
		assert.match(timeout?.evidence[0] ?? '', /timed out/);
		assert.ok(refused?.fix.includes('systemctl restart activemq'));
		assert.ok(
			diagnose('client', [bad('tcp', {outcome: 'refused'})], scl)?.fix.includes('service activemq restart'),
		);
	});

	it('unresolvable → F3 with resolver checks', () => {
		const d = diagnose(
			'client',
			[ok('client-config'), bad('dns', {outcome: 'unresolvable', code: 'ENOTFOUND'})],
			plain,
		);
		assert.equal(d?.id, 'F3');
		assert.ok(d?.distinguishing?.some((c) => c.startsWith('getent hosts msg1.infra.example.com')));
	});

	it("credentials → F5 with the broker's own words and no password", () => {
		const d = diagnose(
			'client',
			[
				bad('stomp-login', {
					outcome: 'auth-rejected',
					brokerMessage: 'User name [mcollective] or password is invalid.',
				}),
			],
			plain,
		);
		assert.equal(d?.id, 'F5');
		assert.match(d?.evidence[0] ?? '', /User name \[mcollective\] or password is invalid/);
		assert.ok(!all(d).includes('marionette'));
		assert.ok(d?.fix.some((l) => l.includes('plugin.activemq.pool.1.password = $TOPIC_PASSWORD')));
	});

	it("the seed's duplicated user line: the broker saw the password as user → F5, password fingerprinted", () => {
		const d = diagnose(
			'client',
			[
				bad('stomp-login', {
					outcome: 'auth-rejected',
					brokerMessage: 'User name [marionette] or password is invalid.',
				}),
			],
			plain,
		);
		assert.equal(d?.id, 'F5');
		assert.ok(!all(d).includes('marionette'), 'the password never appears in clear');
		assert.match(all(d), /PASSWORD as the user name/);
		assert.match(all(d), /<secret sha256:[0-9a-f]{8}>/);
	});

	it('not authorized → F6 naming the destination; TLS → F7', () => {
		const d = diagnose(
			'client',
			[
				bad('subscribe', {
					outcome: 'not-authorized',
					destination: '/topic/mcollective.discovery.agent',
					brokerMessage:
						'User mcollective is not authorized to read from: topic://mcollective.discovery.agent',
				}),
			],
			plain,
		);
		assert.equal(d?.id, 'F6');
		assert.match(d?.evidence[0] ?? '', /mcollective\.discovery\.agent/);
		assert.equal(
			diagnose(
				'client',
				[bad('stomp-login', {outcome: 'tls-error', code: 'ERR_SSL_WRONG_VERSION_NUMBER'})],
				plain,
			)?.id,
			'F7',
		);
	});

	it("a collective of the client's own refused: F6 for that collective where the nodes use it, else undecided F6/F12 (no server.cfg here)", () => {
		const refused = (data: Record<string, unknown> = {}) =>
			bad('subscribe', {
				outcome: 'not-authorized',
				destination: '/queue/openshift.reply.host_1.1',
				brokerMessage: 'User mcollective is not authorized to read from: queue://openshift.reply.host_1.1',
				...data,
			});
		// client-only host: the nodes' collectives unknown, so not a verdict
		const here = diagnose('client', [refused()], plain);
		assert.equal(here?.id, undefined, all(here));
		assert.equal(here?.undecided, 'undecided-collective-refused');
		assert.deepEqual(
			here?.candidates?.map((c) => c.id),
			['F6', 'F12'],
		);
		assert.equal(here?.decide?.host, ING.nodeIdentities[0]);
		assert.match(here?.decide?.command ?? '', /main_collective\|collectives/);
		assert.match(here?.evidence.join('\n') ?? '', /client collective "openshift"/);
		// the nodes use openshift too (server.cfg read): the broker's entries lack it, and the fix names it
		const same = diagnose('client', [refused({serverCollectives: ['openshift']})], plain);
		assert.equal(same?.id, 'F6');
		assert.match(same?.fix.join('\n') ?? '', /topic="openshift\.>"/);
		assert.match(same?.fix.join('\n') ?? '', /queue="openshift\.>"/);
		assert.doesNotMatch(same?.fix.join('\n') ?? '', /topic="mcollective\.>"/);
		// the nodes use mcollective: the client's collective is the mistake
		assert.equal(diagnose('client', [refused({serverCollectives: ['mcollective']})], plain)?.id, 'F12');
	});

	it('ping-empty failing after a good login → F6; with a failed probe → that probe’s entry', () => {
		assert.equal(diagnose('client', [bad('ping-empty', {})], plain)?.id, 'F6');
		assert.equal(diagnose('client', [bad('ping-empty', {probe: {outcome: 'refused'}})], plain)?.id, 'F1');
	});

	it('missing client.cfg → F26; two live candidates that disagree → F2', () => {
		assert.equal(diagnose('client', [bad('client-config', {exists: false})], plain)?.id, 'F26');
		const d = diagnose(
			'client',
			[
				bad('client-config', {
					exists: true,
					path: '/root/.mcollective',
					differs: ['plugin.activemq.pool.1.host'],
				}),
			],
			plain,
		);
		assert.equal(d?.id, 'F2');
	});

	it('lint findings map by rule: stomp connector → F29, duplicate user → F5, psk → F13', () => {
		const lint = (rule: string, message: string) =>
			diagnose(
				'client',
				[bad('client-lint', {findings: [{rule, severity: 'error', line: 12, message}]})],
				plain,
			)?.id;
		assert.equal(
			lint('legacy-connector', "'connector = stomp' (the seed's) was removed in MCollective 2.3"),
			'F29',
		);
		assert.equal(
			lint('duplicate-key', "'plugin.stomp.user' is set twice (lines 3, 4) and there is no password"),
			'F5',
		);
		assert.equal(lint('missing-password', 'no plugin.activemq.pool.1.password'), 'F5');
		assert.equal(
			lint(
				'inline-comment',
				"A '#' after the value is not a comment: the text from '#' on is part of the psk",
			),
			'F13',
		);
		assert.equal(
			lint(
				'inline-comment',
				"MCollective uses '127.0.0.1 # b' for 'plugin.activemq.pool.1.host', not '127.0.0.1'.",
			),
			'F3',
		);
		assert.equal(lint('reconnect-forever', 'retries forever'), 'F4');
	});
});

describe('diagnose: server landmark (L2) from the node log', () => {
	// connected since its last start, then the broker restarted and the node has not reconnected yet
	const lostLog = [
		"I, [2026-11-25T06:40:11.384379+00:00  #7116]  INFO -- : config.rb:171:in `loadconfig' The Marionette Collective version 2.12.5 started by /usr/sbin/mcollectived using config file /etc/mcollective/server.cfg",
		"I, [2026-11-25T06:40:11.386132+00:00  #7116]  INFO -- : activemq.rb:114:in `on_connecting' TCP Connection attempt 0 to stomp://mcollective@127.0.0.1:61613",
		"I, [2026-11-25T06:40:11.396132+00:00  #7116]  INFO -- : activemq.rb:119:in `on_connected' Connected to stomp://mcollective@127.0.0.1:61613",
		...[0, 1, 2, 3].map(
			(n) =>
				`I, [2026-11-25T06:45:1${n}.386872+00:00  #7116]  INFO -- : activemq.rb:129:in \`on_connectfail' TCP Connection to stomp://mcollective@127.0.0.1:61613 failed on attempt ${n}`,
		),
		'',
	].join('\n');
	const lost = (data: Record<string, unknown>) =>
		diagnose(
			'server',
			[
				ok('server-lint'),
				ok('service-start'),
				ok('daemon-process'),
				bad('node-log', {
					events: sinceLastStart(classifyMcoLog(lostLog)),
					broker: '127.0.0.1:61613',
					...data,
				}),
			],
			plain,
		);

	it('a node that lost its broker and the broker does not accept from the node host → F1, start ActiveMQ, not F9', () => {
		const d = lost({brokerAccepts: false});
		assert.equal(d?.id, 'F1');
		assert.match(d?.cause ?? '', /was connected, then lost the broker at 127\.0\.0\.1:61613/);
		assert.match(d?.cause ?? '', /attempt 4/);
		assert.match(d?.cause ?? '', /Start ActiveMQ/);
		assert.ok(d?.fix.includes(plain.brokerRestart), 'start the broker');
		assert.doesNotMatch(all(d), /never connects/);
	});

	it('a node that lost its broker while the broker accepts again: undecided, wait and Retry, never "never connects"', () => {
		const d = lost({brokerAccepts: true});
		assert.equal(d?.id, undefined);
		assert.equal(d?.undecided, 'undecided-node-reconnecting');
		assert.match(
			d?.cause ?? '',
			/still reconnecting \(attempt 4\), and the broker accepts connections again/,
		);
		assert.match(d?.cause ?? '', /then Retry/);
		assert.doesNotMatch(all(d), /never connects/);
		assert.deepEqual(
			d?.candidates?.map((c) => c.id),
			['F1', 'F9'],
		);
	});

	it('a node that lost its broker, broker not probed: says so, no claim about the broker', () => {
		const d = lost({});
		assert.equal(d?.undecided, 'undecided-node-reconnecting');
		assert.match(d?.cause ?? '', /was not seen from this host/);
	});

	it('connect attempts only → F9', () => {
		const d = diagnose(
			'server',
			[
				ok('server-lint'),
				ok('service-start'),
				ok('daemon-process'),
				bad('node-log', {events: logEvents('mco-2.12-broker-down-inline-comment.log')}),
			],
			plain,
		);
		assert.equal(d?.id, 'F9');
		assert.match(
			d?.evidence.join('\n') ?? '',
			/TCP Connection to stomp:\/\/mcollective@127\.0\.0\.1:61699 failed on attempt/,
		);
	});

	it('2.2 spelling of the same → F9', () => {
		assert.equal(
			diagnose('server', [bad('node-log', {events: logEvents('seed-2.2-connect-fail.log')})], plain)?.id,
			'F9',
		);
	});

	it('Connected then Broken pipe / EOF → F11 (2.2 and 2.12)', () => {
		assert.equal(
			diagnose('server', [bad('node-log', {events: logEvents('seed-2.2-broken-pipe.log')})], plain)?.id,
			'F11',
		);
		const auth = classifyMcoLog(fixture('mco-2.12-restart-auth-then-agent-broken.log')).slice(0, 12);
		const d = diagnose('server', [bad('node-log', {events: auth})], plain);
		assert.equal(d?.id, 'F11');
		assert.ok(d?.fix.includes('systemctl restart mcollective'));
	});

	it('missing stomp connector in the log → F29', () => {
		const evs = classifyMcoLog(fixture('mco-2.12-node-rejects-reconstructed.log')).filter(
			(e) => e.kind === 'connector-missing',
		);
		assert.equal(diagnose('server', [bad('node-log', {events: evs})], plain)?.id, 'F29');
	});

	it('no daemon → F10 with the platform restart', () => {
		const d = diagnose('server', [bad('daemon-process', {running: false})], scl);
		assert.equal(d?.id, 'F10');
		assert.ok(d?.fix.includes('service ruby193-mcollective restart'));
		assert.equal(
			diagnose('server', [bad('service-start', {exitCode: 1, stderr: 'Job failed'})], plain)?.id,
			'F10',
		);
	});

	it('daemon started with another config → F2', () => {
		assert.equal(
			diagnose('server', [bad('daemon-process', {running: true, configArg: '/tmp/other.cfg'})], plain)?.id,
			'F2',
		);
	});

	it('[system] overrides are used in the fix', () => {
		const lab = fixContext(ING, {
			serviceRestart: 'bash lab/lab.sh restart-server',
			nodeLog: '/var/lib/lab/mcollective.log',
		});
		const d = diagnose('server', [bad('daemon-process', {running: false})], lab);
		assert.ok(d?.fix.includes('bash lab/lab.sh restart-server'));
		assert.ok(d?.fix.some((l) => l.includes('/var/lib/lab/mcollective.log')));
	});
});

describe('diagnose: the three "No responses received" (L3) told apart', () => {
	const rejects = classifyMcoLog(fixture('mco-2.12-node-rejects-reconstructed.log'));
	const silent = (data: Record<string, unknown>) =>
		diagnose(
			'e2e',
			[bad('ping-nodes', {replies: [], missing: ['node1.infra.example.com'], ...data}, 'no responses')],
			plain,
		);

	it('invalid signature in the node log → F13', () => {
		const d = silent({events: rejects.filter((e) => e.kind === 'invalid-signature')});
		assert.equal(d?.id, 'F13');
		assert.ok(d?.distinguishing?.some((c) => c.includes('invalid signature')));
		assert.ok(!all(d).includes('mcsecret'));
	});

	it('psk fingerprints differ (no node log available) → F13', () => {
		const d = silent({pair: [{key: 'plugin.psk', client: '1a2b3c4d', server: '5e6f7a8b'}]});
		assert.equal(d?.id, 'F13');
		assert.match(d?.evidence.join('\n') ?? '', /client sha256 1a2b3c4d, server sha256 5e6f7a8b/);
	});

	it('message too old → F14 with age and TTL', () => {
		const d = silent({events: rejects.filter((e) => e.kind === 'message-too-old')});
		assert.equal(d?.id, 'F14');
		assert.match(d?.evidence.join('\n') ?? '', /120 s old, TTL 60 s/);
		// a request too old for the node: the node's clock is the one ahead
		assert.equal(d?.clock, 'node-ahead');
	});

	it('connector or collective differ → F12 naming the key', () => {
		const d = silent({pair: [{key: 'main_collective', client: 'mcollective', server: 'openshift'}]});
		assert.equal(d?.id, 'F12');
		assert.match(d?.evidence.join('\n') ?? '', /main_collective: client "mcollective", server "openshift"/);
	});

	it('node not running → F10; some nodes answered → F15; nothing at all → F12', () => {
		assert.equal(silent({daemonRunning: false})?.id, 'F10');
		assert.equal(silent({replies: [{identity: 'node2'}], missing: ['node1.infra.example.com']})?.id, 'F15');
		// "nothing in the log" and "the files agree" are evidence only when the log was read and both files compared
		assert.equal(silent({daemonRunning: true, events: [], nodeLogReadable: true, pair: []})?.id, 'F12');
	});

	it('an identity nobody expected answered → F15 naming it; proven on this host → the server.cfg line and the fix', () => {
		const other = {replies: [{identity: 'node1.example.com'}], unexpected: ['node1.example.com']};
		const named = silent(other);
		assert.equal(named?.id, 'F15');
		assert.ok(named?.evidence.includes('answered but not expected: node1.example.com'));
		assert.ok(named?.fix[0]?.startsWith(`grep -n '^identity' ${plain.serverConfig}; hostname -f`));
		const here = {identity: 'node1.example.com', line: 7};
		const proven = silent({
			...other,
			identityHere: {
				...here,
				proven: [{name: 'node1.infra.example.com', via: 'address', value: '127.0.1.1'}],
			},
		});
		assert.ok(proven?.evidence.includes(`${plain.serverConfig}:7: identity = node1.example.com`));
		assert.ok(
			proven?.evidence.includes('node1.infra.example.com resolves to 127.0.1.1, an address of this host'),
		);
		assert.equal(
			proven?.fix[0],
			`sed -i 's|^identity *=.*|identity = node1.infra.example.com|' ${plain.serverConfig}`,
		);
		assert.equal(proven?.fix[1], plain.serviceRestart);
		// not proven: the same line, said as a candidate, and no cause claimed
		const candidate = silent({...other, identityHere: {...here, proven: []}});
		assert.equal(candidate?.cause, undefined);
		assert.ok(
			candidate?.evidence.some((e) =>
				e.includes('if node1.infra.example.com is this host, that line is why'),
			),
		);
		// the broker's evidence proving the silent node's psk keeps that verdict
		const wire = {
			observed: true,
			verdicts: [{identity: 'node1.infra.example.com', id: 'F13', candidates: ['F13'], because: 'x'}],
		};
		assert.equal(silent({...other, wire})?.id, 'F13');
	});

	it('no node log and no server.cfg here: not decided, the candidates and the command for the node, no absent file cited', () => {
		const d = silent({
			events: [],
			nodeLogReadable: false,
			serverConfigRead: false,
			nodeLogPath: '/var/log/mcollective.log',
		});
		assert.equal(d?.id, undefined);
		assert.equal(d?.undecided, 'undecided-silent-node');
		assert.deepEqual(
			d?.candidates?.map((c) => c.id),
			['F9', 'F10', 'F11', 'F12', 'F13', 'F14'],
		);
		assert.match(d?.decide?.command ?? '', /grep -E 'invalid signature\|seconds old/);
		assert.doesNotMatch(d?.evidence.join('\n') ?? '', /mcollective\.log|server\.cfg|both files/);
		assert.match(d?.notObserved?.join('\n') ?? '', /mcollective\.log: not on this host/);
		assert.match(d?.notObserved?.join('\n') ?? '', /no server\.cfg here/);
		// nothing seen about any of them: each says why it remains, in the lesson's own words
		const whys = stillPossibleWhys(readContent('debug/undecided-silent-node'));
		for (const c of d?.candidates ?? []) assert.equal(c.why, whys[c.id], c.id);
	});

	it('client side: a registration signed with another psk proves F13; a clock-probe answer proves F14', () => {
		const wire = (v: {id?: string; candidates: string[]; because: string}) => ({
			observed: true,
			verdicts: [{identity: 'node1.infra.example.com', ...v}],
			subscribed: 1,
		});
		const f13 = silent({
			nodeLogReadable: false,
			wire: wire({id: 'F13', candidates: ['F13'], because: 'signed with a psk that is not ours'}),
		});
		assert.equal(f13?.id, 'F13');
		assert.match(f13?.evidence.join('\n') ?? '', /signed with a psk that is not ours/);
		const f14 = silent({
			nodeLogReadable: false,
			wire: wire({id: 'F14', candidates: ['F14'], because: 'answered the clock probe'}),
		});
		assert.equal(f14?.id, 'F14');
	});

	it('client side: not subscribed leaves F9-F12, subscribed-or-unknown leaves F9-F14; never an id', () => {
		const gone = silent({
			nodeLogReadable: false,
			wire: {
				observed: true,
				subscribed: 0,
				verdicts: [
					{
						identity: 'node1.infra.example.com',
						candidates: ['F9', 'F10', 'F11', 'F12'],
						because: 'not subscribed',
					},
				],
			},
		});
		assert.equal(gone?.id, undefined);
		assert.deepEqual(
			gone?.candidates?.map((c) => c.id),
			['F9', 'F10', 'F11', 'F12'],
		);
		assert.match(gone?.decide?.command ?? '', /status/);
		// no verdict names F9 itself: its why is the lesson's standing reason
		assert.match(gone?.candidates?.find((c) => c.id === 'F9')?.why ?? '', /cannot reach the broker/);
		assert.match(gone?.evidence.join('\n') ?? '', /count 0 mcollectived subscribed/);
	});

	it('clock offset near the TTL → F14', () => {
		assert.equal(diagnose('e2e', [ok('ping-nodes'), bad('clock-offset', {})], plain)?.id, 'F14');
	});

	it("F14's cause sentence follows the evidence: a node clock behind is never told as the client's", () => {
		const offset = (offsetS: number) =>
			diagnose(
				'e2e',
				[ok('ping-nodes'), bad('clock-offset', {offsets: [{identity: 'n1', offsetS}], ttl: 60})],
				plain,
			);
		assert.equal(offset(-40)?.clock, 'node-behind');
		assert.match(offset(-40)?.cause ?? '', /node's clock is behind/);
		assert.equal(offset(40)?.clock, 'node-ahead');
		assert.match(offset(40)?.cause ?? '', /node's clock is ahead of this client's/);
		// no offset measured: no direction claimed, the lesson's general sentence stands
		assert.equal(diagnose('e2e', [ok('ping-nodes'), bad('clock-offset', {})], plain)?.cause, undefined);

		const expired = silent({
			nodeLogReadable: false,
			wire: {
				observed: true,
				verdicts: [
					{
						identity: 'node1.infra.example.com',
						id: 'F14',
						candidates: ['F14'],
						clock: 'node-behind',
						because: 'the broker expired its reply',
					},
				],
			},
		});
		assert.equal(expired?.id, 'F14');
		assert.equal(expired?.clock, 'node-behind');
		assert.doesNotMatch(all(expired), /client's clock is behind|clock is ahead/);
		// two nodes off in opposite ways: no single direction is claimed
		const both = silent({
			nodeLogReadable: false,
			missing: ['node1.infra.example.com', 'node2.infra.example.com'],
			wire: {
				observed: true,
				verdicts: [
					{
						identity: 'node1.infra.example.com',
						id: 'F14',
						candidates: ['F14'],
						clock: 'node-behind',
						because: 'expired',
					},
					{
						identity: 'node2.infra.example.com',
						id: 'F14',
						candidates: ['F14'],
						clock: 'node-ahead',
						because: 'probe',
					},
				],
			},
		});
		assert.equal(both?.id, 'F14');
		assert.equal(both?.clock, undefined);
		assert.equal(both?.cause, undefined);
	});

	it('clock-offset that could not connect (broker died after ping-nodes) → the broker, F1, not the clock', () => {
		const refused = {probe: {outcome: 'refused', code: 'ECONNREFUSED'}};
		assert.equal(diagnose('e2e', [ok('ping-nodes'), bad('clock-offset', refused)], plain)?.id, 'F1');
	});
});

describe('diagnose: agent (L4)', () => {
	it('agent failed to load on a missing library → F17 naming the package', () => {
		const d = diagnose(
			'agent',
			[
				ok('packages'),
				bad('agent-inventory', {
					agents: ['discovery', 'rpcutil'],
					events: logEvents('seed-2.2-agent-load.log'),
				}),
			],
			plain,
		);
		assert.equal(d?.id, 'F17');
		assert.match(
			d?.evidence.join('\n') ?? '',
			/openshift-origin-container-selinux", provided by package rubygem-openshift-origin-container-selinux/,
		);
		assert.ok(d?.fix.includes('yum install -y rubygem-openshift-origin-container-selinux'));
	});

	it('agent simply absent, the node being this host and its libdir looked at → F17 saying it is not installed', () => {
		const d = diagnose(
			'agent',
			[
				bad('agent-inventory', {
					agents: ['discovery', 'rpcutil'],
					events: [],
					nodeLogReadable: true,
					agentFileHere: false,
					libdirsHere: ['/usr/share/mcollective/plugins'],
				}),
			],
			plain,
		);
		assert.equal(d?.id, 'F17');
		assert.match(d?.evidence.join('\n') ?? '', /not in the node's libdir/);
		assert.match(
			d?.evidence.join('\n') ?? '',
			/no openshift\.rb under \/usr\/share\/mcollective\/plugins\/mcollective\/agent on this host/,
		);
	});

	it("agent absent, node log here but the node's libdir not looked at (another identity): not decided, no claim about files", () => {
		const d = diagnose(
			'agent',
			[bad('agent-inventory', {agents: ['discovery', 'rpcutil'], events: [], nodeLogReadable: true})],
			plain,
		);
		assert.equal(d?.id, undefined);
		assert.equal(d?.undecided, 'undecided-agent');
		assert.doesNotMatch(d?.evidence.join('\n') ?? '', /libdir/);
	});

	it('agent file here, no load error, not listed → F18 (came after the start): restart', () => {
		const file = '/usr/share/mcollective/plugins/mcollective/agent/openshift.rb';
		const d = diagnose(
			'agent',
			[bad('agent-inventory', {agents: ['rpcutil'], events: [], nodeLogReadable: true, agentFileHere: file})],
			plain,
		);
		assert.equal(d?.id, 'F18');
		assert.match(d?.evidence.join('\n') ?? '', new RegExp(`${file.replaceAll('.', '\\.')} is on this host`));
		assert.deepEqual(d?.fix, [plain.serviceRestart]);
	});

	it('server.cfg switches the agent off → F18 citing the line, the fix deletes it and restarts (client host and node)', () => {
		for (const [landmarkCheck, extra] of [
			['agent-inventory', {nodeLogReadable: true, agentFileHere: '/x/mcollective/agent/openshift.rb'}],
			['agent-self', {answered: true, nodeLogReadable: true}],
		] as const) {
			const d = diagnose(
				'agent',
				[
					bad(landmarkCheck, {
						agents: ['rpcutil'],
						events: [],
						...extra,
						switchedOff: 'plugin.openshift.activate_agent = false',
						serverConfigPath: '/etc/mcollective/server.cfg',
					}),
				],
				plain,
			);
			assert.equal(d?.id, 'F18', landmarkCheck);
			assert.match(
				d?.evidence.join('\n') ?? '',
				/\/etc\/mcollective\/server\.cfg: plugin\.openshift\.activate_agent = false: mcollectived loads the agent but does not activate it/,
			);
			assert.equal(
				d?.fix[0],
				"sed -i '/^[[:space:]]*plugin\\.openshift\\.activate_agent[[:space:]]*=/d' /etc/mcollective/server.cfg",
			);
			assert.equal(d?.fix[1], plain.serviceRestart);
		}
	});

	describe('the agent file brings its own activate_when (2.12 then never reads activate_agent)', () => {
		const file = '/var/lib/lab/plugins/mcollective/agent/openshift.rb';
		const own = {file, line: 6, code: 'activate_when do'};
		// real 2.12.5 lines (lab fault agent-declines, node at debug level)
		const declinedLog = classifyMcoLog(
			[
				"I, [2026-12-02T10:22:45.600000+00:00  #12799]  INFO -- : mcollectived:64:in `<main>' The Marionette Collective 2.12.5 started logging at debug level",
				"D, [2026-12-02T10:22:45.652664+00:00  #12799] DEBUG -- : agents.rb:67:in `loadagent' Not activating agent openshift due to agent policy in activate? method",
			].join('\n'),
		).filter((e) => e.kind.startsWith('agent-'));
		const facts = (extra: Record<string, unknown>) => ({
			agents: ['discovery', 'rpcutil'],
			identity: 'node1.example.com',
			nodeLogReadable: true,
			nodeLogPath: '/var/log/mcollective.log',
			serverConfigPath: '/etc/mcollective/server.cfg',
			switchedOff: 'plugin.openshift.activate_agent = false',
			ownActivation: own,
			...extra,
		});
		const landmarks = [
			['agent-inventory', {agentFileHere: file}],
			['agent-self', {answered: true}],
		] as const;

		it('declined in the log → F19 citing the log line and the rule; no switched-off F18, no sed fix', () => {
			for (const [rung, extra] of landmarks) {
				const d = diagnose(
					'agent',
					[bad(rung, facts({...extra, events: declinedLog, startLoglevel: 'debug'}))],
					plain,
				);
				assert.equal(d?.id, 'F19', rung);
				const ev = d?.evidence.join('\n') ?? '';
				assert.match(
					ev,
					/\/var\/log\/mcollective\.log:2: Not activating agent openshift due to agent policy in activate\? method/,
				);
				assert.match(ev, /openshift\.rb:6: activate_when do: the agent's own activation rule said no/);
				assert.match(ev, /plugin\.openshift\.activate_agent = false has no effect here/);
				assert.doesNotMatch(ev, /loads the agent but does not activate it/);
				assert.ok(!d?.fix.some((x) => x.startsWith('sed ')), JSON.stringify(d?.fix));
			}
		});

		it('no such line, log at info level → undecided F19/F18 with the command that decides, not F18 switched off', () => {
			for (const [rung, extra] of landmarks) {
				const d = diagnose('agent', [bad(rung, facts({...extra, events: [], startLoglevel: 'info'}))], plain);
				assert.equal(d?.id, undefined, rung);
				assert.equal(d?.undecided, 'undecided-agent-activation');
				assert.deepEqual(
					d?.candidates?.map((c) => c.id),
					['F19', 'F18'],
				);
				assert.match(d?.candidates?.[0]?.why ?? '', /own activate_when said no/);
				assert.match(
					d?.evidence.join('\n') ?? '',
					/logs at info level: 2\.12 writes 'Not activating agent …' only at debug level/,
				);
				assert.equal(d?.decide?.host, 'node1.example.com');
				assert.match(
					d?.decide?.command ?? '',
					/^stat -c '%y %n' \/var\/lib\/lab\/plugins\/mcollective\/agent\/openshift\.rb; grep -n 'started logging'/,
				);
			}
		});

		it('no such line though the log is at debug level since the start → F18: the daemon never saw the file', () => {
			const d = diagnose(
				'agent',
				[bad('agent-inventory', facts({agentFileHere: file, events: [], startLoglevel: 'debug'}))],
				plain,
			);
			assert.equal(d?.id, 'F18');
			assert.match(d?.evidence.join('\n') ?? '', /mcollectived did not see .*openshift\.rb when it started/);
			assert.deepEqual(d?.fix, [plain.serviceRestart]);
		});

		it('without its own rule the same declined line confirms server.cfg switching it off (F18, line cited)', () => {
			const d = diagnose(
				'agent',
				[bad('agent-self', facts({answered: true, ownActivation: undefined, events: declinedLog}))],
				plain,
			);
			assert.equal(d?.id, 'F18');
			assert.match(d?.evidence.join('\n') ?? '', /loads the agent but does not activate it/);
			assert.match(d?.evidence.join('\n') ?? '', /mcollective\.log:2: Not activating agent openshift/);
		});

		it('declined, yet neither rule seen on this host → undecided F18/F19 with the grep that decides', () => {
			const d = diagnose(
				'agent',
				[
					bad(
						'agent-self',
						facts({answered: true, ownActivation: undefined, switchedOff: undefined, events: declinedLog}),
					),
				],
				plain,
			);
			assert.equal(d?.undecided, 'undecided-agent-activation');
			assert.match(d?.decide?.command ?? '', /activate_when/);
		});
	});

	it('agent absent and no node log here: not decided (F17/F18), the command for the node', () => {
		const d = diagnose(
			'agent',
			[bad('agent-inventory', {agents: ['discovery', 'rpcutil'], events: [], nodeLogReadable: false})],
			plain,
		);
		assert.equal(d?.id, undefined);
		assert.equal(d?.undecided, 'undecided-agent');
		assert.deepEqual(
			d?.candidates?.map((c) => c.id),
			['F17', 'F18', 'F19'],
		);
		assert.doesNotMatch(d?.evidence.join('\n') ?? '', /load error|libdir/);
		assert.match(
			d?.candidates?.find((c) => c.id === 'F18')?.why ?? '',
			/installed after mcollectived started/,
		);
		assert.match(d?.decide?.command ?? '', /grep -E 'openshift'/);
	});

	it('a node that answered no agent_inventory at all (or none before the watchdog) is a silent node, not a missing agent', () => {
		for (const data of [{identity: 'node1.example.com', answered: false, agents: []}, {outcome: 'timeout'}]) {
			const d = diagnose('agent', [bad('agent-inventory', data)], plain);
			assert.equal(d?.id, undefined, JSON.stringify(data));
			assert.equal(d?.undecided, 'undecided-silent-node');
			assert.deepEqual(
				d?.candidates?.map((c) => c.id),
				['F9', 'F10', 'F11', 'F12', 'F13', 'F14'],
			);
			assert.doesNotMatch(d?.evidence.join('\n') ?? '', /agent|libdir/);
			assert.equal(d?.decide?.host, 'identity' in data ? data.identity : ING.nodeIdentities.join(', '));
		}
	});

	it('echo: bad input → F21, no DDL → F20, discovery empty → F23', () => {
		assert.equal(diagnose('agent', [bad('echo', {inputError: 'msg is empty'})], plain)?.id, 'F21');
		assert.equal(diagnose('agent', [bad('echo', {ddlFound: false})], plain)?.id, 'F20');
		assert.equal(diagnose('agent', [bad('echo', {ddlFound: true, discovered: 0})], plain)?.id, 'F23');
	});

	it('missing packages: node side → F17, client side → F20', () => {
		assert.equal(
			diagnose('agent', [bad('packages', {missing: ['openshift-origin-msg-node-mcollective']})], plain)?.id,
			'F17',
		);
		assert.equal(
			diagnose(
				'agent',
				[bad('packages', {missing: ['rubygem-openshift-origin-msg-broker-mcollective']})],
				plain,
			)?.id,
			'F20',
		);
	});

	it('packageForLibrary: known gems and require paths', () => {
		assert.equal(
			packageForLibrary('openshift-origin-frontend-nodejs-websocket'),
			'rubygem-openshift-origin-frontend-nodejs-websocket',
		);
		assert.equal(
			packageForLibrary('openshift-origin-node/utils/shell_exec'),
			'rubygem-openshift-origin-node',
		);
		assert.equal(packageForLibrary('parseconfig'), 'rubygem-parseconfig');
	});
});

describe('catalogue, content/debug and steps/debug stay in sync', () => {
	it('every produced entry has a lesson with the sections the debug screen reads', () => {
		for (const e of PRODUCED) {
			const path = new URL(`../../content/${e.content}.md`, import.meta.url);
			assert.ok(existsSync(path), `${e.id}: content missing`);
			const text = readFileSync(path, 'utf8');
			assert.match(text, /^# .+\n\n.+\n/, `${e.id}: title and cause sentence`);
			for (const h of ['## How the wizard knows', '## Tell it apart', '## Lesson'])
				assert.ok(text.includes(h), `${e.id}: ${h}`);
		}
	});

	it('every undecided step has a lesson with the sections the debug screen reads', async () => {
		const {UNDECIDED_STEPS} = await import('../../steps/debug/index.js');
		assert.deepEqual(
			UNDECIDED_STEPS.map((s) => s.failure),
			[
				'undecided-silent-node',
				'undecided-agent',
				'undecided-agent-activation',
				'undecided-node-reconnecting',
				'undecided-collective-refused',
				'undecided-node-dropped',
			],
		);
		for (const s of UNDECIDED_STEPS) {
			const text = readFileSync(new URL(`../../content/${s.content}.md`, import.meta.url), 'utf8');
			assert.match(text, /^# Not decided from this host: .+\n\n.+\n/, s.id);
			for (const h of ['## How the wizard knows', '## Tell it apart', '## Still possible', '## Lesson'])
				assert.ok(text.includes(h), `${s.id}: ${h}`);
		}
	});

	it('every uncatalogued step has a lesson with the sections the debug screen reads, and is no undecided one', async () => {
		const {UNCATALOGUED_STEPS, debugStepFor} = await import('../../steps/debug/index.js');
		assert.deepEqual(
			UNCATALOGUED_STEPS.map((s) => s.failure),
			['uncatalogued-mco-missing', 'uncatalogued-no-nodes'],
		);
		for (const s of UNCATALOGUED_STEPS) {
			assert.equal(debugStepFor(s.failure), s);
			const text = readFileSync(new URL(`../../content/${s.content}.md`, import.meta.url), 'utf8');
			assert.match(text, /^# .+\n\n.+\n/, s.id);
			assert.doesNotMatch(text, /^# Not decided/, s.id);
			for (const h of ['## How the wizard knows', '## Tell it apart', '## Lesson'])
				assert.ok(text.includes(h), `${s.id}: ${h}`);
		}
	});

	it('every debug step points at a produced entry; Retry starts at the failed rung, or at the restart for node entries', () => {
		assert.equal(DEBUG_STEPS.length, PRODUCED.length);
		const restartFirst = new Set(['F9', 'F10', 'F11']);
		for (const s of DEBUG_STEPS)
			assert.equal(s.retry.from, restartFirst.has(s.failure) ? 'service-start' : 'failed-rung', s.failure);
		assert.equal(CATALOGUE.length, 30);
	});
});

describe('diagnose from the real linter', () => {
	it("the seed's client.cfg: the removed stomp connector is named first (F29), as mco fails on it first", async () => {
		const {lintConfig} = await import('../../src/core/mco-config/lint.js');
		const seed = readFileSync(new URL('../../lab/mcollective/seed-client.cfg', import.meta.url), 'utf8');
		const findings = lintConfig(seed, 'client');
		const d = diagnose('client', [ok('client-config'), bad('client-lint', {findings})], plain);
		assert.equal(d?.id, 'F29');
		assert.ok(!all(d).includes('marionette'));
	});
});

describe('diagnose: node connection state behind a silent ping', () => {
	it('a node in the login-rejected loop → F11, a node that cannot connect → F9', () => {
		const auth = classifyMcoLog(fixture('mco-2.12-restart-auth-then-agent-broken.log')).slice(0, 12);
		const d = diagnose(
			'e2e',
			[bad('ping-nodes', {replies: [], missing: ['node1'], events: auth.slice(5)})],
			plain,
		);
		assert.equal(d?.id, 'F11');
		const down = classifyMcoLog(fixture('mco-2.12-broker-down-inline-comment.log'));
		assert.equal(diagnose('e2e', [bad('ping-nodes', {replies: [], events: down})], plain)?.id, 'F9');
	});
});

describe('diagnose: a port that accepts but never speaks STOMP', () => {
	it('timeout after TCP opened → F7 (a TLS port or another service), timeout at TCP → F1', () => {
		const silent = diagnose(
			'client',
			[bad('stomp-login', {outcome: 'timeout', phase: 'connect', code: 'ETIMEDOUT'})],
			plain,
		);
		assert.equal(silent?.id, 'F7');
		assert.match(silent?.evidence[0] ?? '', /accepted the TCP connection but sent no STOMP CONNECTED/);
		assert.equal(
			diagnose('client', [bad('stomp-login', {outcome: 'timeout', phase: 'tcp'})], plain)?.id,
			'F1',
		);
	});
});
