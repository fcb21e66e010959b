import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {describe, it} from 'node:test';
import {
	classifyAmqLog,
	classifyMcoLog,
	type McoLogEvent,
	parseLogEntries,
	sinceLastStart,
	textSinceLastStart,
} from '../../src/core/log-classify.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/logs/${name}`, import.meta.url), 'utf8');
const kinds = (events: readonly McoLogEvent[]) => events.map((e) => e.kind);
const find = <K extends McoLogEvent['kind']>(events: readonly McoLogEvent[], kind: K) =>
	events.find((e): e is Extract<McoLogEvent, {kind: K}> => e.kind === kind);

describe('parseLogEntries', () => {
	it('reads the 2.12 file logger format (two spaces before #pid) with level, pid and source', () => {
		const [entry] = parseLogEntries(
			"I, [2026-11-25T04:58:07.853938+00:00  #24054]  INFO -- : activemq.rb:119:in `on_connected' Connected to stomp://mcollective@127.0.0.1:16613",
		);
		assert.equal(entry?.level, 'INFO');
		assert.equal(entry?.pid, 24054);
		assert.equal(entry?.source, "activemq.rb:119:in `on_connected'");
		assert.equal(entry?.message, 'Connected to stomp://mcollective@127.0.0.1:16613');
	});

	it('re-joins the seed lines a web page wrapped mid-word and split run-together entries', () => {
		const entries = parseLogEntries(fixture('seed-2.2-broken-pipe.log'));
		assert.equal(entries.length, 3);
		assert.match(
			entries[2]?.message ?? '',
			/^Unexpected error on connection .*transmit to msg1\.infra\.example\.com failed: Broken pipe$/,
		);
		assert.equal(entries[2]?.lineNo, 5);
		const runTogether = parseLogEntries(fixture('seed-2.2-started.log'));
		assert.equal(runTogether.length, 4);
	});

	it('reads the console logger on mco stderr, colour codes stripped, backtrace lines dropped', () => {
		const entries = parseLogEntries(fixture('client-bad-login.stderr.txt'));
		assert.equal(entries[0]?.level, 'ERROR');
		assert.match(entries[0]?.message ?? '', /^Unexpected error on connection/);
		assert.ok(entries.every((e) => !e.message.includes('\u001b')));
	});
});

describe('classifyMcoLog: seed (2.2) spellings', () => {
	it('start, stomp deprecation, Connection attempt and the misspelt Conncted', () => {
		const events = classifyMcoLog(fixture('seed-2.2-started.log'));
		assert.deepEqual(kinds(events), ['started', 'stomp-deprecated', 'connecting', 'connected']);
		assert.equal(find(events, 'started')?.version, '2.2.3');
		assert.equal(find(events, 'connected')?.url, 'stomp://mcollective@msg1.infra.example.com:61613');
	});

	it('connect failures with the attempt number', () => {
		const events = classifyMcoLog(fixture('seed-2.2-connect-fail.log'));
		assert.deepEqual(kinds(events), ['connecting', 'connect-failed', 'connecting']);
		assert.equal(find(events, 'connect-failed')?.attempt, 1);
	});

	it('credentials on the node: Conncted then Broken pipe (F11 evidence)', () => {
		const events = classifyMcoLog(fixture('seed-2.2-broken-pipe.log'));
		assert.deepEqual(kinds(events), ['connecting', 'connected', 'connection-error']);
		assert.equal(find(events, 'connection-error')?.brokenPipe, true);
	});

	it('agent load failure names the missing library (F17)', () => {
		const events = classifyMcoLog(fixture('seed-2.2-agent-load.log'));
		const failures = events.filter((e) => e.kind === 'agent-load-failed');
		assert.equal(failures.length, 2);
		for (const f of failures) {
			assert.equal(f.kind === 'agent-load-failed' && f.agent, 'openshift');
			assert.equal(f.kind === 'agent-load-failed' && f.missingLibrary, 'openshift-origin-container-selinux');
		}
		assert.equal(find(events, 'failing-on-agent')?.agent, 'openshift');
	});

	it('2.2 client stderr: connect to localhost failed: Connection refused', () => {
		const events = classifyMcoLog(fixture('seed-2.2-client-refused.stderr.txt'));
		const failed = find(events, 'connect-failed');
		assert.equal(failed?.url, 'localhost');
		assert.match(failed?.detail ?? '', /Connection refused/);
	});
});

