// Faults on msg1 (the message broker host): ActiveMQ stopped, and a firewall that drops STOMP.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {requireLab3} from '../helpers/lab3.js';
import {fault3Test, out, ping} from './helpers.js';

const CONNECT_FAIL =
	/on_connectfail' TCP Connection to stomp:\/\/mcollective@msg1\.infra\.example\.com:61613 failed on attempt \d+/;

describe('three-host lab: faults on msg1', () => {
	it('broker-stopped: mco on broker gives up after its reconnect attempts; both nodes retry msg1', async (t) => {
		if (!(await requireLab3(t))) return;
		await fault3Test('broker-stopped', async (ctx) => {
			const p = await ping();
			assert.equal(p.code, 1, out(p));
			assert.match(p.stderr, /Could not connect to ActiveMQ Server: Stomp::Error::MaxReconnectAttempts/);
			assert.match(ctx.log('activemq'), /Apache ActiveMQ [\d.]+ \(mcolab, .*\) is shutdown/);
			for (const n of ['node1', 'node2'] as const)
				assert.ok(await ctx.waitForLog(n, CONNECT_FAIL, 15_000), `no reconnect attempts in ${n}'s log`);
		});
	});

	it('stomp-firewalled: packets to 61613 are dropped, so mco on broker hangs (a timeout, not a refusal)', async (t) => {
		if (!(await requireLab3(t))) return;
		await fault3Test('stomp-firewalled', async (ctx) => {
			// a refused port ends mco by itself after its reconnect attempts (wrong-port); here each TCP
			// connect waits for a SYN-ACK that never comes, so mco is still trying when the bound hits
			const p = await ping(15_000);
			assert.ok(p.timedOut, `mco ping ended by itself (not a hang): ${out(p)}`);
			assert.doesNotMatch(p.stderr, /Connection refused/);
			assert.match(p.stderr, /Could not connect to ActiveMQ Server/);
			// nothing reached ActiveMQ: no connection from broker's address logged
			assert.doesNotMatch(ctx.log('activemq'), /198\.18\.0\.2/);
		});
	});
});
