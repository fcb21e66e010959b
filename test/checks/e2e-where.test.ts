/**
 * The silent-node causes told apart from WHERE the check runs, over the fake broker and nodes:
 * on the node (its log local: the rejection line ends the ping early and decides), and on a host
 * with only client.cfg (no node log, no server.cfg): an entry only where the broker's evidence
 * proves it (registration, clock probe, expired reply), else the candidates and the one command
 * for the node. Never a wrong id; no evidence line names a file this host does not have.
 */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {runLandmark} from '../../src/checks/index.js';
import type {LandmarkReport} from '../../src/core/types.js';
import type {RpcCliOptions, RpcOutcome} from '../../src/io/check-io.js';
import {type FakeHost, fakeIO} from './fake-io.js';
import {
	allInOne,
	CLIENT_CFG,
	context,
	type FakeNode,
	fakeCollective,
	ingredientsAt,
	NODE,
	NODE_LOG,
	SERVER_CFG,
} from './fake-lab.js';

const failedRung = (r: LandmarkReport) => r.checks.find((c) => !c.ok && !c.skipped);

/** Every line that claims something was SEEN: check evidence and diagnosis evidence. */
const observedLines = (r: LandmarkReport) => [
	...r.checks.map((c) => c.evidence),
	...(r.diagnosis?.evidence ?? []),
	...(r.diagnosis?.candidates ?? []).map((c) => c.why),
];

/** A host that has only client.cfg: the OpenShift broker host. */
function clientOnly(host: FakeHost): FakeHost {
	host.files.delete(SERVER_CFG);
	host.files.delete(NODE_LOG);
	return {...host, daemons: []};
}

async function e2e(
	nodes: FakeNode[],
	where: 'node' | 'client',
	wire?: FakeHost['wire'],
): Promise<LandmarkReport> {
	let log: ReturnType<typeof fakeIO> | undefined;
	const broker = await fakeCollective(nodes, () => log);
	try {
		const ingredients = ingredientsAt(broker.port);
		const base = allInOne(ingredients, wire ? {wire} : {});
		const host = where === 'client' ? clientOnly(base) : base;
		const io = fakeIO(host);
		// the node writes its log on its own host only
		if (where === 'node') log = io;
		return await runLandmark('e2e', context(io, ingredients, {timeoutMs: 1500}));
	} finally {
		await broker.close();
	}
}

const registration = (more: Record<string, unknown>) => ({
	nodes: [
		{
			identity: NODE,
			heard: 'registration' as const,
			collective: 'mcollective',
			signatureValid: true,
			clockOffsetMs: 0,
			messages: 1,
			agents: ['discovery', 'rpcutil'],
			...more,
		},
	],
});

describe('silent node, on the node itself (log local)', () => {
	it('psk: the invalid-signature line ends the ping early → F13', async () => {
		const r = await e2e([{identity: NODE, psk: 'notthesecret'}], 'node');
		assert.equal(r.diagnosis?.id, 'F13');
		assert.equal(failedRung(r)?.data?.stoppedBy, 'node-log');
		assert.match(failedRung(r)?.evidence ?? '', /stopped after \d+ ms: the node log already showed why/);
	});

	it('clock: the seconds-old line ends the ping early → F14', async () => {
		const r = await e2e([{identity: NODE, clockOffsetS: 120}], 'node');
		assert.equal(r.diagnosis?.id, 'F14');
		assert.equal(r.diagnosis?.clock, 'node-ahead');
		assert.match(r.diagnosis?.evidence.join('\n') ?? '', /the node's clock is ahead of this client's/);
		assert.equal(failedRung(r)?.data?.stoppedBy, 'node-log');
	});

	it('a node that is simply not there: the ping waits the whole timeout and says so', async () => {
		const r = await e2e([], 'node');
		assert.equal(failedRung(r)?.data?.stoppedBy, undefined);
		assert.match(failedRung(r)?.evidence ?? '', /waited the full 1500 ms/);
	});
});

