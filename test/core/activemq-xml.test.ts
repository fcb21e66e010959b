import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {describe, it} from 'node:test';
import {deniedOperations, patternMatches} from '../../src/core/activemq-xml/acl.js';
import {lintActivemqXml} from '../../src/core/activemq-xml/lint.js';
import {parseActivemqXml} from '../../src/core/activemq-xml/parse.js';
import {brokerWants, renderActivemqXml} from '../../src/core/activemq-xml/render.js';
import type {LintFinding} from '../../src/core/mco-config/lint.js';
import {fingerprint} from '../../src/core/secrets.js';

const repoFile = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
const LAB = repoFile('lab/activemq/activemq.xml');
// Debian's stock instance file (activemq 5.17 package), copied so the test does not need the package.
const DEBIAN = repoFile('test/fixtures/activemq/debian-main-activemq.xml');
const rules = (f: readonly LintFinding[]) => f.map((x) => `${x.severity}:${x.rule}`);

const WANTS = brokerWants(
	{
		stompPort: 61613,
		topicUser: 'mcollective',
		topicPassword: 'T0picPass',
		adminPassword: 'Adm1nPass',
		collectives: ['mcollective'],
	},
	'0.0.0.0',
);

describe('parseActivemqXml', () => {
	it("reads the lab's broker: STOMP bind, users with groups, authorization entries with lines", () => {
		const doc = parseActivemqXml(LAB);
		assert.equal(doc.authentication, 'simple');
		assert.deepEqual(
			doc.stomp.map((s) => [s.scheme, s.host, s.port, s.ssl]),
			// the plain port, and the TLS port the lab adds for the TLS-mismatch tests
			[
				['stomp+nio', '127.0.0.1', 61613, false],
				['stomp+ssl', '127.0.0.1', 61615, true],
			],
		);
		assert.deepEqual(
			doc.users.map((u) => [u.username, u.groups.join(',')]),
			[
				['mcollective', 'mcollective,everyone'],
				['admin', 'mcollective,admins,everyone'],
			],
		);
		const queue = doc.entries.find((e) => e.kind === 'queue' && e.destination === 'mcollective.>');
		assert.ok(queue);
		assert.deepEqual(queue.read, ['mcollective']);
		assert.match(LAB.split('\n')[queue.element.line - 1] ?? '', /queue="mcollective\.>"/);
	});

	it("reads Debian's stock file: an OpenWire connector only, no plugins; comments are not elements", () => {
		const doc = parseActivemqXml(DEBIAN);
		assert.ok(doc.broker);
		assert.equal(doc.transports.length, 1);
		assert.equal(doc.stomp.length, 0);
		assert.equal(doc.authentication, 'none');
	});
});

describe('ActiveMQ authorization semantics', () => {
	it('matches wildcards segment by segment', () => {
		assert.ok(patternMatches('mcollective.>', 'mcollective.reply.x_1'));
		assert.ok(patternMatches('>', 'anything.at.all'));
		assert.ok(patternMatches('a.*.c', 'a.b.c'));
		assert.ok(!patternMatches('a.*.c', 'a.b.d.c'));
		assert.ok(!patternMatches('mcollective.>', 'other.reply'));
		assert.ok(patternMatches('x.>, mcollective.>', 'mcollective.nodes'));
	});

	it('unions the groups of every matching entry', () => {
		const doc = parseActivemqXml(LAB);
		assert.deepEqual(
			deniedOperations(doc.entries, {groups: ['mcollective']}, 'queue', 'mcollective.nodes'),
			[],
		);
		assert.deepEqual(deniedOperations(doc.entries, {groups: ['admins']}, 'queue', 'mcollective.nodes'), []);
		assert.deepEqual(deniedOperations(doc.entries, {groups: ['mcollective']}, 'queue', 'other.q'), [
			'read',
			'write',
			'admin',
		]);
	});
});

