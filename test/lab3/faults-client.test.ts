// Faults in broker's client.cfg: only the host running mco is wrong; msg1 and the nodes are fine.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {requireLab3} from '../helpers/lab3.js';
import {fault3Test, out, ping} from './helpers.js';

describe('three-host lab: faults in broker client.cfg', () => {
	it('wrong-port: msg1 refuses 61614, mco gives up after its reconnect attempts; nodes untouched', async (t) => {
		if (!(await requireLab3(t))) return;
		await fault3Test('wrong-port', async (ctx) => {
			const p = await ping();
			assert.equal(p.code, 1, out(p));
			assert.match(p.stderr, /Could not connect to ActiveMQ Server: Stomp::Error::MaxReconnectAttempts/);
			assert.doesNotMatch(ctx.log('node1') + ctx.log('node2'), /on_connectfail/);
		});
	});

	it('client-wrong-password: mco fails fast; ActiveMQ on msg1 logs the refused login from broker', async (t) => {
		if (!(await requireLab3(t))) return;
		await fault3Test('client-wrong-password', async (ctx) => {
			const p = await ping();
			assert.equal(p.code, 1, out(p));
			assert.doesNotMatch(p.stdout, /time=/);
			const line = await ctx.waitForLog(
				'activemq',
				/tcp:\/\/198\.18\.0\.2:\d+.*User name \[mcollective\] or password is invalid/,
				10_000,
			);
			assert.ok(
				line,
				`no refused login from broker (198.18.0.2) in msg1's ActiveMQ log:\n${ctx.log('activemq')}`,
			);
		});
	});

	it('psk-mismatch: No responses received; node1 and node2 both log an invalid signature', async (t) => {
		if (!(await requireLab3(t))) return;
		await fault3Test('psk-mismatch', async (ctx) => {
			const p = await ping();
			assert.equal(p.code, 4, out(p));
			assert.match(p.stdout, /No responses received/);
			for (const n of ['node1', 'node2'] as const)
				assert.ok(
					await ctx.waitForLog(
						n,
						/Received an invalid signature in message - MCollective::SecurityValidationFailed/,
						10_000,
					),
					`${n}: no invalid signature logged`,
				);
		});
	});

	it('collective-mismatch: ActiveMQ refuses the openshift.* destinations', async (t) => {
		if (!(await requireLab3(t))) return;
		await fault3Test('collective-mismatch', async (ctx) => {
			const p = await ping();
			assert.equal(p.code, 1, out(p));
			assert.match(
				p.stderr,
				/User mcollective is not authorized to read from: queue:\/\/openshift\.reply\.broker\.infra\.example\.com_/,
			);
			assert.ok(
				await ctx.waitForLog(
					'activemq',
					/not authorized to (read from|write to): (topic|queue):\/\/openshift\./,
					10_000,
				),
			);
		});
	});

	it('seed-client-cfg: mco cannot even load the seed client.cfg (no stomp connector in 2.12)', async (t) => {
		if (!(await requireLab3(t))) return;
		await fault3Test('seed-client-cfg', async (ctx) => {
			const p = await ping();
			assert.equal(p.code, 1, out(p));
			assert.match(p.stderr, /cannot load such file -- mcollective\/connector\/stomp\.rb/);
			assert.match(p.stderr, /Use of deprecated 'topicprefix' option\..*'\/etc\/mcollective\/client\.cfg'/);
			assert.doesNotMatch(ctx.log('activemq'), /198\.18\.0\.2/, 'the seed config never reaches msg1');
		});
	});
});