describe('silent node, from a host with only client.cfg', () => {
	it('psk, nothing on the wire: not decided; F13 among the candidates; the command for the node', async () => {
		const r = await e2e([{identity: NODE, psk: 'notthesecret'}], 'client');
		assert.equal(r.diagnosis?.id, undefined);
		assert.equal(r.diagnosis?.undecided, 'undecided-silent-node');
		assert.ok(r.diagnosis?.candidates?.some((c) => c.id === 'F13'));
		assert.equal(r.diagnosis?.decide?.host, NODE);
		assert.match(r.diagnosis?.decide?.command ?? '', /invalid signature\|seconds old/);
		assert.match(r.diagnosis?.notObserved?.join('\n') ?? '', /not on this host/);
	});

	it('psk, its registration signed with another psk → F13, ending the ping early', async () => {
		const r = await e2e([{identity: NODE, psk: 'notthesecret'}], 'client', {
			facts: registration({signatureValid: false}),
		});
		assert.equal(r.diagnosis?.id, 'F13');
		assert.equal(failedRung(r)?.data?.stoppedBy, 'wire');
		assert.doesNotMatch(JSON.stringify(r), /notthesecret/);
	});

	it('clock ahead: the node answers the clock probe (+30 days) → F14 without its log', async () => {
		const r = await e2e([{identity: NODE, clockOffsetS: 120}], 'client', {facts: {}});
		assert.equal(r.diagnosis?.id, 'F14');
		assert.match(r.diagnosis?.evidence.join('\n') ?? '', /answered the clock probe/);
		// the words follow the evidence: the node's clock is the one ahead
		assert.equal(r.diagnosis?.clock, 'node-ahead');
		assert.match(r.diagnosis?.cause ?? '', /node's clock is ahead of this client's/);
		assert.equal(failedRung(r)?.data?.stoppedBy, 'wire');
	});

	it('clock behind: the broker expired the reply to a ping aimed at that node alone → F14', async () => {
		const r = await e2e([], 'client', {facts: {}, expiredReplies: 1});
		assert.equal(r.diagnosis?.id, 'F14');
		assert.match(r.diagnosis?.evidence.join('\n') ?? '', /expired its reply/);
		// the words follow the evidence: the NODE's clock is behind, not the client's
		assert.equal(r.diagnosis?.clock, 'node-behind');
		assert.match(r.diagnosis?.cause ?? '', /node's clock is behind/);
		assert.doesNotMatch(JSON.stringify(r.diagnosis), /client's clock is behind|clock is ahead/);
	});

	it('node stopped: the advisories count no mcollectived subscribed → F9-F12 remain, early, no id', async () => {
		const r = await e2e([], 'client', {
			facts: {consumers: new Map([['/topic/mcollective.discovery.agent', 0]])},
		});
		assert.equal(r.diagnosis?.id, undefined);
		assert.deepEqual(
			r.diagnosis?.candidates?.map((c) => c.id),
			['F9', 'F10', 'F11', 'F12'],
		);
		assert.equal(failedRung(r)?.data?.stoppedBy, 'wire');
		assert.match(r.diagnosis?.decide?.command ?? '', /systemctl status mcollective/);
	});

	it('other collective: its registration names that collective → F12', async () => {
		const r = await e2e([], 'client', {facts: registration({collective: 'othercoll'})});
		assert.equal(r.diagnosis?.id, 'F12');
	});

	it('a healthy registration but silent: connected, psk and clock fine → not decided, never a guess', async () => {
		const r = await e2e([], 'client', {facts: registration({})});
		assert.equal(r.diagnosis?.id, undefined);
	});
});

describe('no output cites a file or log this host does not have', () => {
	const cases: Array<[string, FakeNode[], FakeHost['wire']]> = [
		['psk-mismatch', [{identity: NODE, psk: 'notthesecret'}], undefined],
		['clock-skew', [{identity: NODE, clockOffsetS: 120}], undefined],
		['node-stopped', [], undefined],
		[
			'node-stopped, advisories',
			[],
			{facts: {consumers: new Map([['/topic/mcollective.discovery.agent', 0]])}},
		],
		[
			'psk-mismatch, registration',
			[{identity: NODE, psk: 'x'}],
			{facts: registration({signatureValid: false})},
		],
	];
	for (const [name, nodes, wire] of cases)
		it(`e2e, ${name}: no evidence line names ${SERVER_CFG} or ${NODE_LOG}`, async () => {
			const r = await e2e(nodes, 'client', wire);
			assert.equal(r.ok, false);
			for (const line of observedLines(r)) {
				assert.ok(!line.includes(SERVER_CFG), `${name}: ${line}`);
				assert.ok(!line.includes(NODE_LOG), `${name}: ${line}`);
				assert.doesNotMatch(line, /both files|never reached the node/, name);
			}
		});

	it('agent missing, no node log here: not decided (F17/F18), the command for the node, no log cited', async () => {
		const ingredients = ingredientsAt(61613);
		const host = clientOnly(allInOne(ingredients));
		const rpc = (o: RpcCliOptions): RpcOutcome =>
			({
				ok: o.action === 'agent_inventory',
				exitCode: 0,
				replies:
					o.action === 'agent_inventory'
						? [{sender: NODE, statuscode: 0, statusmsg: 'OK', data: {agents: [{agent: 'rpcutil'}]}}]
						: [],
			}) as unknown as RpcOutcome;
		const r = await runLandmark('agent', context(fakeIO({...host, rpc}), ingredients));
		assert.equal(failedRung(r)?.id, 'agent-inventory');
		assert.equal(r.diagnosis?.id, undefined);
		assert.deepEqual(
			r.diagnosis?.candidates?.map((c) => c.id),
			['F17', 'F18', 'F19'],
		);
		for (const line of observedLines(r)) {
			assert.ok(!line.includes(NODE_LOG), line);
			assert.doesNotMatch(line, /load error|libdir/, line);
		}
	});
});

void CLIENT_CFG;
