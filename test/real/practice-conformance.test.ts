/**
 * The practice broker against the lab's real ActiveMQ 5.17: the same probes, sent as raw frames
 * to both, must get the same answers where the wizard and MCollective look (command, `message`,
 * `receipt-id`, version, heart-beat reply, whether the connection survives). Needs the lab.
 */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {practiceUsers} from '../../src/practice/auth.js';
import {startBroker} from '../../src/practice/broker.js';
import {LAB, requireLab, withLab} from '../helpers/lab.js';
import {is, rawClient} from '../practice/raw-client.js';

type Answer = Record<string, string | boolean | undefined>;

async function probe(port: number): Promise<Answer[]> {
	const answers: Answer[] = [];
	const login = {login: LAB.user, passcode: LAB.password};
	const bad = await rawClient(port);
	bad.send('CONNECT', {login: LAB.user, passcode: 'not-the-password'});
	const refused = await bad.next(is('ERROR'));
	answers.push({step: 'bad login', command: refused.command, message: refused.headers.message});
	bad.close();

	const c = await rawClient(port, '1.1');
	c.send('CONNECT', {
		'accept-version': '1.1,1.0',
		host: 'mcollective',
		...login,
		'heart-beat': '30500,29500',
	});
	const connected = await c.next(is('CONNECTED'));
	answers.push({
		step: 'connect',
		version: connected.headers.version,
		heartbeat: connected.headers['heart-beat'],
	});
	c.send('SUBSCRIBE', {id: 's1', destination: '/topic/forbidden.x'});
	const subError = await c.next(is('ERROR'));
	answers.push({
		step: 'subscribe',
		message: subError.headers.message,
		receipt: subError.headers['receipt-id'],
	});
	c.send('SUBSCRIBE', {id: 's2', destination: '/queue/mcollective.reply.conformance_1.1', receipt: 'r2'});
	const after = await c.next((f) => f.command === 'RECEIPT' || f.command === 'ERROR');
	answers.push({step: 'still open', command: after.command, receipt: after.headers['receipt-id']});
	c.send('SEND', {destination: '/queue/forbidden.q', receipt: 'r3'}, 'x');
	const sendError = await c.next((f) => f.command === 'RECEIPT' || f.command === 'ERROR');
	answers.push({
		step: 'send',
		command: sendError.command,
		message: sendError.headers.message,
		receipt: sendError.headers['receipt-id'],
	});
	c.send('DISCONNECT', {receipt: 'bye'});
	const bye = await c.next(is('RECEIPT'));
	answers.push({step: 'disconnect', receipt: bye.headers['receipt-id']});
	c.close();
	return answers;
}

describe('practice broker conformance with the real ActiveMQ 5.17', () => {
	it('answers the same probes with the same frames', async (t) => {
		if (!(await requireLab(t))) return;
		const real = await withLab(() => probe(LAB.port));
		const broker = await startBroker({
			port: 0,
			users: practiceUsers({
				topicUser: LAB.user,
				topicPassword: LAB.password,
				adminPassword: LAB.adminPassword,
			}),
		});
		try {
			assert.deepEqual(await probe(broker.port), real);
		} finally {
			await broker.close();
		}
	});
});
