/**
 * The one config model (core/mco-config/model.ts). The first table holds the texts on which the
 * two former parsers (checks/settings.ts for the ladders' early rungs, mcollective/client-settings.ts
 * for ping) disagreed; each row states what MCollective 2.12 really reads (Ruby source, and
 * test/real/config-mco-parser.test.ts against the real parser), and every row failed on one of
 * them. Then the bounds of issue 13 and linearity.
 */
import assert from 'node:assert/strict';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, it} from 'node:test';
import fc from 'fast-check';
import {EXIT} from '../../src/commands/mco-output.js';
import {runPing} from '../../src/commands/ping.js';
import {runRpc} from '../../src/commands/rpc.js';
import {lintConfig} from '../../src/core/mco-config/lint.js';
import {
	connectorKeys,
	DEFAULT_STOMP_PORT,
	MAX_POOL_SIZE,
	readMcoConfig,
} from '../../src/core/mco-config/model.js';
import {parseMcoConfig} from '../../src/core/mco-config/parse.js';
import {PLATFORM_PATHS, renderClientCfg, renderServerCfg} from '../../src/core/mco-config/render.js';
import {rubyInteger, rubyToI} from '../../src/core/mco-config/ruby.js';
import {clientSubscriptions} from '../../src/mcollective/destinations.js';
import {ingredientsArb} from '../helpers/ingredients-arb.js';

const BASE = `main_collective = mcollective
collectives = mcollective
securityprovider = psk
plugin.psk = mcsecret
plugin.activemq.pool.size = 1
plugin.activemq.pool.1.host = broker.example.com
plugin.activemq.pool.1.user = mcollective
plugin.activemq.pool.1.password = marionette
`;

type Row = {
	readonly name: string;
	readonly text: string;
	readonly host?: string;
	readonly port?: number;
	readonly ttl?: number;
	readonly ssl?: {cert?: string; key?: string; ca?: string};
};

const DISAGREEMENTS: readonly Row[] = [
	// checks/settings.ts: port undefined → the tcp rung dialled port 0
	{
		name: 'no port line: 61613',
		text: `${BASE}connector = activemq\n`,
		host: 'broker.example.com',
		port: 61613,
	},
	// checks/settings.ts built the prefix `plugin.ActiveMQ.pool.1.` and found no host
	{
		name: 'connector = ActiveMQ loads activemq, which reads plugin.activemq.*',
		text: `${BASE}connector = ActiveMQ\nplugin.activemq.pool.1.port = 61614\n`,
		host: 'broker.example.com',
		port: 61614,
	},
	// checks/settings.ts: parseInt('010', 10) = 10; Ruby Integer('010') = 8
	{name: 'ttl = 010 is octal', text: `${BASE}ttl = 010\n`, ttl: 8},
	// checks/settings.ts: `|| 60` turned ttl = 0 into 60
	{name: 'ttl = 0 stays 0', text: `${BASE}ttl = 0\n`, ttl: 0},
	// checks/settings.ts: ssl only as a boolean, cert/key/ca dropped (the stomp-login rung)
	{
		name: 'ssl settings with cert/key/ca',
		text: `${BASE}plugin.activemq.pool.1.port = 61614\nplugin.activemq.pool.1.ssl = 1\nplugin.activemq.pool.1.ssl.cert = /c.pem\nplugin.activemq.pool.1.ssl.key = /k.pem\nplugin.activemq.pool.1.ssl.ca = /ca1.pem,/ca2.pem\n`,
		port: 61614,
		ssl: {cert: '/c.pem', key: '/k.pem', ca: '/ca1.pem,/ca2.pem'},
	},
	// client-settings.ts: to_i stripped every underscore ('1__0' read 10; Ruby reads 1)
	{
		name: 'port to_i stops at a double underscore',
		text: `${BASE}plugin.activemq.pool.1.port = 6_1__613\n`,
		port: 61,
	},
	// client-settings.ts: Integer('0_10') rejected; Ruby reads 8
	{name: 'ttl 0_10 is octal 8', text: `${BASE}ttl = 0_10\n`, ttl: 8},
];

