// Faults on one node: node1 (or node2) goes silent while the other keeps answering, and the
// node's own log says why.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {LAB3, pingedIdentities, requireLab3} from '../helpers/lab3.js';
import {echo, fault3Test, out, ping} from './helpers.js';

const NODE1 = LAB3.fqdn('node1');
const NODE2 = LAB3.fqdn('node2');

describe('three-host lab: faults on one node', () => {
	it('node-wrong-password: node2 answers, node1 does not; msg1 refuses node1 (198.18.0.11)', async (t) => {
		if (!(await requireLab3(t))) return;
		await fault3Test('node-wrong-password', async (ctx) => {
			const p = await ping();
			assert.deepEqual(pingedIdentities(p.stdout), [NODE2], out(p));
			assert.ok(
				await ctx.waitForLog(
					'activemq',
					/tcp:\/\/198\.18\.0\.11:\d+.*User name \[mcollective\] or password is invalid/,
					10_000,
				),
			);
			assert.ok(
				await ctx.waitForLog(
					'node1',
					/Unexpected error on connection stomp:\/\/mcollective@msg1\.infra\.example\.com:61613|failed on attempt/,
					10_000,
				),
			);
		});
	});

	it('node-stopped: node2 answers, node1 does not; node1 logged its exit', async (t) => {
		if (!(await requireLab3(t))) return;
		await fault3Test('node-stopped', async (ctx) => {
			const p = await ping();
			assert.deepEqual(pingedIdentities(p.stdout), [NODE2], out(p));
			assert.match(ctx.log('node1'), /Exiting after signal: SIGTERM/);
		});
	});

	for (const [name, nodeLine] of [
		[
			'agent-missing',
			/for agent 'discovery' in collective 'mcollective' from uid=0@broker\.infra\.example\.com does not pass filters/,
		],
		[
			'agent-broken',
			/Loading agent openshift failed: cannot load such file -- openshift-origin-container-selinux/,
		],
	] as const)
		it(`${name}: both answer ping, only node2 runs the openshift agent; node1's log says why`, async (t) => {
			if (!(await requireLab3(t))) return;
			await fault3Test(name, async (ctx) => {
				const p = await ping();
				assert.deepEqual(pingedIdentities(p.stdout), [NODE1, NODE2].sort(), out(p));
				const e = await echo();
				assert.match(e.stdout, /Finished processing 1 \/ 1 hosts/, out(e));
				assert.ok(
					await ctx.waitForLog('node1', nodeLine, 10_000),
					`node1 log:\n${ctx.log('node1').slice(-2000)}`,
				);
				assert.match(ctx.log('node2'), /Handling message \w+ for agent 'openshift'/);
			});
		});

	it('clock-skew: node1 (300 s ahead) rejects requests as too old; node2 answers', async (t) => {
		if (!(await requireLab3(t))) return;
		await fault3Test('clock-skew', async (ctx) => {
			const p = await ping();
			assert.deepEqual(pingedIdentities(p.stdout), [NODE2], out(p));
			assert.ok(
				await ctx.waitForLog(
					'node1',
					/created at \d+ is \d+ seconds old, TTL is 60\. Rejecting message/,
					10_000,
				),
				ctx.log('node1').slice(-1500),
			);
		});
	});

	it('node-wrong-broker: node1 tries msg2.infra.example.com, where nothing answers; node2 answers', async (t) => {
		if (!(await requireLab3(t))) return;
		await fault3Test('node-wrong-broker', async (ctx) => {
			const p = await ping();
			assert.deepEqual(pingedIdentities(p.stdout), [NODE2], out(p));
			assert.ok(
				await ctx.waitForLog(
					'node1',
					/on_connectfail' TCP Connection to stomp:\/\/mcollective@msg2\.infra\.example\.com:61613 failed on attempt \d+/,
					15_000,
				),
				ctx.log('node1').slice(-1500),
			);
			assert.doesNotMatch(ctx.log('activemq'), /198\.18\.0\.11/, 'node1 never reached msg1');
		});
	});

	it('node2-psk-mismatch: node1 answers, node2 does not; node2 logs an invalid signature', async (t) => {
		if (!(await requireLab3(t))) return;
		await fault3Test('node2-psk-mismatch', async (ctx) => {
			const p = await ping();
			assert.deepEqual(pingedIdentities(p.stdout), [NODE1], out(p));
			assert.ok(
				await ctx.waitForLog(
					'node2',
					/Received an invalid signature in message - MCollective::SecurityValidationFailed/,
					10_000,
				),
			);
			assert.doesNotMatch(ctx.log('node1'), /SecurityValidationFailed/);
		});
	});
});
