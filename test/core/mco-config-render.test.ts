import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {hasErrors, lintConfig, lintPair} from '../../src/core/mco-config/lint.js';
import {parseMcoConfig, readMcoSettings} from '../../src/core/mco-config/parse.js';
import {
	defaultConfigDir,
	PLATFORM_PATHS,
	renderClientCfg,
	renderServerCfg,
} from '../../src/core/mco-config/render.js';
import type {Connector, Ingredients, Platform} from '../../src/core/types.js';
import {SEED_INGREDIENTS} from '../fixtures/sample-ingredients.js';

const CONNECTORS: Connector[] = ['activemq', 'rabbitmq', 'stomp'];
const PLATFORMS: Platform[] = ['plain', 'scl'];

function ingredients(connector: Connector, platform: Platform): Ingredients {
	return {...SEED_INGREDIENTS, connector, platform, collectives: ['mcollective', 'dev'], stompPort: 61614};
}

describe('defaultConfigDir', () => {
	it('is /etc/mcollective or the SCL tree', () => {
		assert.equal(defaultConfigDir('plain'), '/etc/mcollective');
		assert.equal(defaultConfigDir('scl'), '/opt/rh/ruby193/root/etc/mcollective');
	});
});

for (const connector of CONNECTORS) {
	for (const platform of PLATFORMS) {
		for (const role of ['client', 'server'] as const) {
			describe(`${role}.cfg, ${connector} connector, ${platform} platform`, () => {
				const ing = ingredients(connector, platform);
				const text = role === 'client' ? renderClientCfg(ing) : renderServerCfg(ing);
				const parsed = parseMcoConfig(text);
				const s = readMcoSettings(text);

				it('reads back (MCollective semantics) to exactly the ingredients', () => {
					assert.equal(s.get('connector'), connector);
					assert.equal(s.get('main_collective'), 'mcollective');
					assert.equal(s.get('collectives'), 'mcollective,dev');
					assert.equal(s.get('securityprovider'), 'psk');
					assert.equal(s.get('plugin.psk'), 'mcsecret');
					assert.equal(s.get('libdir'), PLATFORM_PATHS[platform].libdir);
					const p = connector === 'stomp' ? 'plugin.stomp' : `plugin.${connector}.pool.1`;
					assert.equal(s.get(`${p}.host`), 'msg1.infra.example.com');
					assert.equal(s.get(`${p}.port`), '61614');
					assert.equal(s.get(`${p}.user`), 'mcollective');
					assert.equal(s.get(`${p}.password`), 'marionette');
					if (connector !== 'stomp') assert.equal(s.get(`plugin.${connector}.pool.size`), '1');
				});
				it('has every key once, no inline comments, no ignored lines', () => {
					const keys = parsed.entries.map((e) => e.key);
					assert.equal(new Set(keys).size, keys.length);
					assert.deepEqual(parsed.ignored, []);
					for (const e of parsed.entries) assert.doesNotMatch(e.value, /#/, e.raw);
					for (const line of text.split('\n')) {
						if (line.includes('#')) assert.ok(line.startsWith('# '), line);
					}
				});
				it('never writes the admin password (it belongs to ActiveMQ only)', () => {
					assert.ok(!text.includes('msgadminsecret'));
				});
				it('has only the keys of its own connector', () => {
					for (const other of CONNECTORS.filter((c) => c !== connector)) {
						assert.ok(!parsed.entries.some((e) => e.key.startsWith(`plugin.${other}.`)), other);
					}
				});
				if (connector === 'stomp') {
					it('marks the stomp connector legacy in a comment and keeps topicprefix', () => {
						assert.match(text, /^# LEGACY: .*removed in MCollective 2\.3/m);
						assert.equal(s.get('topicprefix'), '/topic/');
					});
				} else {
					it('lints clean (no errors) and without legacy keys', () => {
						const findings = lintConfig(text, role);
						assert.equal(hasErrors(findings), false, JSON.stringify(findings));
						assert.equal(s.has('topicprefix'), false);
					});
				}
				if (connector === 'rabbitmq') {
					it('sets the RabbitMQ vhost', () => assert.equal(s.get('plugin.rabbitmq.vhost'), '/mcollective'));
				}
				if (role === 'client' && connector !== 'stomp') {
					it('limits reconnects so mco never hangs for ever (F4)', () => {
						assert.equal(s.get(`plugin.${connector}.initial_reconnect_delay`), '0.1');
						assert.equal(s.get(`plugin.${connector}.max_reconnect_attempts`), '6');
						assert.equal(s.get('logger_type'), 'console');
					});
				}
				if (role === 'server') {
					const tuned = connector !== 'stomp'; // the legacy stomp connector has no such settings
					it('sets identity, logfile and facts for the platform', () => {
						assert.equal(s.get('identity'), 'node1.infra.example.com');
						assert.equal(s.get('logfile'), PLATFORM_PATHS[platform].serverLog);
						assert.equal(s.get('daemonize'), '1');
						assert.equal(s.get('factsource'), 'yaml');
						assert.equal(s.get('plugin.yaml'), PLATFORM_PATHS[platform].factsFile);
						// the node never gives up (0 = for ever), unlike mco's 6 tries
						assert.equal(s.get(`plugin.${connector}.max_reconnect_attempts`), tuned ? '0' : undefined);
					});
					// Registered per connector rather than skipped: a skip in every unit run hides whether it ran.
					if (tuned)
						it('reconnects quickly and notices a dead broker connection (heart-beats)', () => {
							assert.equal(s.get(`plugin.${connector}.heartbeat_interval`), '30');
							assert.equal(s.get(`plugin.${connector}.initial_reconnect_delay`), '0.1');
							assert.equal(s.get(`plugin.${connector}.max_reconnect_delay`), '5');
							assert.equal(s.get(`plugin.${connector}.back_off_multiplier`), '2');
						});
					else
						it('writes no reconnect or heart-beat keys the legacy stomp connector does not read', () => {
							for (const key of ['heartbeat_interval', 'initial_reconnect_delay', 'max_reconnect_delay'])
								assert.equal(s.has(`plugin.${connector}.${key}`), false, key);
						});
				}
			});
		}
	}
}

describe('render options and refusals', () => {
	it('honours identity, libdir, loglevel, logfile, facts and daemonize options', () => {
		const s = readMcoSettings(
			renderServerCfg(SEED_INGREDIENTS, {
				identity: 'web-01',
				libdir: '/usr/libexec/mcollective',
				loglevel: 'debug',
				logfile: '/tmp/x.log',
				factsFile: null,
				daemonize: false,
			}),
		);
		assert.equal(s.get('identity'), 'web-01');
		assert.equal(s.get('libdir'), '/usr/libexec/mcollective');
		assert.equal(s.get('loglevel'), 'debug');
		assert.equal(s.get('logfile'), '/tmp/x.log');
		assert.equal(s.get('daemonize'), '0');
		assert.equal(s.has('factsource'), false);
	});
	it('client with a logfile uses the file logger; reconnect: null keeps MCollective defaults', () => {
		const s = readMcoSettings(
			renderClientCfg(SEED_INGREDIENTS, {logfile: '/var/log/mco.log', reconnect: null}),
		);
		assert.equal(s.get('logger_type'), 'file');
		assert.equal(s.get('logfile'), '/var/log/mco.log');
		assert.equal(s.has('plugin.activemq.max_reconnect_attempts'), false);
	});
	it('a rendered pair agrees (lintPair finds nothing)', () => {
		assert.deepEqual(lintPair(renderClientCfg(SEED_INGREDIENTS), renderServerCfg(SEED_INGREDIENTS)), []);
	});
	it('refuses values MCollective would misread, naming the key but not the secret', () => {
		const bad: Array<[Partial<Ingredients>, RegExp]> = [
			[{topicPassword: 'pw '}, /pool\.1\.password/],
			[{psk: ''}, /plugin\.psk.*empty/],
			[{brokerHost: 'a\nidentity = x'}, /host.*spans lines/],
			[{collectives: []}, /collectives/],
		];
		for (const [override, pattern] of bad) {
			assert.throws(
				() => renderClientCfg({...SEED_INGREDIENTS, ...override}),
				(e: unknown) => e instanceof Error && pattern.test(e.message) && !e.message.includes('pw '),
			);
		}
	});
	it('keeps a password with #, ; and = verbatim (MCollective reads it whole)', () => {
		const s = readMcoSettings(renderClientCfg({...SEED_INGREDIENTS, topicPassword: 'a#b;c=d'}));
		assert.equal(s.get('plugin.activemq.pool.1.password'), 'a#b;c=d');
	});
});

describe('registration in server.cfg', () => {
	it('server.cfg turns registration on (agentlist every 30 s), lint-clean; client.cfg has none; opt-out leaves it off', async () => {
		const {renderServerCfg, renderClientCfg} = await import('../../src/core/mco-config/render.js');
		const {readMcoConfig} = await import('../../src/core/mco-config/model.js');
		const {REGISTRATION_SERVER_SETTINGS} = await import('../../src/mcollective/registration.js');
		const server = renderServerCfg(SEED_INGREDIENTS);
		const read = readMcoConfig(server, {env: {}, hostname: 'n'});
		assert.equal(read.registration.interval, REGISTRATION_SERVER_SETTINGS.registerinterval);
		assert.equal(read.registration.plugin, 'Agentlist');
		assert.equal(hasErrors(lintConfig(server, 'server')), false);
		assert.doesNotMatch(renderClientCfg(SEED_INGREDIENTS), /registerinterval|^registration/m);
		const off = readMcoConfig(renderServerCfg(SEED_INGREDIENTS, {registration: false}), {
			env: {},
			hostname: 'n',
		});
		assert.equal(off.registration.interval, 0);
	});
});
