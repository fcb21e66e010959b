/**
 * Landmark 3's last rung over the fake broker and a fake node that judges each request as
 * mcollectived would and logs its rejections into the fake host's node log: the node's request to
 * itself, signed with server.cfg's psk (then with the answers' psk when they differ). The verdict
 * rests on the node log's line about THAT request; silence leaves the undecided list.
 */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {runLandmark} from '../../src/checks/index.js';
import {readContent} from '../../src/content.js';
import {diagnose, fixContext} from '../../src/core/diagnose.js';
import type {Ingredients, LandmarkReport} from '../../src/core/types.js';
import {leaksIn} from '../helpers/secret-leaks.js';
import {type FakeIO, fakeIO} from './fake-io.js';
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

/** The server landmark against a fake collective of `nodes`; `tune` edits the fake host first. */
async function serverAs(
	nodes: FakeNode[],
	tune: (host: ReturnType<typeof allInOne>, ingredients: Ingredients) => Ingredients | undefined = () =>
		undefined,
	from?: string,
): Promise<{r: LandmarkReport; io: FakeIO; ingredients: Ingredients}> {
	let io: FakeIO | undefined;
	const broker = await fakeCollective(nodes, () => io);
	try {
		const written = ingredientsAt(broker.port);
		const host = allInOne(written);
		const ingredients = tune(host, written) ?? written;
		io = fakeIO(host);
		const r = await runLandmark('server', context(io, ingredients, {timeoutMs: 1000}), from ? {from} : {});
		return {r, io, ingredients};
	} finally {
		await broker.close();
	}
}

const setPsk = (text: string, psk: string) => text.replace(/^plugin\.psk = .*$/m, `plugin.psk = ${psk}`);