describe('renderActivemqXml', () => {
	it("adds to Debian's stock file only what MCollective needs, and lint then finds nothing wrong", () => {
		const r = renderActivemqXml(DEBIAN, WANTS);
		assert.deepEqual(r.notes, []);
		// every original line is still there, in order (nothing it does not own was changed)
		const added = r.text.split('\n');
		let i = 0;
		for (const line of DEBIAN.split('\n')) {
			while (i < added.length && added[i] !== line) i++;
			assert.ok(i < added.length, `original line lost: ${line}`);
		}
		const doc = parseActivemqXml(r.text);
		assert.deepEqual(
			doc.stomp.map((s) => s.uri),
			['stomp+nio://0.0.0.0:61613'],
		);
		assert.equal(doc.transports.length, 2, 'OpenWire connector kept');
		assert.deepEqual(
			doc.users.map((u) => [u.username, u.password, u.groups.join(',')]),
			[
				['mcollective', 'T0picPass', 'mcollective,everyone'],
				['admin', 'Adm1nPass', 'mcollective,admins,everyone'],
			],
		);
		assert.deepEqual(
			lintActivemqXml(r.text, {topicPassword: {value: 'T0picPass', source: 'client.cfg'}, stompPort: 61613}),
			[],
		);
	});

	it('is idempotent: a second render changes nothing', () => {
		const once = renderActivemqXml(DEBIAN, WANTS).text;
		const twice = renderActivemqXml(once, WANTS);
		assert.equal(twice.text, once);
		assert.deepEqual(twice.changes, []);
	});

	it("edits the lab's file in place: only the attributes that differ, other users and comments kept", () => {
		const r = renderActivemqXml(LAB, {...WANTS, bind: '127.0.0.1', port: 61623});
		const before = LAB.split('\n');
		const after = r.text.split('\n');
		assert.equal(after.length, before.length, 'no line added or removed');
		const changed = before.map((l, n) => (l === after[n] ? undefined : n + 1)).filter((n) => n !== undefined);
		const doc = parseActivemqXml(LAB);
		const lines = new Set([
			doc.users[0]?.element.line,
			doc.users[1]?.element.line,
			doc.stomp[0]?.element.line,
		]);
		assert.deepEqual(new Set(changed), lines);
		// the connector keeps its scheme and its query (the lab's trace property); the TLS one is left alone
		assert.deepEqual(
			parseActivemqXml(r.text).stomp.map((s) => s.uri),
			[
				`stomp+nio://127.0.0.1:61623?trace=\${mcolab.stomp.trace}`,
				`stomp+ssl://127.0.0.1:61615?trace=\${mcolab.stomp.trace}`,
			],
		);
	});

	it('adds a missing group and a missing queue entry without touching the rest of the entry', () => {
		const broken = LAB.replace(/\n\s*<authorizationEntry queue="mcollective\.>"[^\n]*/, '').replace(
			'groups="mcollective,everyone"',
			'groups="everyone"',
		);
		assert.ok(hasRule(lintActivemqXml(broken), 'amq-authz-queue'));
		const r = renderActivemqXml(broken, {...WANTS, bind: '127.0.0.1'});
		const doc = parseActivemqXml(r.text);
		assert.deepEqual(doc.users[0]?.groups, ['everyone', 'mcollective']);
		assert.ok(doc.entries.some((e) => e.kind === 'queue' && e.destination === 'mcollective.>'));
		assert.deepEqual(rules(lintActivemqXml(r.text)), ['warning:amq-stomp-loopback']);
	});

	it('escapes XML specials in a password and reads it back unchanged', () => {
		const secret = `a&b<c>"d'e`;
		const r = renderActivemqXml(undefined, {
			...WANTS,
			users: [{username: 'mcollective', password: secret, groups: ['mcollective']}],
		});
		assert.equal(parseActivemqXml(r.text).users[0]?.password, secret);
		assert.ok(!r.text.includes(secret));
	});

	it('writes a whole file when there is none, and leaves JAAS users to the operator', () => {
		assert.deepEqual(lintActivemqXml(renderActivemqXml(undefined, WANTS).text), []);
		const jaas = DEBIAN.replace(
			'</broker>',
			'<plugins><jaasAuthenticationPlugin configuration="activemq"/></plugins></broker>',
		);
		const r = renderActivemqXml(jaas, WANTS);
		assert.equal(r.notes.length, 1);
		assert.match(r.notes[0] ?? '', /JAAS/);
		assert.ok(!r.text.includes('T0picPass'));
	});

	it('renders an authorization entry for every collective', () => {
		const r = renderActivemqXml(DEBIAN, {...WANTS, collectives: ['mcollective', 'openshift']});
		const doc = parseActivemqXml(r.text);
		assert.ok(doc.entries.some((e) => e.kind === 'queue' && e.destination === 'openshift.>'));
		assert.deepEqual(lintActivemqXml(r.text, {collectives: ['mcollective', 'openshift']}), []);
	});
});

