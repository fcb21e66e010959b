import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {describe, it} from 'node:test';
import {hasErrors, type LintFinding, lintConfig, lintPair} from '../../src/core/mco-config/lint.js';
import {renderClientCfg, renderServerCfg} from '../../src/core/mco-config/render.js';
import {fingerprint} from '../../src/core/secrets.js';
import {SEED_INGREDIENTS} from '../fixtures/sample-ingredients.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');
const rules = (findings: readonly LintFinding[]) =>
	findings.map((f) => `${f.severity}:${f.rule}@${f.line ?? '-'}`);
const find = (findings: readonly LintFinding[], rule: string) => findings.find((f) => f.rule === rule);

const GOOD_CLIENT = renderClientCfg(SEED_INGREDIENTS);
const GOOD_SERVER = renderServerCfg(SEED_INGREDIENTS);

describe("lintConfig on the seed's client.cfg (verbatim)", () => {
	const findings = lintConfig(fixture('seed-client.cfg'), 'client');

	it('finds exactly the seed bugs, in line order', () => {
		assert.deepEqual(rules(findings), [
			'warning:deprecated-key@2',
			'error:inline-comment@6',
			'error:legacy-connector@13',
			'error:duplicate-key@17',
			'error:missing-password@17',
		]);
	});
	it('explains that the duplicated user line wins and there is no password', () => {
		const dup = find(findings, 'duplicate-key');
		assert.match(dup?.message ?? '', /lines 16, 17/);
		assert.match(dup?.message ?? '', /no password/);
		assert.match(dup?.fix ?? '', /plugin\.stomp\.password/);
	});
	it('says what MCollective really uses for loglevel', () => {
		assert.match(
			find(findings, 'inline-comment')?.message ?? '',
			/uses 'log {3}# just for testing, normally 'info'' for 'loglevel', not 'log'/,
		);
	});
	it('names the 2.3+ LoadError for connector = stomp (F29)', () => {
		assert.match(find(findings, 'legacy-connector')?.message ?? '', /mcollective\/connector\/stomp\.rb/);
	});
	it('never quotes the secrets (psk, or the password sitting in the second user line)', () => {
		const text = JSON.stringify(findings);
		assert.ok(!text.includes('mcsecret'));
		assert.ok(!text.includes('marionette'));
	});
});

describe("lintConfig on the seed's server.cfg (verbatim)", () => {
	const findings = lintConfig(fixture('seed-server.cfg'), 'server');
	it('flags topicprefix, the inline comment on loglevel, stomp, Meta registration', () => {
		assert.deepEqual(rules(findings), [
			'warning:deprecated-key@2',
			'error:inline-comment@7',
			'warning:registration-plugin@17',
			'error:legacy-connector@20',
			'info:default-secret@24',
			'info:no-identity@-',
		]);
	});
});

