/**
 * #12: a node answering under an identity nobody expected. The fake node answers as server.cfg's
 * identity (node1.infra.example.com) while the ingredients expect node1.example.com. On the node
 * host, proven (the expected name is this host) → F15 citing server.cfg's identity line, the ping
 * ended early; not proven → the same line as a candidate after the timeout; on a client-only host
 * → the unexpected responder named with the command on the node that decides.
 */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {runLandmark} from '../../src/checks/index.js';
import type {LandmarkReport} from '../../src/core/types.js';
import {type FakeHost, fakeIO} from './fake-io.js';
import {allInOne, context, fakeCollective, ingredientsAt, NODE, NODE_LOG, SERVER_CFG} from './fake-lab.js';

const EXPECTED = 'node1.example.com';
const HERE = {hostname: 'vm', addresses: ['127.0.0.1', '192.0.2.20']};
const failedRung = (r: LandmarkReport) => r.checks.find((c) => !c.ok && !c.skipped);

async function e2e(change: (host: FakeHost) => FakeHost, expected = EXPECTED): Promise<LandmarkReport> {
	let log: ReturnType<typeof fakeIO> | undefined;
	const broker = await fakeCollective([{identity: NODE}], () => log);
	try {
		// server.cfg written for NODE; the node list of the ingredients names another identity
		const host = change(allInOne(ingredientsAt(broker.port)));
		const io = fakeIO(host);
		if (host.files.has(NODE_LOG)) log = io;
		const ingredients = ingredientsAt(broker.port, {nodeIdentities: [expected]});
		return await runLandmark('e2e', context(io, ingredients, {timeoutMs: 1500}));
	} finally {
		await broker.close();
	}
}

const identityLine = (r: LandmarkReport) => {
	const text = allInOne(ingredientsAt(1)).files.get(SERVER_CFG) as string;
	const n = text.split('\n').findIndex((l) => /^identity\s*=/.test(l)) + 1;
	assert.ok(n > 0, 'the rendered server.cfg has an identity line');
	return (r.diagnosis?.evidence ?? []).find((e) => e.startsWith(`${SERVER_CFG}:${n}: identity = ${NODE}`));
};

describe('a node answering under another identity', () => {
	it('on the node host, the expected name resolving to this host: F15 citing server.cfg, ping ended early', async () => {
		const r = await e2e((h) => ({...h, thisHost: HERE, dns: {...h.dns, [EXPECTED]: ['192.0.2.20']}}));
		assert.equal(r.diagnosis?.id, 'F15');
		assert.equal(failedRung(r)?.data?.stoppedBy, 'identity');
		assert.ok(identityLine(r), JSON.stringify(r.diagnosis?.evidence));
		assert.ok(r.diagnosis?.evidence.includes(`answered but not expected: ${NODE}`));
		assert.ok(r.diagnosis?.evidence.some((e) => e.includes('192.0.2.20, an address of this host')));
		assert.ok(r.diagnosis?.fix.some((x) => x.includes(`identity = ${EXPECTED}|' ${SERVER_CFG}`)));
		assert.ok(r.diagnosis?.cause?.includes(NODE));
	});

	it("on the node host, the expected name being this host's name: proven the same way", async () => {
		const r = await e2e((h) => ({...h, thisHost: HERE}), 'vm');
		assert.equal(r.diagnosis?.id, 'F15');
		assert.equal(failedRung(r)?.data?.stoppedBy, 'identity');
		assert.ok(r.diagnosis?.evidence.includes("vm is this host's name"));
	});

	it('on the node host, the expected name resolving elsewhere: waits the timeout, the line only a candidate', async () => {
		const r = await e2e((h) => ({...h, thisHost: HERE, dns: {...h.dns, [EXPECTED]: ['192.0.2.99']}}));
		assert.equal(r.diagnosis?.id, 'F15');
		assert.equal(failedRung(r)?.data?.stoppedBy, undefined);
		assert.match(failedRung(r)?.evidence ?? '', /waited the full 1500 ms/);
		assert.ok(r.diagnosis?.evidence.includes(`answered but not expected: ${NODE}`));
		assert.ok(
			r.diagnosis?.evidence.some(
				(e) => e.includes(`identity = ${NODE}`) && e.includes(`if ${EXPECTED} is this host`),
			),
		);
		assert.equal(r.diagnosis?.cause, undefined);
		assert.equal(r.diagnosis?.fix[0], `# if ${EXPECTED} is this host:`);
	});

	it('on the node host, the expected name unresolvable: not proven', async () => {
		const r = await e2e((h) => ({...h, thisHost: HERE}));
		assert.equal(failedRung(r)?.data?.stoppedBy, undefined);
		assert.ok(r.diagnosis?.evidence.includes(`answered but not expected: ${NODE}`));
		assert.equal(r.diagnosis?.cause, undefined);
	});

	it('on a client-only host: the unexpected responder named, the command on the node that decides', async () => {
		const r = await e2e((h) => {
			h.files.delete(SERVER_CFG);
			h.files.delete(NODE_LOG);
			return {...h, daemons: [], thisHost: HERE, dns: {...h.dns, [EXPECTED]: ['192.0.2.20']}};
		});
		assert.equal(r.diagnosis?.id, 'F15');
		assert.equal(failedRung(r)?.data?.stoppedBy, undefined);
		assert.ok(r.diagnosis?.evidence.includes(`answered but not expected: ${NODE}`));
		assert.ok(
			!r.diagnosis?.evidence.some((e) => e.includes(SERVER_CFG)),
			'no line cites a file this host lacks',
		);
		assert.ok(r.diagnosis?.fix[0]?.startsWith(`grep -n '^identity' ${SERVER_CFG}; hostname -f`));
	});

	it('every expected node answering, plus one more: passes', async () => {
		const r = await e2e((h) => ({...h, thisHost: HERE}), NODE);
		assert.equal(r.ok, true);
	});
});