describe('one config model: what MCollective 2.12 reads', () => {
	for (const row of DISAGREEMENTS) {
		it(row.name, () => {
			const c = readMcoConfig(row.text);
			const pool = c.pool[0];
			if (row.host !== undefined) assert.equal(pool?.host, row.host);
			if (row.port !== undefined) assert.equal(pool?.port, row.port);
			if (row.ttl !== undefined) assert.equal(c.ttl, row.ttl);
			if (row.ssl) {
				assert.equal(pool?.ssl, true);
				assert.equal(pool?.sslCert, row.ssl.cert);
				assert.equal(pool?.sslKey, row.ssl.key);
				assert.equal(pool?.sslCa, row.ssl.ca);
			}
		});
	}

	it('pool.size 2 reads both hosts, each with its own settings and the default port', () => {
		const c = readMcoConfig(
			`${BASE}plugin.activemq.pool.size = 2\nplugin.activemq.pool.2.host = b2\nplugin.activemq.pool.2.port = 61614\nplugin.activemq.pool.2.ssl = yes\n`,
		);
		assert.deepEqual(
			c.pool.map((h) => [h.index, h.host, h.port, h.user, h.ssl]),
			[
				[1, 'broker.example.com', DEFAULT_STOMP_PORT, 'mcollective', false],
				[2, 'b2', 61614, '', true],
			],
		);
		assert.ok(c.problems.includes('no password for (no user)@b2:61614'));
	});

	it('Ruby rules: inline # kept, last duplicate wins, libdir accumulates, main_collective not derived', () => {
		const c = readMcoConfig(
			`${BASE}plugin.psk = a # b\nlibdir = /a:/b\nlibdir = /c\ncollectives = x, y,\nlogfile = /l # x\nregisterinterval = 0x10\nregistration_collective = y\n`,
		);
		assert.equal(c.psk, 'a # b');
		assert.deepEqual(c.libdirs, ['/a', '/b', '/c']);
		assert.deepEqual(c.collectives, ['x', 'y']);
		assert.equal(c.mainCollective, 'mcollective');
		assert.ok(c.problems.includes("Unknown collective 'mcollective' known collectives are 'x, y'"));
		assert.equal(c.logfile, '/l # x');
		assert.deepEqual(c.registration, {plugin: 'Agentlist', interval: 16, collective: 'y', splay: false});
	});

	it('identity: the file, else the host name (Socket.gethostname), and checked as Ruby does', () => {
		assert.equal(readMcoConfig(BASE, {hostname: 'vm1'}).identity, 'vm1');
		assert.equal(readMcoConfig(`${BASE}identity = n1\n`, {hostname: 'vm1'}).identity, 'n1');
		assert.ok(
			readMcoConfig(`${BASE}identity = a b\n`).problems.includes('Identities can only match /\\w\\.\\-/'),
		);
	});

	it('environment overrides 2.12 honours: present wins, even empty (ENV.include?)', () => {
		const c = readMcoConfig(BASE, {
			env: {
				MCOLLECTIVE_PSK: '',
				STOMP_USER: 'u',
				STOMP_PASSWORD: 'p',
				MCOLLECTIVE_ACTIVEMQ_POOL1_SSL_CERT: '/env.pem',
			},
		});
		assert.equal(c.psk, '');
		assert.equal(c.pskSource, 'env');
		assert.equal(c.pool[0]?.user, 'u');
		assert.equal(c.pool[0]?.password, 'p');
		assert.equal(c.pool[0]?.sslCert, '/env.pem');
	});

	it("pluginconf follows Ruby's /^plugin.(.+)$/ (unescaped dot); unknown keys are named", () => {
		const c = readMcoConfig(`${BASE}plugin_activemq.pool.1.port = 7\nColor = 1\n`);
		assert.equal(c.pool[0]?.port, 7);
		assert.ok(c.problems.includes("Unknown config parameter 'Color'"));
	});

	it('plugin.d files: <name>.cfg keys land in pluginconf after the main file', () => {
		const c = readMcoConfig(BASE, {
			pluginFiles: [
				{name: 'activemq.cfg', text: 'pool.1.port = 61620\n# c\npool.1.host = pd\n'},
				{name: 'bad-name.cfg', text: 'pool.1.port = 1\n'},
				{name: 'psk.txt', text: 'x = 1\n'},
			],
		});
		assert.equal(c.pool[0]?.host, 'pd');
		assert.equal(c.pool[0]?.port, 61620);
		assert.equal(c.pluginconf.get('bad-name.pool.1.port'), undefined);
	});

	it('one place names the pool keys', () => {
		assert.deepEqual(connectorKeys('ActiveMQ', 2), {
			host: 'plugin.activemq.pool.2.host',
			port: 'plugin.activemq.pool.2.port',
			user: 'plugin.activemq.pool.2.user',
			password: 'plugin.activemq.pool.2.password',
		});
		assert.equal(connectorKeys('stomp').host, 'plugin.stomp.host');
	});

	it('the subscribe rung asks for the destinations a request really uses', () => {
		assert.deepEqual(
			clientSubscriptions({
				connector: 'activemq',
				mainCollective: 'mcollective',
				collectives: ['mcollective', 'dev'],
				identity: 'mco-wizard',
				pid: 42,
			}),
			[
				'/queue/mcollective.reply.mco-wizard_42.1',
				'/topic/mcollective.discovery.agent',
				'/topic/dev.discovery.agent',
			],
		);
		assert.deepEqual(
			clientSubscriptions({
				connector: 'rabbitmq',
				mainCollective: 'mcollective',
				collectives: ['mcollective'],
				identity: 'w',
				pid: 1,
			}),
			['/exchange/mcollective_broadcast/discovery'],
		);
	});

	it('Ruby Integer() and to_i edge cases (checked in ruby 3.1)', () => {
		const integer: Array<[string, number | undefined]> = [
			['010', 8],
			['0_10', 8],
			['0d10', 10],
			['-010', -8],
			['+0x1f', 31],
			[' 10 ', 10],
			['1__0', undefined],
			['_1', undefined],
			['1_', undefined],
			['08', undefined],
			['0b101', 5],
			['0O17', 15],
			['0x_1f', undefined],
			['0x', undefined],
			['1e3', undefined],
			['', undefined],
		];
		for (const [text, value] of integer) assert.equal(rubyInteger(text), value, JSON.stringify(text));
		const toI: Array<[string, number]> = [
			['  42x', 42],
			['-1', -1],
			['1__000', 1],
			['_1', 0],
			['0x10', 0],
			['', 0],
			[' \t\n12', 12],
		];
		for (const [text, value] of toI) assert.equal(rubyToI(text), value, JSON.stringify(text));
	});

	it('the plain platform libdir is the Debian package one; one constant per platform', () => {
		assert.equal(PLATFORM_PATHS.plain.libdir, '/usr/share/mcollective/plugins');
		assert.equal(PLATFORM_PATHS.scl.libdir, '/opt/rh/ruby193/root/usr/libexec/mcollective');
	});
});

