/**
 * The simulated nodes' shortcuts must not change a byte or a verdict: replyEncoder's spliced
 * replies against encodeReply's, and a RequestReading shared by many nodes against serverVerdict
 * on the raw payload, node by node (different psk, clock, identity, agents).
 */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {
	buildFilter,
	decodeReply,
	encodeReply,
	encodeRequest,
	readRequest,
	replyEncoder,
	serverVerdict,
} from '../../src/mcollective/envelope.js';
import {type MarshalInput, marshalDump, sym} from '../../src/mcollective/marshal.js';

const identities = [
	'node1.practice',
	'',
	'x',
	'a'.repeat(122),
	'b'.repeat(123),
	'c'.repeat(255),
	'd'.repeat(256),
	'e'.repeat(70_000),
	'nöde-ü.example.com',
	'節点.example',
];

describe('replyEncoder', () => {
	it('makes the very bytes encodeReply makes, for any senderid and as the request changes', () => {
		const encode = replyEncoder();
		const bodies = [
			'pong',
			'pang',
			new Map<MarshalInput, MarshalInput>([
				[sym('statuscode'), 0],
				[sym('data'), {pong: 17}],
			]),
		];
		for (const requestid of ['0123456789abcdef0123456789abcdef', 'ffff']) {
			for (const body of bodies) {
				for (const psk of ['one', 'two']) {
					for (const senderid of identities) {
						const fields = {body, senderid, requestid, senderagent: 'discovery', msgtime: 1_760_000_000, psk};
						assert.deepEqual(encode(fields), encodeReply(fields), `${senderid.slice(0, 20)} ${psk}`);
					}
				}
			}
		}
	});

	it('notices a changed non-String body with the same request (compared by its bytes)', () => {
		const encode = replyEncoder();
		const base = {senderid: 'n1', requestid: 'r', senderagent: 'rpcutil', msgtime: 5, psk: 'p'};
		const first = encode({...base, body: new Map([[sym('data'), 1]])});
		const second = encode({...base, body: new Map([[sym('data'), 2]])});
		assert.notDeepEqual(first, second);
		const decoded = decodeReply(second, {psk: 'p', requestid: 'r'});
		assert.ok(decoded.ok);
		assert.deepEqual(decoded.reply.body, new Map([[sym('data'), 2]]));
	});
});

describe('readRequest shared by many nodes', () => {
	it('gives each node the verdict serverVerdict gives it on the raw payload', () => {
		const nowS = 1_760_000_000;
		const payloads = [
			encodeRequest({
				body: 'ping',
				senderid: 'client',
				requestid: 'r1',
				filter: buildFilter({agent: ['openshift'], identity: ['node2']}),
				collective: 'mcollective',
				agent: 'discovery',
				callerid: 'uid=0',
				ttl: 60,
				msgtime: nowS,
				psk: 'right',
			}).payload,
			encodeRequest({
				body: 'ping',
				senderid: 'client',
				requestid: 'r2',
				filter: buildFilter(),
				collective: 'mcollective',
				agent: 'discovery',
				callerid: 'not a callerid',
				ttl: 60,
				msgtime: nowS,
				psk: 'right',
			}).payload,
			marshalDump(
				new Map<MarshalInput, MarshalInput>([
					[sym('body'), Uint8Array.of(1, 2)],
					[sym('hash'), 'x'],
				]),
			),
			Uint8Array.of(4, 8, 0x7b),
		];
		const servers = [
			{psk: 'right', nowS, identity: 'node2', agents: ['discovery', 'openshift']},
			{psk: 'right', nowS, identity: 'node3', agents: ['discovery', 'openshift']},
			{psk: 'right', nowS: nowS + 3600, identity: 'node2', agents: ['discovery', 'openshift']},
			{psk: 'wrong', nowS, identity: 'node2', agents: ['discovery', 'openshift']},
			{psk: 'right', nowS, identity: 'node2', agents: ['discovery']},
		];
		const steps = new Set<string>();
		for (const payload of payloads) {
			const reading = readRequest(payload);
			for (const server of servers) {
				const shared = serverVerdict(reading, server);
				assert.deepEqual(shared, serverVerdict(payload, server));
				steps.add(shared.step);
			}
		}
		// the cases above reach every step, so the comparison covers each branch
		assert.deepEqual([...steps].sort(), ['accepted', 'callerid', 'filter', 'marshal', 'signature', 'ttl']);
	});
});
