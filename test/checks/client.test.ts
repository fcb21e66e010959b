/**
 * Landmark 2's rungs over a fake host and the fake STOMP broker: each passes on a good setup and
 * fails with the evidence (and catalogue entry) the real lab tests expect for the same fault
 * (test/real/check-client-*.test.ts).
 */
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {runLandmark} from '../../src/checks/index.js';
import type {LandmarkReport} from '../../src/core/types.js';
import {freePort, startFakeStompServer} from '../mcollective/fake-stomp-server.js';
import {fakeIO} from './fake-io.js';
import {allInOne, CLIENT_CFG, context, fakeCollective, ingredientsAt, NODE, SERVER_CFG} from './fake-lab.js';

const failedRung = (r: LandmarkReport) => r.checks.find((c) => !c.ok && !c.skipped);
const edit = (text: string, key: string, value: string) =>
	text.replace(new RegExp(`^${key.replaceAll('.', '\\.')} = .*$`, 'm'), `${key} = ${value}`);
describe('client ladder over fakes', () => {
	let broker: Awaited<ReturnType<typeof fakeCollective>>;
	before(async () => {
		broker = await fakeCollective([{identity: NODE}], () => undefined);
	});
	after(() => broker.close());

	it('a good host passes every rung, in steps/ order, with the evidence of each', async () => {
		const ingredients = ingredientsAt(broker.port);
		const io = fakeIO(allInOne(ingredients));
		const events: string[] = [];
		const r = await runLandmark('client', context(io, ingredients), {
			onProgress: (e) => events.push(`${e.phase} ${e.checkId}`),
		});
		assert.equal(r.ok, true, JSON.stringify(r.checks, null, 1));
		assert.equal(r.diagnosis, null);
		const ids = ['client-config', 'client-lint', 'dns', 'tcp', 'stomp-login', 'subscribe', 'ping-empty'];
		assert.deepEqual(
			r.checks.map((c) => c.id),
			ids,
		);
		assert.deepEqual(
			events,
			ids.flatMap((id) => [`start ${id}`, `done ${id}`]),
		);
		const ev = Object.fromEntries(r.checks.map((c) => [c.id, c.evidence]));
		assert.match(
			ev['client-config'] ?? '',
			/named in the answers file.*connector activemq.*password sha256 /,
		);
		assert.doesNotMatch(JSON.stringify(r), /marionette|mcsecret/);
		assert.match(ev.dns ?? '', /127\.0\.0\.1 → 127\.0\.0\.1/);
		assert.match(ev.tcp ?? '', /accepts connections/);
		assert.match(ev['stomp-login'] ?? '', /CONNECTED as mcollective to FakeMQ\/1\.0/);
		assert.match(
			ev.subscribe ?? '',
			/subscribed to \/queue\/mcollective\.reply\.mco-wizard_\d+\.1, \/topic\/mcollective\.discovery\.agent/,
		);
		assert.match(ev['ping-empty'] ?? '', new RegExp(`ping delivered: ${NODE.replaceAll('.', '\\.')}`));
	});

	it('client-config: a missing client.cfg fails at once and says which file', async () => {
		const ingredients = ingredientsAt(broker.port);
		const host = allInOne(ingredients);
		host.files.delete(CLIENT_CFG);
		const r = await runLandmark('client', context(fakeIO(host), ingredients));
		assert.equal(failedRung(r)?.id, 'client-config');
		assert.equal(failedRung(r)?.evidence, `${CLIENT_CFG} does not exist`);
		assert.ok(r.checks.slice(1).every((c) => c.skipped && /not run/.test(c.evidence)));
		assert.ok(r.diagnosis, 'a missing client.cfg has a diagnosis');
	});

	it('client-config: an unreadable file is EACCES, not "missing"', async () => {
		const ingredients = ingredientsAt(broker.port);
		const host = allInOne(ingredients);
		host.files.set(CLIENT_CFG, {error: 'EACCES'});
		const r = await runLandmark('client', context(fakeIO(host), ingredients));
		assert.equal(failedRung(r)?.evidence, `${CLIENT_CFG} is not readable by this user`);
	});

	it('client-config: a shadowed client.cfg that names another broker is where the edit went (F2)', async () => {
		const ingredients = ingredientsAt(broker.port);
		const other = '/etc/puppetlabs/mcollective/client.cfg';
		const host = allInOne(ingredients, {
			live: {client: {path: CLIENT_CFG, source: 'first-readable', candidates: [], shadowed: [other]}},
		});
		host.files.set(other, edit(host.files.get(CLIENT_CFG) as string, 'plugin.activemq.pool.1.host', 'msg9'));
		const r = await runLandmark('client', {...context(fakeIO(host), ingredients), system: {}});
		assert.equal(failedRung(r)?.id, 'client-config');
		assert.match(failedRung(r)?.evidence ?? '', /another client config disagrees: .*puppetlabs.*broker msg9/);
	});

	it('client-lint: the seed client.cfg (stomp connector) is F29; different passwords in the pair are F5', async () => {
		const ingredients = ingredientsAt(broker.port);
		const seed = allInOne(ingredients);
		const {readFileSync} = await import('node:fs');
		seed.files.set(CLIENT_CFG, readFileSync(new URL('../fixtures/seed-client.cfg', import.meta.url), 'utf8'));
		const r1 = await runLandmark('client', context(fakeIO(seed), ingredients));
		assert.equal(failedRung(r1)?.id, 'client-lint');
		assert.equal(r1.diagnosis?.id, 'F29');

		const pw = allInOne(ingredients);
		pw.files.set(
			CLIENT_CFG,
			edit(pw.files.get(CLIENT_CFG) as string, 'plugin.activemq.pool.1.password', 'wrongpass'),
		);
		const r2 = await runLandmark('client', context(fakeIO(pw), ingredients));
		assert.equal(failedRung(r2)?.id, 'client-lint');
		assert.equal(r2.diagnosis?.id, 'F5');
		assert.match(r2.diagnosis?.evidence.join('\n') ?? '', /different passwords/);
		assert.doesNotMatch(JSON.stringify(r2), /wrongpass|marionette/);
	});

	it('client-lint: another collective than the node is F12', async () => {
		const ingredients = ingredientsAt(broker.port);
		const host = allInOne(ingredients);
		let client = host.files.get(CLIENT_CFG) as string;
		client = edit(edit(client, 'main_collective', 'openshift'), 'collectives', 'openshift');
		host.files.set(CLIENT_CFG, client);
		const r = await runLandmark('client', context(fakeIO(host), ingredients));
		assert.equal(failedRung(r)?.id, 'client-lint');
		assert.equal(r.diagnosis?.id, 'F12');
		assert.match(r.diagnosis?.evidence.join('\n') ?? '', /openshift/);
	});

	it('dns: a name that does not resolve is F3; one that never answers ends at its timeout', async () => {
		const ingredients = ingredientsAt(broker.port, {brokerHost: 'msg1.infra.invalid'});
		const r = await runLandmark('client', context(fakeIO(allInOne(ingredients)), ingredients));
		assert.equal(failedRung(r)?.id, 'dns');
		assert.equal(failedRung(r)?.evidence, 'msg1.infra.invalid: ENOTFOUND');
		assert.equal(r.diagnosis?.id, 'F3');
		assert.match(r.diagnosis?.evidence.join('\n') ?? '', /msg1\.infra\.invalid/);

		const slow = ingredientsAt(broker.port, {brokerHost: 'slow.example'});
		const io = fakeIO(allInOne(slow, {dns: {'slow.example': 'timeout'}}));
		const t = await runLandmark('client', context(io, slow, {timeoutMs: 50}));
		assert.equal(failedRung(t)?.id, 'dns');
		assert.deepEqual(failedRung(t)?.data, {
			outcome: 'timeout',
			addresses: [],
			code: 'ETIMEOUT',
			host: 'slow.example',
		});
	});

	it('ping-empty: a session the broker drops, then refused on a fresh look, is the broker gone mid-check (F1)', async () => {
		const ingredients = ingredientsAt(broker.port);
		const io = fakeIO(allInOne(ingredients));
		let tcpCalls = 0;
		const gone: typeof io = {
			...io,
			// the tcp rung still reaches the broker; the look after the dropped ping is refused
			tcpConnect: async (h, p, ms, signal) =>
				++tcpCalls === 1
					? io.tcpConnect(h, p, ms, signal)
					: {outcome: 'refused', code: 'ECONNREFUSED', ms: 1},
			mcoPing: async (settings, options) => {
				const r = await io.mcoPing(settings, options);
				return {
					...r,
					failure: {
						outcome: 'dropped',
						phase: 'session',
						detail: 'connection closed after CONNECTED: closed',
					},
				} as typeof r;
			},
		};
		const r = await runLandmark('client', context(gone, ingredients));
		assert.equal(failedRung(r)?.id, 'ping-empty');
		assert.match(failedRung(r)?.evidence ?? '', /closed after CONNECTED.*refuses new connections now/);
		assert.equal(r.diagnosis?.id, 'F1');
	});

	it('dns: a resolver that never answers at all (ignores its timeout) still ends at the dns rung, no hang', async () => {
		const ingredients = ingredientsAt(broker.port, {brokerHost: 'never.example'});
		const io = fakeIO(allInOne(ingredients));
		const stuck: typeof io = {...io, resolveHost: () => new Promise(() => {})};
		const r = await runLandmark('client', context(stuck, ingredients, {timeoutMs: 50}));
		assert.equal(r.ok, false);
		assert.equal(failedRung(r)?.id, 'dns');
		assert.match(failedRung(r)?.evidence ?? '', /no result within/);
		assert.ok(
			r.checks.filter((c) => c.id !== 'dns' && !c.ok).every((c) => c.skipped),
			'later rungs not run',
		);
	});

	it('tcp: a closed port is refused, F1', async () => {
		const port = await freePort();
		const ingredients = ingredientsAt(port);
		const r = await runLandmark('client', context(fakeIO(allInOne(ingredients)), ingredients));
		assert.equal(failedRung(r)?.id, 'tcp');
		assert.match(
			failedRung(r)?.evidence ?? '',
			new RegExp(`127\\.0\\.0\\.1:${port} refused \\(ECONNREFUSED\\)`),
		);
		assert.equal(r.diagnosis?.id, 'F1');
	});

	it('stomp-login: the broker refuses the password (no server.cfg here) → F5 with its own words', async () => {
		const rejecting = await startFakeStompServer({mode: 'reject-login'});
		try {
			const ingredients = ingredientsAt(rejecting.port);
			const host = allInOne(ingredients);
			host.files.delete(SERVER_CFG);
			const r = await runLandmark('client', context(fakeIO(host), ingredients));
			assert.equal(failedRung(r)?.id, 'stomp-login');
			assert.equal(r.diagnosis?.id, 'F5');
			assert.match(
				r.diagnosis?.evidence.join('\n') ?? '',
				/User name \[mcollective\] or password is invalid/,
			);
		} finally {
			await rejecting.close();
		}
	});

	it('stomp-login: a port that accepts TCP but never speaks STOMP times out (F7)', async () => {
		const silent = await startFakeStompServer({mode: 'silent'});
		try {
			const ingredients = ingredientsAt(silent.port);
			const host = allInOne(ingredients);
			const r = await runLandmark('client', context(fakeIO(host), ingredients, {timeoutMs: 300}));
			assert.equal(failedRung(r)?.id, 'stomp-login');
			assert.equal(failedRung(r)?.data?.outcome, 'timeout');
			assert.equal(r.diagnosis?.id, 'F7');
		} finally {
			await silent.close();
		}
	});

	it('stomp-login: the rabbitmq connector against an ActiveMQ broker (no server.cfg) is F12 from the CONNECTED frame', async () => {
		const ingredients = ingredientsAt(broker.port, {connector: 'rabbitmq'});
		const host = allInOne(ingredients);
		host.files.delete(SERVER_CFG);
		const io = fakeIO(host);
		// the fake broker calls itself FakeMQ; here it says what ActiveMQ's CONNECTED frame says
		const asActiveMQ = {
			...io,
			probeStomp: async (o: Parameters<typeof io.probeStomp>[0]) => ({
				...(await io.probeStomp(o)),
				server: 'ActiveMQ/5.17.2',
			}),
		};
		const r = await runLandmark('client', context(asActiveMQ, ingredients));
		assert.equal(failedRung(r)?.id, 'stomp-login');
		assert.equal(failedRung(r)?.data?.outcome, 'connector-mismatch');
		assert.equal(r.diagnosis?.id, 'F12');
		assert.match(r.diagnosis?.evidence.join('\n') ?? '', /ActiveMQ/);
		// a broker that names neither is no evidence either way
		const plain = await runLandmark('client', context(fakeIO(host), ingredients));
		assert.equal(plain.checks.find((c) => c.id === 'stomp-login')?.ok, true);
	});

	it("subscribe: the broker refuses the openshift collective (no server.cfg) → undecided F6/F12 naming the destination: the nodes' collectives are not on this host", async () => {
		const denying = await startFakeStompServer({
			deny: [`/queue/openshift.reply.mco-wizard_4242.1`, '/topic/openshift.discovery.agent'],
		});
		try {
			const ingredients = ingredientsAt(denying.port, {collectives: ['openshift']});
			const host = allInOne(ingredients);
			host.files.delete(SERVER_CFG);
			const r = await runLandmark('client', context(fakeIO(host), ingredients));
			assert.equal(failedRung(r)?.id, 'subscribe');
			assert.equal(failedRung(r)?.data?.outcome, 'not-authorized');
			assert.equal(r.diagnosis?.id, undefined);
			assert.equal(r.diagnosis?.undecided, 'undecided-collective-refused');
			assert.deepEqual(
				r.diagnosis?.candidates?.map((c) => c.id),
				['F6', 'F12'],
			);
			assert.match(r.diagnosis?.evidence.join('\n') ?? '', /openshift\.reply/);
		} finally {
			await denying.close();
		}
	});

	it('ping-empty: "No responses received" is success; a broker gone by then is a failure', async () => {
		const empty = await fakeCollective([], () => undefined);
		try {
			const ingredients = ingredientsAt(empty.port);
			const r = await runLandmark('client', context(fakeIO(allInOne(ingredients)), ingredients), {
				from: 'ping-empty',
			});
			assert.deepEqual(
				r.checks.map((c) => c.id),
				['ping-empty'],
			);
			assert.equal(r.ok, true);
			assert.match(r.checks[0]?.evidence ?? '', /No responses received \(fine here/);
		} finally {
			await empty.close();
		}
		const port = await freePort();
		const ingredients = ingredientsAt(port);
		const r = await runLandmark('client', context(fakeIO(allInOne(ingredients)), ingredients), {
			from: 'ping-empty',
		});
		assert.equal(failedRung(r)?.id, 'ping-empty');
		assert.match(failedRung(r)?.evidence ?? '', /^ping failed at /);
	});
});