const hasRule = (f: readonly LintFinding[], rule: string) => f.some((x) => x.rule === rule);

describe('lintActivemqXml', () => {
	it("the lab's file: only the loopback bind, an error when clients are on other hosts", () => {
		assert.deepEqual(rules(lintActivemqXml(LAB)), ['warning:amq-stomp-loopback']);
		assert.deepEqual(rules(lintActivemqXml(LAB, {remoteClients: true})), ['error:amq-stomp-loopback']);
	});

	it("Debian's stock file: no STOMP transport, no authentication", () => {
		assert.deepEqual(rules(lintActivemqXml(DEBIAN)), ['error:amq-no-stomp', 'warning:amq-no-authentication']);
	});

	it('the F6 trap: topics allowed, mcollective.> queues not (reply and direct-addressing queues), with the line', () => {
		const broken = LAB.replace(
			'queue="mcollective.>" write="mcollective" read="mcollective" admin="mcollective"',
			'queue="mcollective.>" write="admins" read="admins" admin="admins"',
		);
		const f = lintActivemqXml(broken);
		const queue = f.filter((x) => x.rule === 'amq-authz-queue');
		assert.equal(queue.length, 2);
		const line = broken.split('\n').findIndex((l) => l.includes('queue="mcollective.>"')) + 1;
		assert.equal(queue[0]?.line, line);
		assert.equal(queue[0]?.severity, 'error');
		assert.match(queue[0]?.message ?? '', /\) may not read\/write\/admin queue mcollective\.reply/);
		assert.match(queue[0]?.fix ?? '', /Add mcollective to read, write, admin/);
		assert.ok(!hasRule(f, 'amq-authz-topic'));
	});

	it('advisories closed to everyone', () => {
		const broken = LAB.replace(/\n\s*<authorizationEntry topic="ActiveMQ\.Advisory[^\n]*/, '');
		assert.ok(hasRule(lintActivemqXml(broken), 'amq-authz-advisory'));
	});

	it('a password mismatch is named by fingerprints only', () => {
		const f = lintActivemqXml(LAB, {topicPassword: {value: 'other-secret', source: 'client.cfg'}});
		const m = f.find((x) => x.rule === 'amq-user-password');
		assert.ok(m);
		assert.ok(
			m.message.includes(fingerprint('marionette')) && m.message.includes(fingerprint('other-secret')),
		);
		assert.ok(!JSON.stringify(f).includes('marionette') && !JSON.stringify(f).includes('other-secret'));
	});

	it('a missing user, a wrong port, no broker', () => {
		assert.ok(hasRule(lintActivemqXml(LAB, {topicUser: 'nobody'}), 'amq-user-missing'));
		assert.ok(hasRule(lintActivemqXml(LAB, {stompPort: 61614}), 'amq-stomp-port'));
		assert.deepEqual(rules(lintActivemqXml('<beans/>')), ['error:amq-no-broker']);
	});
});
