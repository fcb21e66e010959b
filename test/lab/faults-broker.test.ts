// The broker itself stopped.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {LAB, requireLab} from '../helpers/lab.js';
import {echo, faultTest, ping} from './fault-helpers.js';

describe('broker fault (real ActiveMQ)', () => {
	it('broker-stopped: mco gives up after its reconnect attempts, the node retries with back-off', async (t) => {
		if (!(await requireLab(t))) return;
		await faultTest(t, 'broker-stopped', async (ctx) => {
			const p = await ping();
			assert.equal(p.code, 1, p.stdout + p.stderr);
			assert.match(p.stderr, /Could not connect to ActiveMQ Server: Stomp::Error::MaxReconnectAttempts/);
			const e = await echo();
			assert.equal(e.code, 1, e.stdout + e.stderr);
			assert.match(e.stderr, /Could not connect to ActiveMQ Server/);
			const line = await ctx.waitForLog(
				'node',
				/on_connectfail' TCP Connection to stomp:\/\/mcollective@127\.0\.0\.1:61613 failed on attempt \d+/,
				10_000,
			);
			assert.ok(line, `no reconnect attempts in ${LAB.nodeLog}`);
		});
	});
});
