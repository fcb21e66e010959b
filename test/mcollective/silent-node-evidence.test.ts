/**
 * From captured real frames (test/fixtures/evidence) to per-node facts and the failure-catalogue
 * entries they prove or leave open.
 */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {decodeAdvisory} from '../../src/mcollective/advisory.js';
import {decodeRegistration} from '../../src/mcollective/registration.js';
import {
	type HeardRegistration,
	type NodeEvidence,
	silentNodeVerdict,
	summarizeSilentNodeEvidence,
} from '../../src/mcollective/silent-node-evidence.js';
import {bodyOf, type EvidenceFixture, evidenceFrames, FIXTURE_PSK} from '../fixtures/evidence/frames.js';

const heard = (...names: EvidenceFixture[]): HeardRegistration[] =>
	names.flatMap((name) =>
		evidenceFrames(name).map((frame) => {
			const decoded = decodeRegistration({headers: frame.headers, body: bodyOf(frame)}, {psk: FIXTURE_PSK});
			assert.ok(decoded.ok);
			return {registration: decoded.registration, receivedAtMs: frame.receivedAtMs};
		}),
	);
const advisories = (...names: EvidenceFixture[]) =>
	names
		.flatMap((name) => evidenceFrames(name).map((f) => decodeAdvisory(f.headers)))
		.filter((a) => a !== undefined);

const facts = summarizeSilentNodeEvidence({
	identities: [
		'fixture-good.evidence',
		'fixture-otherpsk.evidence',
		'fixture-ahead.evidence',
		'fixture-behind.evidence',
	],
	registrations: heard('registration-good', 'registration-other-psk', 'registration-clock-ahead'),
	advisories: advisories('advisory-consumers', 'advisory-expired-registration', 'advisory-connection'),
});
const context = {
	collective: 'mcollective',
	ttlS: 60,
	expiredSenders: facts.expiredSenders,
	registrationExpected: true,
};
const nodeOf = (identity: string): NodeEvidence => {
	const n = facts.nodes.find((x) => x.identity === identity);
	assert.ok(n);
	return n;
};

describe('silent-node facts from captured frames', () => {
	it('per node: heard or not, signature, clock; the expired sender counted once', () => {
		assert.equal(facts.nodes.length, 4);
		assert.deepEqual(facts.others, []);
		assert.equal(facts.expiredSenders, 1);
		assert.equal(facts.discoveryConsumers.get('mcollective'), 5);
		const good = nodeOf('fixture-good.evidence');
		assert.ok(
			good.heard === 'registration' &&
				good.messages === evidenceFrames('registration-good').length &&
				good.signatureValid,
		);
		assert.equal(nodeOf('fixture-behind.evidence').heard, 'nothing');
	});

	it('verdicts: healthy, F13 proven, F14 proven, and the candidates left for the unheard', () => {
		assert.deepEqual(silentNodeVerdict(nodeOf('fixture-good.evidence'), context).candidates, []);
		assert.equal(silentNodeVerdict(nodeOf('fixture-otherpsk.evidence'), context).id, 'F13');
		assert.equal(silentNodeVerdict(nodeOf('fixture-ahead.evidence'), context).id, 'F14');
		const behind = silentNodeVerdict(nodeOf('fixture-behind.evidence'), context);
		assert.equal(behind.id, undefined);
		assert.deepEqual(behind.candidates, ['F10', 'F11', 'F12', 'F14']);
		const noExpiry = silentNodeVerdict(nodeOf('fixture-behind.evidence'), {...context, expiredSenders: 0});
		assert.deepEqual(noExpiry.candidates, ['F10', 'F11', 'F12']);
		// registration may be off (MCollective's default): silence then rules nothing out
		const unknown = silentNodeVerdict(nodeOf('fixture-behind.evidence'), {
			...context,
			registrationExpected: false,
		});
		assert.deepEqual(unknown.candidates, ['F10', 'F11', 'F12', 'F13', 'F14']);
	});

	it('a registration in another collective proves F12; with a wider TTL the ahead node is within it', () => {
		const ahead = nodeOf('fixture-ahead.evidence');
		assert.equal(silentNodeVerdict(ahead, {...context, ttlS: 600}).id, undefined);
		const good = nodeOf('fixture-good.evidence');
		assert.equal(silentNodeVerdict(good, {...context, collective: 'openshift'}).id, 'F12');
	});

	it('identities we did not ask about are kept apart', () => {
		const some = summarizeSilentNodeEvidence({
			identities: ['fixture-good.evidence'],
			registrations: heard('registration-good', 'registration-other-psk'),
			advisories: [],
		});
		assert.deepEqual(
			some.others.map((o) => o.identity),
			['fixture-otherpsk.evidence'],
		);
		assert.equal(some.expiredSenders, 0);
	});
});