describe('classifyMcoLog: 2.12 lines from real runs', () => {
	it('TCP Connection attempt / failed on attempt, the start line and the inline-comment fallback', () => {
		const events = classifyMcoLog(fixture('mco-2.12-broker-down-inline-comment.log'));
		const fallback = find(events, 'logging-fallback');
		assert.equal(fallback?.inlineComment, true);
		assert.equal(find(events, 'config-loaded')?.configFile, '/tmp/diag/server.cfg');
		assert.equal(find(events, 'started')?.version, '2.12.5');
		assert.ok(events.filter((e) => e.kind === 'connect-failed').length >= 3);
		assert.equal(find(events, 'connect-failed')?.url, 'stomp://mcollective@127.0.0.1:61699');
		assert.equal(events.at(-1)?.kind, 'exiting');
	});

	it('login refused by the broker: Connected, EOF, No message received (node-side F11)', () => {
		const events = classifyMcoLog(fixture('mco-2.12-restart-auth-then-agent-broken.log'));
		assert.ok(events.some((e) => e.kind === 'connection-error' && e.brokenPipe));
		assert.ok(events.some((e) => e.kind === 'no-message-received'));
	});

	it('psk mismatch, message too old, forged callerid, not targeted, handling, missing connector', () => {
		const events = classifyMcoLog(fixture('mco-2.12-node-rejects-reconstructed.log'));
		assert.deepEqual(kinds(events), [
			'connected',
			'invalid-signature',
			'message-too-old',
			'invalid-callerid',
			'not-targeted',
			'handling',
			'connector-missing',
		]);
		const old = find(events, 'message-too-old');
		assert.equal(old?.ageSeconds, 120);
		assert.equal(old?.ttl, 60);
		assert.equal(old?.caller, 'uid=1000@client1');
		assert.equal(find(events, 'not-targeted')?.agent, 'discovery');
		assert.equal(find(events, 'connector-missing')?.connector, 'stomp');
	});

	it('client stderr: ERROR frame from the broker and the deprecated option / missing connector', () => {
		const bad = classifyMcoLog(fixture('client-bad-login.stderr.txt'));
		assert.equal(find(bad, 'error-frame')?.brokerMessage, 'Not connected.');
		const stomp = classifyMcoLog(fixture('client-stomp-connector.stderr.txt'));
		assert.deepEqual(kinds(stomp), ['deprecated-option', 'connector-missing']);
		assert.equal(find(stomp, 'deprecated-option')?.option, 'topicprefix');
	});

	it('client psk mismatch on stderr names the sender', () => {
		const events = classifyMcoLog(
			"\u001b[33mwarn\u001b[0m 2026/11/25 04:56:59: message.rb:197:in `rescue in decode!' Failed to decode a message from 'node1': Received an invalid signature in message",
		);
		assert.equal(find(events, 'invalid-signature')?.sender, 'node1');
	});

	it("the agent declined by activate? (lab fault agent-declines, 2.12.5 at debug level): 'agent-declined', its agent named", () => {
		const events = classifyMcoLog(
			[
				"D, [2026-12-02T10:22:45.652450+00:00  #12799] DEBUG -- : pluginmanager.rb:167:in `loadclass' Loading MCollective::Agent::Openshift from mcollective/agent/openshift.rb",
				"D, [2026-12-02T10:22:45.652664+00:00  #12799] DEBUG -- : agents.rb:67:in `loadagent' Not activating agent openshift due to agent policy in activate? method",
				"D, [2026-12-02T10:22:45.653776+00:00  #12799] DEBUG -- : agents.rb:91:in `activate_agent?' MCollective::Agent::Discovery does not have an activate? method, activating as default",
			].join('\n'),
		);
		assert.deepEqual(kinds(events), ['agent-declined']);
		assert.equal(find(events, 'agent-declined')?.agent, 'openshift');
		assert.equal(find(events, 'agent-declined')?.entry.lineNo, 2);
	});

	it('lines that mean nothing to the diagnosis are not events', () => {
		assert.deepEqual(
			classifyMcoLog(
				"I, [2026-11-25T06:39:41.859203+00:00  #6805]  INFO -- : activemq.rb:211:in `initialize' ActiveMQ connector initialized.  Using stomp-gem 1.4.10",
			),
			[],
		);
	});
});

