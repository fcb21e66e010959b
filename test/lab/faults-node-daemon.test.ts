// Node-side faults: mcollectived restarted with a wrong password or under a skewed clock.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {LAB, requireLab} from '../helpers/lab.js';
import {actUntilLog, faultTest, ping} from './fault-helpers.js';

describe('node-side faults: the daemon (real mcollectived)', () => {
	it('node-wrong-password: no replies; ActiveMQ rejects the node login, the node just loops', async (t) => {
		if (!(await requireLab(t))) return;
		await faultTest(t, 'node-wrong-password', async (ctx) => {
			const r = await ping();
			assert.equal(r.code, 4, r.stdout + r.stderr);
			assert.match(r.stdout, /No responses received/);
			assert.ok(await ctx.waitForLog('broker', /User name \[mcollective\] or password is invalid\./, 10_000));
			assert.ok(
				await ctx.waitForLog(
					'node',
					/on_miscerr' Unexpected error on connection stomp:\/\/mcollective@/,
					10_000,
				),
			);
			assert.doesNotMatch(ctx.nodeLog(), /password is invalid|Authentication failed/i);
		});
	});

	it('clock-skew: a node 300 s ahead rejects requests as older than the 60 s TTL', async (t) => {
		if (!(await requireLab(t))) return;
		await faultTest(t, 'clock-skew', async (ctx) => {
			const {run: p, line} = await actUntilLog(
				ctx,
				ping,
				'node',
				/is \d+ seconds old, TTL is 60\. Rejecting message\./,
			);
			assert.equal(p.code, 4, p.stdout + p.stderr);
			assert.match(p.stdout, /No responses received/);
			assert.ok(line, `no TTL rejection in ${LAB.nodeLog}`);
			const age = Number(/is (\d+) seconds old/.exec(line)?.[1]);
			assert.ok(age >= 290 && age <= 310, `age ${age} s should be about the 300 s skew`);
		});
	});

	it('clock-behind: a node 300 s behind answers, but ActiveMQ drops its already-expired replies', async (t) => {
		if (!(await requireLab(t))) return;
		await faultTest(t, 'clock-behind', async (ctx) => {
			const {run: p, line} = await actUntilLog(
				ctx,
				ping,
				'node',
				/Sending a broadcast message to ActiveMQ target '\/queue\/mcollective\.reply\./,
			);
			assert.equal(p.code, 4, p.stdout + p.stderr);
			assert.match(p.stdout, /No responses received/);
			assert.ok(line, 'the node should have handled the ping and sent a reply');
			const expires = Number(/"expires"=>"(\d+)"/.exec(line)?.[1]);
			assert.ok(
				expires < Date.now() - 200_000,
				`reply expires ${new Date(expires).toISOString()}: already past`,
			);
			assert.doesNotMatch(ctx.nodeLog(), /TTL is 60/);
		});
	});
});
