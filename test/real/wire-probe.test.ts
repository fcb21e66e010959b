/**
 * probeStomp against the REAL lab broker (ActiveMQ 5.17 on 127.0.0.1:61613): every outcome the
 * diagnosis relies on, with ActiveMQ's own words.
 */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {probeStomp} from '../../src/io/stomp-probe.js';
import {LAB, requireLab, withLab} from '../helpers/lab.js';
import {freePort} from '../mcollective/fake-stomp-server.js';

const base = {host: LAB.host, port: LAB.port, user: LAB.user, password: LAB.password, timeoutMs: 5000};

describe('probeStomp on the real ActiveMQ', () => {
	it('connected, with the broker name, and may read its reply queue and topics', async (t) => {
		if (!(await requireLab(t))) return;
		const result = await withLab(() =>
			probeStomp({
				...base,
				subscribe: ['/queue/mcollective.reply.wiretest_1.1', '/topic/mcollective.discovery.agent'],
			}),
		);
		assert.equal(result.outcome, 'connected', JSON.stringify(result));
		assert.match(result.server ?? '', /^ActiveMQ\/5\./);
		assert.deepEqual(result.subscribed, [
			'/queue/mcollective.reply.wiretest_1.1',
			'/topic/mcollective.discovery.agent',
		]);
	});

	it("auth-rejected carries ActiveMQ's own text, and never the password", async (t) => {
		if (!(await requireLab(t))) return;
		const result = await withLab(() => probeStomp({...base, password: 'wrongpass'}));
		assert.equal(result.outcome, 'auth-rejected');
		assert.equal(result.brokerMessage, `User name [${LAB.user}] or password is invalid.`);
		assert.ok(!JSON.stringify(result).includes('wrongpass'));
	});

	it('not-authorized names the destination outside the mcollective.> ACL', async (t) => {
		if (!(await requireLab(t))) return;
		const result = await withLab(() =>
			probeStomp({...base, subscribe: ['/queue/othercollective.reply.x_1.1']}),
		);
		assert.equal(result.outcome, 'not-authorized');
		assert.equal(result.destination, '/queue/othercollective.reply.x_1.1');
		assert.equal(
			result.brokerMessage,
			`User ${LAB.user} is not authorized to read from: queue://othercollective.reply.x_1.1`,
		);
	});

	it('refused on a port where nothing listens; tls-error when TLS is spoken to the plain port', async (t) => {
		if (!(await requireLab(t))) return;
		const refused = await probeStomp({...base, port: await freePort()});
		assert.equal(refused.outcome, 'refused');
		assert.equal(refused.code, 'ECONNREFUSED');
		const tls = await withLab(() => probeStomp({...base, tls: true, timeoutMs: 1500}));
		assert.equal(tls.outcome, 'tls-error', JSON.stringify(tls));
		assert.equal(tls.phase, 'tls');
	});
});
