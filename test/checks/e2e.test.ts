/**
 * Landmark 4 over the fake broker with fake nodes that judge each ping as mcollectived would and
 * log their rejections: the three "No responses received" look-alikes (psk F13, clock F14, node
 * down F10) told apart as in test/real/check-e2e.test.ts, and the clock-offset rung.
 */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {runLandmark} from '../../src/checks/index.js';
import type {LandmarkReport} from '../../src/core/types.js';
import {type FakeIO, fakeIO} from './fake-io.js';
import {
	allInOne,
	context,
	type FakeNode,
	fakeCollective,
	ingredientsAt,
	NODE,
	SERVER_CFG,
} from './fake-lab.js';

const failedRung = (r: LandmarkReport) => r.checks.find((c) => !c.ok && !c.skipped);

/** runLandmark('e2e') against a fake collective of `nodes`; `tune` edits the fake host first. */
async function e2e(
	nodes: FakeNode[],
	tune: (host: ReturnType<typeof allInOne>) => void = () => {},
	from?: string,
	skewMs = 0,
): Promise<{r: LandmarkReport; io: FakeIO}> {
	let io: FakeIO | undefined;
	const broker = await fakeCollective(nodes, () => io);
	try {
		const ingredients = ingredientsAt(broker.port);
		const host = allInOne(ingredients);
		tune(host);
		const fake = fakeIO(host);
		io = skewMs ? {...fake, now: () => Date.now() + skewMs} : fake;
		const r = await runLandmark('e2e', context(io, ingredients, {timeoutMs: 1000}), from ? {from} : {});
		return {r, io};
	} finally {
		await broker.close();
	}
}