// [name, text, role, expected rule, severity, message pattern]
const CASES: Array<[string, string, 'client' | 'server', string, LintFinding['severity'], RegExp]> = [
	[
		'inline # in a password',
		GOOD_CLIENT.replace('password = marionette', 'password = marionette # topic pw'),
		'client',
		'inline-comment',
		'error',
		/part of the password/,
	],
	[
		'inline # in a port is only a warning',
		GOOD_CLIENT.replace('port = 61613', 'port = 61613 # stomp'),
		'client',
		'inline-comment',
		'warning',
		/to_i/,
	],
	[
		'; in a password: a generic INI reader truncates',
		GOOD_CLIENT.replace('password = marionette', 'password = mar;ionette'),
		'client',
		'ini-disagrees',
		'warning',
		/different password/,
	],
	[
		'quoted identity',
		GOOD_SERVER.replace('identity = node1.infra.example.com', 'identity = "node1"'),
		'server',
		'ini-disagrees',
		'warning',
		/removes the quotes/,
	],
	[
		'quoted identity is also a bad identity',
		GOOD_SERVER.replace('identity = node1.infra.example.com', 'identity = "node1"'),
		'server',
		'bad-identity',
		'error',
		/Identities can only match/,
	],
	[
		'stomp keys while connector = activemq (F2)',
		`${GOOD_CLIENT}plugin.stomp.host = msg2\n`,
		'client',
		'wrong-connector-keys',
		'warning',
		/ignored.*'activemq'/,
	],
	[
		'missing pool password',
		GOOD_CLIENT.replace(/^plugin\.activemq\.pool\.1\.password.*\n/m, ''),
		'client',
		'missing-password',
		'error',
		/empty password/,
	],
	[
		'missing pool host',
		GOOD_CLIENT.replace(/^plugin\.activemq\.pool\.1\.host.*\n/m, ''),
		'client',
		'missing-key',
		'error',
		/pool\.1\.host/,
	],
	[
		'missing pool size',
		GOOD_CLIENT.replace(/^plugin\.activemq\.pool\.size.*\n/m, ''),
		'client',
		'missing-key',
		'error',
		/pool\.size/,
	],
	[
		'missing psk',
		GOOD_CLIENT.replace(/^plugin\.psk.*\n/m, ''),
		'client',
		'missing-psk',
		'error',
		/No plugin\.psk/,
	],
	[
		'psk = unset (Debian default, F13)',
		GOOD_CLIENT.replace('plugin.psk = mcsecret', 'plugin.psk = unset'),
		'client',
		'default-secret',
		'warning',
		/'unset'/,
	],
	[
		'empty psk line is ignored',
		GOOD_CLIENT.replace('plugin.psk = mcsecret', 'plugin.psk ='),
		'client',
		'empty-value',
		'error',
		/silently ignores/,
	],
	[
		'collectives without main_collective',
		GOOD_CLIENT.replace(/^main_collective.*\n/m, '').replace(
			'collectives = mcollective',
			'collectives = dev',
		),
		'client',
		'missing-main-collective',
		'error',
		/Unknown collective 'mcollective'/,
	],
	[
		'main_collective not in collectives',
		GOOD_CLIENT.replace('main_collective = mcollective', 'main_collective = dev'),
		'client',
		'main-collective-not-listed',
		'error',
		/'dev'/,
	],
	[
		'relative libdir',
		GOOD_CLIENT.replace('libdir = /usr/share/mcollective/plugins', 'libdir = plugins'),
		'client',
		'libdir-relative',
		'error',
		/'plugins' is relative/,
	],
	[
		'unknown key',
		`${GOOD_CLIENT}conector = activemq\n`,
		'client',
		'unknown-key',
		'error',
		/Unknown config parameter 'conector'/,
	],
	['indented comment with =', `${GOOD_CLIENT}   # foo = bar\n`, 'client', 'unknown-key', 'error', /indented/],
	['octal ttl', `${GOOD_CLIENT}ttl = 010\n`, 'client', 'octal-number', 'warning', /octal \(8\)/],
	['non-integer ttl', `${GOOD_CLIENT}ttl = 60s\n`, 'client', 'bad-value', 'error', /whole number/],
	[
		'port 99999999999',
		GOOD_CLIENT.replace('pool.1.port = 61613', 'pool.1.port = 99999999999'),
		'client',
		'bad-value',
		'error',
		/not a port between 1 and 65535/,
	],
	// Ruby's Integer('08') raises: an error, not octal 0
	['ttl 08 is not octal', `${GOOD_CLIENT}ttl = 08\n`, 'client', 'bad-value', 'error', /whole number/],
	['octal ttl 0_10', `${GOOD_CLIENT}ttl = 0_10\n`, 'client', 'octal-number', 'warning', /octal \(8\)/],
	[
		'pool.size beyond the bound',
		GOOD_CLIENT.replace('pool.size = 1', 'pool.size = 99999999999999999999'),
		'client',
		'bad-value',
		'error',
		/more than 100 pool hosts/,
	],
	[
		'bad boolean',
		GOOD_SERVER.replace('daemonize = 1', 'daemonize = on'),
		'server',
		'bad-value',
		'error',
		/boolean/,
	],
	[
		'unknown connector',
		GOOD_CLIENT.replace('connector = activemq', 'connector = qpid'),
		'client',
		'unknown-connector',
		'error',
		/qpid/,
	],
	[
		'client without reconnect limit (F4)',
		GOOD_CLIENT.replace(/^plugin\.activemq\.max_reconnect_attempts.*\n/m, ''),
		'client',
		'reconnect-forever',
		'info',
		/for ever/,
	],
	[
		'duplicate identical key',
		`${GOOD_CLIENT}loglevel = warn\n`,
		'client',
		'duplicate-key',
		'warning',
		/set 2 times/,
	],
];

