import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import fc from 'fast-check';
import {decodeReply, encodeReply, serverVerdict} from '../../src/mcollective/envelope.js';
import {MASS, MASS_MAX_RUN, mutated, RUNS, realMarshalBodies, reportSlow, timed} from './harness.js';

const PARSER = 'envelope';
const PSK = 'fuzz-psk';
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** decodeReply and serverVerdict answer, never throw. */
function answers(payload: Uint8Array): void {
	timed(
		PARSER,
		payload.length,
		() => hex(payload),
		() => {
			const reply = decodeReply(payload, {psk: PSK});
			assert.equal(typeof reply.ok, 'boolean');
			assert.equal(typeof serverVerdict(payload, {psk: PSK, nowS: 1}).accepted, 'boolean');
		},
	);
}

describe('fuzz: reply envelopes', () => {
	it('mass: small mutations of the real envelopes (the 10^6-case property)', () => {
		fc.assert(fc.property(mutated(realMarshalBodies(), MASS_MAX_RUN), answers), {numRuns: MASS});
	});

	it('mutated real envelopes: decodeReply and serverVerdict answer, never throw', () => {
		fc.assert(
			fc.property(mutated(realMarshalBodies()), (payload) => {
				timed(
					PARSER,
					payload.length,
					() => hex(payload),
					() => {
						const reply = decodeReply(payload, {psk: PSK});
						assert.equal(typeof reply.ok, 'boolean');
						assert.equal(typeof serverVerdict(payload, {psk: PSK, nowS: 1}).accepted, 'boolean');
					},
				);
			}),
			{numRuns: RUNS},
		);
	});

	it('a signed reply round-trips; any change of its body breaks the signature', () => {
		fc.assert(
			fc.property(fc.string(), fc.string({minLength: 1, maxLength: 40}), fc.nat(), (text, sender, flip) => {
				const payload = encodeReply({
					body: {data: text},
					senderid: sender,
					requestid: 'r1',
					senderagent: 'rpcutil',
					msgtime: 1,
					psk: PSK,
				});
				const ok = decodeReply(payload, {psk: PSK, requestid: 'r1'});
				assert.ok(ok.ok);
				assert.equal(ok.ok && ok.reply.senderid, sender);
				assert.equal(decodeReply(payload, {psk: `${PSK}x`}).ok, false);
				const tampered = Uint8Array.from(payload);
				const at = payload.length - 40 - (flip % 8); // inside the body String, before :hash
				tampered[at] = (tampered[at] ?? 0) ^ 0x01;
				const bad = decodeReply(tampered, {psk: PSK, requestid: 'r1'});
				if (bad.ok) assert.deepEqual(bad.reply.bodyBytes, ok.ok ? ok.reply.bodyBytes : undefined);
			}),
			{numRuns: RUNS},
		);
	});

	it('reports slow cases', (t) => reportSlow(PARSER, (m) => t.diagnostic(m)));
});