describe('sinceLastStart', () => {
	it('drops what an earlier run logged, keeps the preamble of the last start', () => {
		const events = classifyMcoLog(fixture('mco-2.12-restart-auth-then-agent-broken.log'));
		const since = sinceLastStart(events);
		assert.ok(since.length < events.length);
		assert.equal(since[0]?.kind, 'config-loaded');
		assert.ok(!since.some((e) => e.kind === 'connection-error'), 'the auth loop was the previous run');
		assert.ok(since.some((e) => e.kind === 'agent-load-failed'));
		assert.ok(since.some((e) => e.kind === 'connected'));
	});

	it('a log without a start line is taken whole', () => {
		const events = classifyMcoLog(fixture('seed-2.2-connect-fail.log'));
		assert.equal(sinceLastStart(events).length, events.length);
	});

	it('textSinceLastStart cuts the raw text at the same place', () => {
		const text = fixture('mco-2.12-restart-auth-then-agent-broken.log');
		const cut = textSinceLastStart(text);
		assert.ok(cut.length < text.length);
		assert.match(cut, /^I, .*started by/);
		assert.doesNotMatch(cut, /No message received/);
	});
});

describe('classifyAmqLog', () => {
	it('names the user the broker rejected (F5) and the destination it refused (F6)', () => {
		const events = classifyAmqLog(fixture('activemq-auth-reconstructed.log'));
		const auth = events.filter((e) => e.kind === 'amq-auth-failed');
		assert.equal(auth.length, 3);
		assert.ok(auth.every((e) => e.kind === 'amq-auth-failed' && e.user === 'marionette'));
		const denied = events.find((e) => e.kind === 'amq-not-authorized');
		assert.deepEqual(
			denied && denied.kind === 'amq-not-authorized' && [denied.user, denied.operation, denied.destination],
			['mcollective', 'read from', 'topic://mcollective.discovery.agent'],
		);
		assert.equal(auth[0]?.entry.level, 'WARN');
	});
});

describe('nodeConnectionState', () => {
	it('connected, connecting (broker gone after a connect), rejected (login loop), none', async () => {
		const {nodeConnectionState} = await import('../../src/core/log-classify.js');
		assert.equal(nodeConnectionState(classifyMcoLog(fixture('seed-2.2-started.log'))), 'connected');
		assert.equal(
			nodeConnectionState(classifyMcoLog(fixture('mco-2.12-broker-down-inline-comment.log'))),
			'connecting',
		);
		const auth = classifyMcoLog(fixture('mco-2.12-restart-auth-then-agent-broken.log'));
		assert.equal(nodeConnectionState(sinceLastStart(auth)), 'connected');
		assert.equal(nodeConnectionState(auth.slice(0, 12)), 'rejected');
		const wentAway = classifyMcoLog(
			`${fixture('seed-2.2-started.log')}\n${fixture('seed-2.2-connect-fail.log')}`,
		);
		assert.equal(nodeConnectionState(wentAway), 'connecting');
		assert.equal(nodeConnectionState([]), 'none');
	});

	it('rejected although refused attempts interleave: every Connected dropped within a second (lab3 node-wrong-password)', async () => {
		const {nodeConnectionState} = await import('../../src/core/log-classify.js');
		const events = classifyMcoLog(fixture('lab3-node-wrong-password.log'));
		assert.ok(events.some((e) => e.kind === 'connect-failed'));
		assert.equal(nodeConnectionState(events), 'rejected');
	});
});