describe('e2e ladder over the fake broker and nodes', () => {
	it('ping-nodes: a session the broker drops, then refused on a fresh look, is the broker gone (F1)', async () => {
		const broker = await fakeCollective([{identity: NODE}], () => undefined);
		try {
			const ingredients = ingredientsAt(broker.port);
			const io = fakeIO(allInOne(ingredients));
			const gone: FakeIO = {
				...io,
				tcpConnect: async () => ({outcome: 'refused', code: 'ECONNREFUSED', ms: 1}),
				mcoPing: async (settings, options) => {
					const r = await io.mcoPing(settings, options);
					return {
						...r,
						replies: [],
						failure: {
							outcome: 'dropped',
							phase: 'subscribe',
							detail: 'connection closed after CONNECTED: closed',
						},
					} as typeof r;
				},
			};
			const r = await runLandmark('e2e', context(gone, ingredients, {timeoutMs: 1000}));
			assert.equal(failedRung(r)?.id, 'ping-nodes');
			assert.match(failedRung(r)?.evidence ?? '', /closed after CONNECTED.*refuses new connections now/);
			assert.equal(r.diagnosis?.id, 'F1');
		} finally {
			await broker.close();
		}
	});

	it('every expected node answers: ping-nodes and clock-offset pass with each node named', async () => {
		const {r} = await e2e([{identity: NODE}]);
		assert.equal(r.ok, true, JSON.stringify(r.checks, null, 1));
		assert.match(r.checks[0]?.evidence ?? '', new RegExp(`^1 replied: ${NODE.replaceAll('.', '\\.')} time=`));
		assert.match(r.checks[1]?.evidence ?? '', /\(TTL 60 s, warning from 30 s\)$/);
	});

	it('a fleet: the evidence is a summary (answered of expected, slowest, the silent named), not a line per node', async () => {
		const fleet = Array.from({length: 250}, (_, i) => `node${i + 1}.fleet.example`);
		let io: FakeIO | undefined;
		const broker = await fakeCollective(
			fleet.map((identity) => ({identity})),
			() => io,
		);
		try {
			const ingredients = ingredientsAt(broker.port, {nodeIdentities: [...fleet, 'gone.fleet.example']});
			const fake = fakeIO(allInOne(ingredients));
			// The wait ends once the 250 have answered, as the user's timeout would later. Not a 1 s
			// timeout: the fake nodes sign 250 replies in this same process (~250 ms CPU cold), and
			// under load the timer fired before any was written ("0 of 251", 3 in 11 runs at load 21).
			// The 60 s timeout is only the bound if the replies never come.
			io = {
				...fake,
				mcoPing: (settings, options) => {
					const enough = new AbortController();
					options.signal?.addEventListener('abort', () => enough.abort(), {once: true});
					let answered = 0;
					return fake.mcoPing(settings, {
						...options,
						signal: enough.signal,
						onReply: (reply) => {
							options.onReply?.(reply);
							if (++answered === fleet.length) enough.abort();
						},
					});
				},
			};
			const r = await runLandmark('e2e', context(io, ingredients, {timeoutMs: 60_000}));
			const evidence = r.checks[0]?.evidence ?? '';
			assert.match(evidence, /^250 of 251 replied; time min /);
			assert.match(evidence, /; slowest: node\d+\.fleet\.example /);
			assert.match(evidence, /; silent: gone\.fleet\.example$/);
			assert.ok(evidence.length < 1000, evidence);
		} finally {
			await broker.close();
		}
	});

	it('psk mismatch: the node logs an invalid signature during the ping → F13', async () => {
		const {r} = await e2e([{identity: NODE, psk: 'notthesecret'}]);
		assert.equal(failedRung(r)?.id, 'ping-nodes');
		assert.match(
			failedRung(r)?.evidence ?? '',
			new RegExp(`No responses received; silent: ${NODE.replaceAll('.', '\\.')}`),
		);
		assert.equal(r.diagnosis?.id, 'F13');
		assert.match(r.diagnosis?.evidence.join('\n') ?? '', /invalid signature/);
		assert.doesNotMatch(JSON.stringify(r), /notthesecret|mcsecret|marionette/);
	});

	it('clock skew: the node finds the request too old → F14', async () => {
		const {r} = await e2e([{identity: NODE, clockOffsetS: 120}]);
		assert.equal(failedRung(r)?.id, 'ping-nodes');
		assert.equal(r.diagnosis?.id, 'F14');
		assert.match(r.diagnosis?.evidence.join('\n') ?? '', /seconds old, TTL is 60/);
	});

	it('node stopped: silence, no log line, no mcollectived → F10', async () => {
		const {r} = await e2e([], (host) => {
			host.daemons = [];
		});
		assert.equal(failedRung(r)?.id, 'ping-nodes');
		assert.equal(failedRung(r)?.data?.daemonRunning, false);
		assert.equal(r.diagnosis?.id, 'F10');
		assert.match(r.diagnosis?.evidence.join('\n') ?? '', /no mcollectived process/);
	});

	it("node stopped while another host's mcollectived (another server.cfg, e.g. in a namespace) runs → still F10", async () => {
		const {r} = await e2e([], (host) => {
			host.daemons = [{pid: 9, config: '/srv/other-host/etc/server.cfg', explicit: true}];
		});
		assert.equal(failedRung(r)?.data?.daemonRunning, false);
		assert.equal(r.diagnosis?.id, 'F10');
	});

	it('a silent node on a host without server.cfg: no claim about the daemon here', async () => {
		const {r} = await e2e([], (host) => {
			host.files.delete(SERVER_CFG);
			host.daemons = [];
		});
		assert.equal(failedRung(r)?.id, 'ping-nodes');
		assert.equal('daemonRunning' in (failedRung(r)?.data ?? {}), false);
	});

	it('clock-offset: a node 40 s ahead answers (inside the TTL) but fails the half-TTL warning', async () => {
		const {r} = await e2e([{identity: NODE, clockOffsetS: 40}], () => {}, 'clock-offset');
		assert.deepEqual(
			r.checks.map((c) => c.id),
			['clock-offset'],
		);
		const c = r.checks[0];
		assert.equal(c?.ok, false);
		const offsets = (c?.data?.offsets ?? []) as Array<{identity: string; offsetS: number}>;
		assert.equal(offsets[0]?.identity, NODE);
		assert.ok((offsets[0]?.offsetS ?? 0) >= 30, JSON.stringify(offsets));
	});

	it("clock-offset: our clock is CheckIO's (40 s ahead here, so the node reads 40 s behind)", async () => {
		const {r} = await e2e([{identity: NODE}], () => {}, 'clock-offset', 40_000);
		const offsets = (r.checks[0]?.data?.offsets ?? []) as Array<{identity: string; offsetS: number}>;
		assert.equal(r.checks[0]?.ok, false);
		assert.ok((offsets[0]?.offsetS ?? 0) <= -30, JSON.stringify(offsets));
	});

	it('clock-offset: nobody answers → nothing to measure, a failure', async () => {
		const {r} = await e2e([], () => {}, 'clock-offset');
		assert.equal(r.checks[0]?.ok, false);
		assert.match(r.checks[0]?.evidence ?? '', /^no reply to measure: No responses received/);
	});
});