describe('lintConfig rules', () => {
	for (const [name, text, role, rule, severity, pattern] of CASES) {
		it(name, () => {
			const findings = lintConfig(text, role);
			const hit = findings.find((f) => f.rule === rule);
			assert.ok(hit, `${rule} not in ${rules(findings).join(', ')}`);
			assert.equal(hit.severity, severity);
			assert.match(hit.message, pattern);
			assert.ok(!JSON.stringify(findings).includes('mcsecret'));
		});
	}
	it('libdir lines accumulate and are not duplicates', () => {
		const findings = lintConfig(`${GOOD_CLIENT}libdir = /opt/more\n`, 'client');
		assert.equal(find(findings, 'duplicate-key'), undefined);
	});
	it('the rendered files have no errors or warnings', () => {
		for (const [text, role] of [
			[GOOD_CLIENT, 'client'],
			[GOOD_SERVER, 'server'],
		] as const) {
			const findings = lintConfig(text, role).filter((f) => f.severity !== 'info');
			assert.deepEqual(findings, []);
		}
		assert.equal(hasErrors(lintConfig(fixture('seed-client.cfg'), 'client')), true);
	});
});

describe('lintPair', () => {
	it('finds psk mismatch by fingerprint, never in clear (F13)', () => {
		const server = renderServerCfg({...SEED_INGREDIENTS, psk: 'otherpsk'});
		const findings = lintPair(GOOD_CLIENT, server);
		const hit = find(findings, 'pair-psk');
		assert.equal(hit?.severity, 'error');
		assert.match(hit?.message ?? '', new RegExp(`${fingerprint('mcsecret')}.*${fingerprint('otherpsk')}`));
		assert.ok(!JSON.stringify(findings).includes('otherpsk'));
		assert.ok(!JSON.stringify(findings).includes('mcsecret'));
	});
	it('finds different connectors (F12)', () => {
		const findings = lintPair(GOOD_CLIENT, renderServerCfg({...SEED_INGREDIENTS, connector: 'rabbitmq'}));
		assert.equal(find(findings, 'pair-connector')?.severity, 'error');
	});
	it('finds a node not listening on the client main collective', () => {
		const findings = lintPair(GOOD_CLIENT, renderServerCfg({...SEED_INGREDIENTS, collectives: ['dev']}));
		assert.equal(find(findings, 'pair-collectives')?.severity, 'error');
	});
	it('finds different passwords for the same user, by fingerprint (F5)', () => {
		const findings = lintPair(GOOD_CLIENT, renderServerCfg({...SEED_INGREDIENTS, topicPassword: 'pw2'}));
		const hit = find(findings, 'pair-password');
		assert.equal(hit?.severity, 'error');
		assert.ok(!JSON.stringify(findings).includes('pw2') && !JSON.stringify(findings).includes('marionette'));
	});
	it('warns on a different broker host or port', () => {
		const findings = lintPair(
			GOOD_CLIENT,
			renderServerCfg({...SEED_INGREDIENTS, brokerHost: 'msg2', stompPort: 61614}),
		);
		assert.deepEqual(
			findings.filter((f) => f.rule === 'pair-broker').map((f) => f.message.split(':')[0]),
			['Broker host differs', 'Broker port differs'],
		);
	});
	it("the seed's pair: only the duplicated user line differs", () => {
		const findings = lintPair(fixture('seed-client.cfg'), fixture('seed-server.cfg'));
		assert.deepEqual(rules(findings), ['warning:pair-broker@23']);
		assert.ok(!JSON.stringify(findings).includes('marionette'));
	});
});
