/**
 * ActiveMQ 5.17.2 advisories as captured over STOMP with the headers-only transformation
 * (test/fixtures/evidence): consumers per destination, and expired registrations linked to the
 * connection that sent them.
 */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {
	collectivesWithConsumers,
	connectionOfMessageId,
	consumerCounts,
	decodeAdvisory,
	discoveryTopic,
	expiredAdvisoryTopic,
	expiredRepliesTo,
} from '../../src/mcollective/advisory.js';
import {registrationTopic} from '../../src/mcollective/registration.js';
import {evidenceFrames} from '../fixtures/evidence/frames.js';

const decoded = (name: Parameters<typeof evidenceFrames>[0]) =>
	evidenceFrames(name).map((f) => {
		const advisory = decodeAdvisory(f.headers);
		assert.ok(advisory, `not an advisory: ${f.headers.destination}`);
		return advisory;
	});

describe('consumer advisories replayed on subscribe (real broker)', () => {
	it('count the mcollectived subscribed to each agent topic and the directed queue', () => {
		// lab node1 + the 4 fixture nodes; our own registration subscription shows up as 1 consumer
		const counts = consumerCounts(decoded('advisory-consumers'));
		assert.equal(counts.get(discoveryTopic('mcollective')), 5);
		assert.equal(counts.get('/topic/mcollective.rpcutil.agent'), 5);
		assert.equal(counts.get('/topic/mcollective.openshift.agent'), 5);
		assert.equal(counts.get('/queue/mcollective.nodes'), 5);
		assert.equal(counts.get(registrationTopic('mcollective')), 1);
		assert.deepEqual(collectivesWithConsumers(counts), ['mcollective']);
	});

	it('bodies are empty: no client id or address is readable from these frames', () => {
		for (const frame of evidenceFrames('advisory-consumers')) {
			assert.equal(frame.bodyHex, '');
			assert.equal(frame.headers.type, 'Advisory');
		}
		for (const advisory of decoded('advisory-connection')) assert.deepEqual(advisory, {kind: 'connection'});
	});

	it('the last count per destination wins (a consumer leaving lowers it)', () => {
		const watched = discoveryTopic('other');
		const dest = `/topic/ActiveMQ.Advisory.Consumer.Topic.other.discovery.agent`;
		const frames = [
			decodeAdvisory({destination: dest, consumerCount: '2'}),
			decodeAdvisory({destination: dest, consumerCount: '1'}),
		].filter((a) => a !== undefined);
		assert.equal(consumerCounts(frames).get(watched), 1);
		assert.deepEqual(collectivesWithConsumers(consumerCounts(frames)), ['other']);
		assert.deepEqual(collectivesWithConsumers(new Map([[watched, 0]])), []);
	});
});

describe('expired-message advisories', () => {
	it('a node behind the broker clock: its registrations expire, and the advisory names its connection', () => {
		const expired = decoded('advisory-expired-registration');
		assert.ok(expired.length > 0);
		const connections = new Set(
			expired.map((a) => {
				assert.equal(a.kind, 'expired');
				return a.kind === 'expired' ? a.senderConnection : undefined;
			}),
		);
		assert.equal(connections.size, 1);
		// and it is none of the nodes whose registrations did arrive
		for (const name of ['registration-good', 'registration-other-psk', 'registration-clock-ahead'] as const) {
			for (const frame of evidenceFrames(name))
				assert.equal(connections.has(connectionOfMessageId(frame.headers['message-id'])), false);
		}
		assert.equal(
			expiredAdvisoryTopic(registrationTopic('mcollective')),
			'/topic/ActiveMQ.Advisory.Expired.Topic.mcollective.registration.agent',
		);
	});

	it('a ping aimed at a node 300 s behind: its reply to our reply queue expired in the broker', () => {
		const frames = decoded('advisory-expired-reply');
		assert.equal(frames.length, 1);
		const [reply] = frames;
		assert.ok(reply?.kind === 'expired');
		assert.match(reply.watched, /^\/queue\/mcollective\.reply\.[\w.-]+_\d+\.\d+$/);
		const ours = reply.watched.replace(/\d+$/, '');
		assert.equal(expiredRepliesTo(frames, ours), 1);
		assert.equal(expiredRepliesTo(frames, '/queue/mcollective.reply.someone-else_1.'), 0);
		assert.equal(expiredRepliesTo(decoded('advisory-expired-registration'), ours), 0);
	});

	it('message ids split into connection / session / producer / sequence', () => {
		assert.equal(
			connectionOfMessageId('ID:vm-34505-1796157001398-3:21:-1:1:2'),
			'ID:vm-34505-1796157001398-3:21',
		);
		assert.equal(connectionOfMessageId('garbage'), undefined);
		assert.equal(connectionOfMessageId(undefined), undefined);
	});

	it('non-advisory frames are not advisories', () => {
		assert.equal(decodeAdvisory({destination: '/topic/mcollective.registration.agent'}), undefined);
		assert.deepEqual(decodeAdvisory({destination: '/topic/ActiveMQ.Advisory.Producer.Topic.x'}), {
			kind: 'other',
			advisoryTopic: '/topic/ActiveMQ.Advisory.Producer.Topic.x',
		});
	});
});
