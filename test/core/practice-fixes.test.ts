import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {readContent} from '../../src/content.js';
import {fixContext} from '../../src/core/diagnose.js';
import {fixLine} from '../../src/core/fix-line.js';
import {onRange, rangeFixLines} from '../../src/core/practice-fixes.js';
import type {Diagnosis} from '../../src/core/types.js';
import {parseAclText} from '../../src/practice/auth.js';
import {SEED_INGREDIENTS} from '../fixtures/sample-ingredients.js';

const FIXES = readContent('practice/fixes');
const VALUES = {
	pid: '4242',
	acl: '/p/activemq-acl.txt',
	nodeHost: '/p/node1-host.ini',
	nodeRestart: '/p/bin/mcollective-restart',
	clientCfg: '/p/client.cfg',
};
const f = fixContext(SEED_INGREDIENTS, {serviceRestart: VALUES.nodeRestart});

describe('fixes on the practice range (content/practice/fixes.md)', () => {
	it('F1: no systemctl or firewall-cmd; the range broker restart instead; the client.cfg edit kept', () => {
		const real: Diagnosis = {
			id: 'F1',
			evidence: ['connection refused'],
			fix: [
				"sed -i 's/^plugin.activemq.pool.1.port = .*/plugin.activemq.pool.1.port = 61613/' /p/client.cfg",
				'# on the ActiveMQ host:',
				f.brokerRestart,
				'firewall-cmd --add-port=61613/tcp --permanent && firewall-cmd --reload',
			],
		};
		const shown = onRange(real, FIXES, VALUES);
		const text = shown.fix.join('\n');
		assert.doesNotMatch(text, /systemctl|firewall-cmd|ActiveMQ host/);
		assert.match(text, /kill -USR1 4242/);
		assert.match(text, /plugin\.activemq\.pool\.1\.port = 61613/);
		assert.deepEqual(shown.evidence, real.evidence);
	});

	it('F3: no /etc/hosts or DNS record on the range (nothing outside the range dir); the client.cfg edit kept', () => {
		const shown = onRange(
			{
				id: 'F3',
				evidence: ['msg1.practice.invalid does not resolve'],
				fix: [
					"sed -i 's|^plugin\\.activemq\\.pool\\.1\\.host *=.*|plugin.activemq.pool.1.host = 127.0.0.1|' /p/client.cfg",
					'# add a DNS record for 127.0.0.1, or on this host:',
					"echo '<address-of-the-ActiveMQ-host> 127.0.0.1' >> /etc/hosts",
				],
			},
			FIXES,
			VALUES,
		);
		const text = shown.fix.join('\n');
		assert.doesNotMatch(text, /\/etc\/hosts'? *$|>> \/etc|DNS record/m);
		assert.match(text, /pool\.1\.host = 127\.0\.0\.1\|' \/p\/client\.cfg/);
	});

	it('F15: no "restart it on each silent node" (no machine on the range): landmark 1 takes it out of Node identities', () => {
		const shown = onRange(
			{
				id: 'F15',
				evidence: ['2 replied, silent: node3.practice'],
				fix: ['# on each silent node: /p/bin/mcollective-restart; check …'],
			},
			FIXES,
			VALUES,
		);
		const text = shown.fix.join('\n');
		assert.doesNotMatch(text, /on each silent node/);
		assert.match(text, /out of Node identities in landmark 1/);
		assert.match(text, /^mco-wizard {3}# landmark 1 rewrites \/p\/client\.cfg/m);
	});

	it('F6 names the range ACL file, not /etc/activemq; F14 and F17 name node1-host.ini, the restart once', () => {
		const f6 = onRange(
			{
				id: 'F6',
				evidence: [],
				fix: ['# in /etc/activemq/activemq.xml <authorizationEntries>', f.brokerRestart],
			},
			FIXES,
			VALUES,
		).fix.join('\n');
		assert.doesNotMatch(f6, /\/etc\/activemq|systemctl/);
		assert.match(f6, /\/p\/activemq-acl\.txt/);
		// the ACL entries are lines of that file, marked as such (`+ `), never shown as commands
		assert.match(f6, /^\+ queue mcollective\.> read=mcollective write=mcollective$/m);
		for (const id of ['F14', 'F17'] as const) {
			const fix = onRange(
				{
					id,
					evidence: [],
					fix: [
						'dnf install -y chrony && systemctl enable --now chronyd',
						'yum install -y x',
						VALUES.nodeRestart,
					],
				},
				FIXES,
				VALUES,
			).fix;
			assert.match(fix.join('\n'), /\/p\/node1-host\.ini/);
			assert.doesNotMatch(fix.join('\n'), /dnf|yum|systemctl/);
			assert.equal(fix.filter((l) => l === VALUES.nodeRestart).length, 1);
		}
	});

	it('F6 on the range: the ACL entries are file lines (no `$`), the broker restart a command', () => {
		const fix = onRange(
			{
				id: 'F6',
				evidence: [],
				fix: ['# in /etc/activemq/activemq.xml <authorizationEntries>', f.brokerRestart],
			},
			FIXES,
			VALUES,
		).fix;
		const entries = fix.map(fixLine).filter((l) => /mcollective\.>|ActiveMQ\.Advisory/.test(l.text));
		assert.equal(entries.length, 3);
		for (const e of entries) assert.equal(e.kind, 'file-line', e.text);
		assert.deepEqual(
			entries.map((e) => e.text),
			[
				'topic mcollective.> read=mcollective write=mcollective',
				'queue mcollective.> read=mcollective write=mcollective',
				'topic ActiveMQ.Advisory.> read=everyone write=everyone',
			],
		);
		// every range ACL line parses as the range broker reads its ACL file
		const {acl, errors} = parseAclText(entries.map((e) => e.text).join('\n'));
		assert.deepEqual(errors, []);
		assert.equal(acl.length, 3);
		assert.equal(fixLine('kill -USR1 4242').kind, 'command');
		assert.ok(fix.includes('kill -USR1 4242'));
	});

	it('an entry without a range section, or an undecided screen, is shown as diagnosed', () => {
		const psk: Diagnosis = {id: 'F13', evidence: [], fix: ['systemctl restart mcollective']};
		assert.equal(onRange(psk, FIXES, VALUES), psk);
		assert.equal(rangeFixLines(FIXES, 'F13'), undefined);
		const undecided: Diagnosis = {undecided: 'undecided-silent-node', evidence: [], fix: []};
		assert.equal(onRange(undecided, FIXES, VALUES), undecided);
		assert.ok(rangeFixLines(FIXES, 'F1')?.length);
	});
});
