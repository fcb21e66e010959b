// Node-side faults: mcollectived restarted with a variant server.cfg / libdir / clock, or stopped.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {LAB, requireLab} from '../helpers/lab.js';
import {echo, faultTest, ping} from './fault-helpers.js';

const NOT_DISCOVERED = /No request sent, we did not discover any nodes\./;

describe('node-side faults (real mcollectived)', () => {
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

	it('node-stopped: ping gets no replies and rpc discovers no node', async (t) => {
		if (!(await requireLab(t))) return;
		await faultTest(t, 'node-stopped', async () => {
			const p = await ping();
			assert.equal(p.code, 4, p.stdout + p.stderr);
			assert.match(p.stdout, /No responses received/);
			const e = await echo();
			assert.equal(e.code, 1, e.stdout + e.stderr);
			assert.match(e.stderr, NOT_DISCOVERED);
		});
	});

	it('agent-missing: ping answers, rpc openshift finds no node, the node log says it filtered', async (t) => {
		if (!(await requireLab(t))) return;
		await faultTest(t, 'agent-missing', async (ctx) => {
			const p = await ping();
			assert.equal(p.code, 0, p.stdout + p.stderr);
			const e = await echo();
			assert.equal(e.code, 1, e.stdout + e.stderr);
			assert.match(e.stderr, NOT_DISCOVERED);
			assert.ok(
				await ctx.waitForLog(
					'node',
					/for agent 'discovery' .* does not pass filters\. Ignoring message\./,
					10_000,
				),
			);
			assert.match(ctx.nodeLog(), /Failing based on agent openshift/);
		});
	});

	it("agent-broken: the seed's missing library stops the openshift agent from loading", async (t) => {
		if (!(await requireLab(t))) return;
		await faultTest(t, 'agent-broken', async (ctx) => {
			assert.ok(
				await ctx.waitForLog(
					'node',
					/Failed to load MCollective::Agent::Openshift: cannot load such file -- openshift-origin-container-selinux/,
					10_000,
				),
			);
			assert.match(
				ctx.nodeLog(),
				/Loading agent openshift failed: cannot load such file -- openshift-origin-container-selinux/,
			);
			const e = await echo();
			assert.equal(e.code, 1, e.stdout + e.stderr);
			assert.match(e.stderr, NOT_DISCOVERED);
			const p = await ping();
			assert.equal(p.code, 0, `the daemon itself keeps running and answers ping: ${p.stdout}${p.stderr}`);
		});
	});

	it('clock-skew: a node 300 s ahead rejects requests as older than the 60 s TTL', async (t) => {
		if (!(await requireLab(t))) return;
		await faultTest(t, 'clock-skew', async (ctx) => {
			const p = await ping();
			assert.equal(p.code, 4, p.stdout + p.stderr);
			assert.match(p.stdout, /No responses received/);
			const line = await ctx.waitForLog(
				'node',
				/is \d+ seconds old, TTL is 60\. Rejecting message\./,
				10_000,
			);
			assert.ok(line, `no TTL rejection in ${LAB.nodeLog}`);
			const age = Number(/is (\d+) seconds old/.exec(line)?.[1]);
			assert.ok(age >= 290 && age <= 310, `age ${age} s should be about the 300 s skew`);
		});
	});

	it('clock-behind: a node 300 s behind answers, but ActiveMQ drops its already-expired replies', async (t) => {
		if (!(await requireLab(t))) return;
		await faultTest(t, 'clock-behind', async (ctx) => {
			const p = await ping();
			assert.equal(p.code, 4, p.stdout + p.stderr);
			assert.match(p.stdout, /No responses received/);
			const line = await ctx.waitForLog(
				'node',
				/Sending a broadcast message to ActiveMQ target '\/queue\/mcollective\.reply\./,
				10_000,
			);
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