describe('bounds on counts read from a file (issue 13)', () => {
	for (const size of ['100000000', '99999999999999999999']) {
		it(`pool.size = ${size} reads at most ${MAX_POOL_SIZE} hosts and says so`, () => {
			const c = readMcoConfig(BASE.replace('pool.size = 1', `pool.size = ${size}`));
			assert.ok(c.pool.length <= MAX_POOL_SIZE);
			assert.equal(c.pool[0]?.host, 'broker.example.com');
			assert.ok(c.problems.some((p) => p.includes(`more than ${MAX_POOL_SIZE} pool hosts`)));
			const finding = lintConfig(BASE.replace('pool.size = 1', `pool.size = ${size}`), 'client').find(
				(f) => f.rule === 'bad-value' && f.message.includes('pool.size'),
			);
			assert.equal(finding?.severity, 'error');
		});
	}

	for (const port of ['65536', '-1', '99999999999']) {
		it(`port ${port}: ping and rpc exit 2 with one line naming the key`, async () => {
			const dir = await mkdtemp(join(tmpdir(), 'mco-model-'));
			try {
				const file = join(dir, 'client.cfg');
				await writeFile(file, `${BASE}connector = activemq\nplugin.activemq.pool.1.port = ${port}\n`);
				for (const run of [
					(err: (t: string) => void) => runPing({config: file, timeout: 1}, () => {}, err),
					(err: (t: string) => void) => runRpc('rpcutil', 'ping', [], {config: file}, () => {}, err),
				]) {
					const errors: string[] = [];
					const code = await run((t) => errors.push(t));
					assert.equal(code, EXIT.usage);
					assert.equal(errors.length, 1);
					assert.equal(errors[0]?.split('\n').length, 1);
					assert.match(errors[0] ?? '', /plugin\.activemq\.pool\.1\.port = -?\d+ is not a TCP port/);
				}
			} finally {
				await rm(dir, {recursive: true, force: true});
			}
		});
	}
});

