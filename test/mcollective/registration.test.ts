/**
 * Registration messages captured from real mcollectived 2.12.5 nodes (test/fixtures/evidence):
 * identity, collective, msgtime and the psk check, as a client with only client.cfg reads them.
 */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {buildFilter, encodeRequest, rubyBase64} from '../../src/mcollective/envelope.js';
import {
	decodeRegistration,
	registrationClockOffsetMs,
	registrationTopic,
} from '../../src/mcollective/registration.js';
import {bodyOf, evidenceFrames, FIXTURE_PSK, OTHER_FIXTURE_PSK} from '../fixtures/evidence/frames.js';

const decodeAll = (name: Parameters<typeof evidenceFrames>[0], psk: string) =>
	evidenceFrames(name).map((frame) => {
		const decoded = decodeRegistration({headers: frame.headers, body: bodyOf(frame)}, {psk});
		assert.ok(decoded.ok, `${name}: ${decoded.ok ? '' : decoded.detail}`);
		return {frame, registration: decoded.registration};
	});

describe('registration messages from real nodes', () => {
	it('a node with our psk: identity, collective, agent list, valid signature, clock in sync', () => {
		const all = decodeAll('registration-good', FIXTURE_PSK);
		assert.ok(all.length > 0);
		for (const {frame, registration} of all) {
			assert.equal(registration.identity, 'fixture-good.evidence');
			assert.equal(registration.sender, 'fixture-good.evidence');
			assert.equal(registration.collective, 'mcollective');
			assert.equal(registration.agent, 'registration');
			assert.equal(registration.destination, registrationTopic('mcollective'));
			assert.equal(registration.signatureValid, true);
			assert.deepEqual([...(registration.agents ?? [])].sort(), ['discovery', 'openshift', 'rpcutil']);
			assert.equal(registration.ttl, 60);
			// the node's connector stamps timestamp/expires with the same clock as msgtime
			assert.equal(registration.timestampMs, (registration.msgtime ?? 0) * 1000);
			assert.equal(registration.expiresMs, ((registration.msgtime ?? 0) + 60 + 10) * 1000);
			const offset = registrationClockOffsetMs(registration.msgtime ?? 0, frame.receivedAtMs);
			assert.ok(Math.abs(offset) < 2000, `offset ${offset} ms`);
		}
	});

	it('a node with another psk: the signature does not verify with ours, and does with its own', () => {
		for (const {registration} of decodeAll('registration-other-psk', FIXTURE_PSK)) {
			assert.equal(registration.identity, 'fixture-otherpsk.evidence');
			assert.equal(registration.signatureValid, false);
		}
		for (const {registration} of decodeAll('registration-other-psk', OTHER_FIXTURE_PSK)) {
			assert.equal(registration.signatureValid, true);
		}
	});

	it('a node 300 s ahead: msgtime (and its timestamp header) run 300 s ahead of our receipt', () => {
		const all = decodeAll('registration-clock-ahead', FIXTURE_PSK);
		assert.ok(all.length > 0);
		for (const {frame, registration} of all) {
			assert.equal(registration.signatureValid, true);
			const offset = registrationClockOffsetMs(registration.msgtime ?? 0, frame.receivedAtMs);
			assert.ok(Math.abs(offset - 300_000) < 2000, `offset ${offset} ms`);
			assert.ok((registration.timestampMs ?? 0) - frame.receivedAtMs > 290_000);
		}
	});

	it('a node 300 s behind: none of its registrations reached us (the broker expired them)', () => {
		assert.deepEqual(evidenceFrames('registration-clock-behind'), []);
	});

	it('base64 bodies (plugin.activemq.base64) and non-envelopes', () => {
		const {payload} = encodeRequest({
			body: ['rpcutil'],
			senderid: 'n1',
			requestid: '0123456789abcdef0123456789abcdef',
			filter: buildFilter({agent: ['registration']}),
			collective: 'mcollective',
			agent: 'registration',
			callerid: 'uid=0',
			ttl: 60,
			msgtime: 1_700_000_000,
			psk: 'k',
		});
		const decoded = decodeRegistration({headers: {}, body: rubyBase64(payload)}, {psk: 'k', base64: true});
		assert.ok(decoded.ok);
		assert.equal(decoded.registration.identity, 'n1');
		assert.equal(decoded.registration.msgtime, 1_700_000_000);
		assert.equal(decoded.registration.signatureValid, true);
		assert.deepEqual(decoded.registration.agents, ['rpcutil']);
		const raw = decodeRegistration({headers: {}, body: payload}, {psk: 'k', base64: true});
		assert.equal(raw.ok, false);
		const garbage = decodeRegistration({headers: {}, body: new TextEncoder().encode('hello')}, {psk: 'k'});
		assert.deepEqual(garbage.ok ? undefined : garbage.problem, 'not-marshal');
		const notEnvelope = decodeRegistration({headers: {}, body: Uint8Array.from([4, 8, 91, 0])}, {psk: 'k'});
		assert.deepEqual(notEnvelope.ok ? undefined : notEnvelope.problem, 'not-an-envelope');
	});
});