describe('self-request: the node asks itself through the broker', () => {
	it('a node that answers its own request passes, with the broker it went through', async () => {
		const {r, io} = await serverAs([{identity: NODE}]);
		assert.equal(r.ok, true, JSON.stringify(r.checks, null, 1));
		const self = r.checks.find((c) => c.id === 'self-request');
		assert.match(
			self?.evidence ?? '',
			new RegExp(
				`${NODE.replaceAll('.', '\\.')} answered a request addressed to itself via 127\\.0\\.0\\.1:\\d+`,
			),
		);
		assert.ok(io.calls.includes('mcoPing'), 'a real request went to the fake broker');
	});

	it('another node answering is not this node: silence for our identity stays undecided, with the command for this node', async () => {
		const {r} = await serverAs([{identity: 'node9.infra.example.com'}]);
		assert.equal(failedRung(r)?.id, 'self-request');
		assert.equal(r.diagnosis?.id ?? null, null);
		assert.equal(r.diagnosis?.undecided, 'undecided-silent-node');
		assert.deepEqual(
			r.diagnosis?.candidates?.map((c) => c.id),
			['F12', 'F10', 'F6'],
		);
		assert.equal(r.diagnosis?.decide?.host, NODE);
		assert.match(
			r.diagnosis?.evidence.join('\n') ?? '',
			/nothing about the request in \/var\/log\/mcollective\.log/,
		);
	});

	it('the daemon holds another psk than server.cfg: its invalid signature on OUR request is F13, fixed by a restart', async () => {
		const {r, ingredients} = await serverAs([{identity: NODE, psk: 'olddaemonpsk'}]);
		assert.equal(failedRung(r)?.id, 'self-request');
		assert.equal(failedRung(r)?.data?.signedWith, 'server.cfg');
		assert.equal(r.diagnosis?.id, 'F13');
		const said = r.diagnosis?.evidence.join('\n') ?? '';
		assert.match(said, /invalid signature/);
		assert.match(said, /the running mcollectived holds another psk than the file/);
		assert.deepEqual(r.diagnosis?.fix, ['systemctl restart mcollective']);
		assert.deepEqual(
			leaksIn([ingredients.psk, 'olddaemonpsk', ingredients.topicPassword], JSON.stringify(r)),
			[],
		);
	});

	it("server.cfg and the daemon share a psk the answers do not: the answers' psk is rejected → F13, server.cfg's fix only", async () => {
		const {r, io, ingredients} = await serverAs([{identity: NODE, psk: 'notthesecret'}], (host) => {
			// a node host: no client.cfg to compare with, only the answers file says what the psk should be
			host.files.delete(CLIENT_CFG);
			host.files.set(SERVER_CFG, setPsk(host.files.get(SERVER_CFG) as string, 'notthesecret'));
			return undefined;
		});
		assert.equal(failedRung(r)?.id, 'self-request');
		assert.equal(failedRung(r)?.data?.signedWith, 'answers');
		assert.equal(io.calls.filter((c) => c === 'mcoPing').length, 2, 'one request per psk');
		assert.equal(r.diagnosis?.id, 'F13');
		assert.match(r.diagnosis?.evidence.join('\n') ?? '', /signed with the answers file's psk/);
		const fix = r.diagnosis?.fix.join('\n') ?? '';
		assert.match(fix, /server\.cfg/);
		assert.doesNotMatch(fix, /client\.cfg/, 'no client.cfg to fix on the node');
		assert.deepEqual(
			leaksIn([ingredients.psk, 'notthesecret', ingredients.topicPassword], JSON.stringify(r)),
			[],
		);
	});

	it('the daemon finds a request from this very host too old → F14, its clock ahead', async () => {
		const {r} = await serverAs([{identity: NODE, clockOffsetS: 300}]);
		assert.equal(failedRung(r)?.id, 'self-request');
		assert.equal(r.diagnosis?.id, 'F14');
		assert.equal(r.diagnosis?.clock, 'node-ahead');
		assert.match(r.diagnosis?.evidence.join('\n') ?? '', /seconds old, TTL is 60/);
		assert.match(
			r.diagnosis?.evidence.join('\n') ?? '',
			/the clock mcollectived reads is ahead of this host's/,
		);
		// the cause sentence is the node's own: no client took part in this request
		assert.match(r.diagnosis?.cause ?? '', /ahead of this host's/);
		assert.doesNotMatch(r.diagnosis?.cause ?? '', /this client's/);
		// the log line decided: the request did not wait out its timeout
		assert.equal(failedRung(r)?.data?.stoppedBy, 'node-log');
	});

	it('an unreadable node log: nothing is claimed about it, and psk and clock stay among the candidates', async () => {
		const {r} = await serverAs(
			[],
			(host) => {
				host.files.set(NODE_LOG, {error: 'EACCES'});
				return undefined;
			},
			'self-request',
		);
		assert.equal(failedRung(r)?.id, 'self-request');
		assert.equal(r.diagnosis?.undecided, 'undecided-silent-node');
		const said = r.diagnosis?.evidence.join('\n') ?? '';
		assert.match(said, /\/var\/log\/mcollective\.log cannot be read here/);
		assert.doesNotMatch(said, /nothing about the request/);
		assert.deepEqual(
			r.diagnosis?.candidates?.map((c) => c.id),
			['F12', 'F10', 'F6', 'F13', 'F14'],
		);
	});
});

describe('self-request: the daemon handled the request but its reply never came', () => {
	const ingredients = ingredientsAt(61613);
	const f = fixContext(ingredients, {serverConfig: SERVER_CFG, nodeLog: NODE_LOG});
	const handledAt = (iso: string) => ({
		id: 'self-request',
		ok: false,
		ms: 1000,
		evidence: `${NODE} did not answer a request addressed to itself`,
		data: {
			identity: NODE,
			handled: true,
			signedWith: 'server.cfg',
			nodeLogReadable: true,
			ttlS: 60,
			sentAtMs: Date.parse('2026-12-02T03:00:00.000Z'),
			events: [
				{
					kind: 'handling',
					requestId: 'r1',
					agent: 'discovery',
					collective: 'mcollective',
					caller: 'uid=0@node1',
					entry: {lineNo: 42, time: iso, message: 'Handling message r1 for agent discovery', raw: ''},
				},
			],
		},
	});

	it('stamped by the daemon 300 s before this host sent it → F14, its clock behind', () => {
		const d = diagnose('server', [handledAt('2026-12-02T02:55:00.000000+00:00')], f, readContent);
		assert.equal(d?.id, 'F14');
		assert.equal(d?.clock, 'node-behind');
		assert.match(d?.evidence.join('\n') ?? '', /300 s before this host sent it \(TTL 60 s\)/);
	});

	it('stamped within the TTL: the clock is not the reason; F14 and F6 stay candidates, decided on the broker host', () => {
		const d = diagnose('server', [handledAt('2026-12-02T02:59:30.000000+00:00')], f, readContent);
		assert.equal(d?.id ?? null, null);
		assert.deepEqual(
			d?.candidates?.map((c) => c.id),
			['F14', 'F6'],
		);
		assert.equal(d?.decide?.host, ingredients.brokerHost);
	});
});