describe('linear parser (issue 13): hostile sizes parse, correctly', () => {
	it('a + 4000 spaces + b, and a 1 MB line', () => {
		const spaces = `a${' '.repeat(4000)}b`;
		assert.deepEqual(
			parseMcoConfig(spaces).ignored.map((i) => i.reason),
			['no-equals'],
		);
		const big = 'x'.repeat(1 << 20);
		const c = readMcoConfig(
			`${BASE}plugin.psk = ${big}\nidentity${' '.repeat(1 << 20)}=${' '.repeat(1 << 20)}n1\n`,
		);
		assert.equal(c.psk, big);
		assert.equal(c.identity, 'n1');
		const digits = readMcoConfig(`${BASE}ttl = ${'9'.repeat(1 << 20)}\n`);
		assert.ok(digits.ttl > 1e300 || digits.ttl === Number.POSITIVE_INFINITY);
	});

	it('100k lines: duplicates resolve, libdir accumulates', () => {
		const lines: string[] = [BASE];
		for (let i = 0; i < 100_000; i++) lines.push(i % 2 ? `libdir = /l${i}` : `ttl = ${i}`);
		const c = readMcoConfig(lines.join('\n'));
		assert.equal(c.ttl, 99_998);
		assert.equal(c.libdirs.length, 50_000);
		assert.equal(c.libdirs.at(-1), '/l99999');
	});
});

describe('rendered configs read back to their ingredients (fast-check)', () => {
	it('client.cfg and server.cfg', () => {
		fc.assert(
			fc.property(ingredientsArb, (ing) => {
				for (const role of ['client', 'server'] as const) {
					const text = role === 'client' ? renderClientCfg(ing) : renderServerCfg(ing);
					const c = readMcoConfig(text, {hostname: 'this-host'});
					assert.equal(c.connector, ing.connector);
					assert.equal(c.pool.length, 1);
					assert.equal(c.pool[0]?.host, ing.brokerHost);
					assert.equal(c.pool[0]?.port, ing.stompPort);
					assert.equal(c.pool[0]?.user, ing.topicUser);
					assert.equal(c.pool[0]?.password, ing.topicPassword);
					assert.equal(c.psk, ing.psk);
					assert.deepEqual(c.collectives, ing.collectives);
					assert.equal(c.mainCollective, ing.collectives[0]);
					assert.deepEqual(c.libdirs, [PLATFORM_PATHS[ing.platform].libdir]);
					assert.equal(c.identity, role === 'server' ? ing.nodeIdentities[0] : 'this-host');
					// the legacy stomp connector is flagged, and nothing else
					assert.deepEqual(
						c.problems.filter((p) => !p.startsWith("connector 'stomp' was removed")),
						[],
					);
				}
			}),
		);
	});
});
