// Node-side faults: mcollectived stopped, or restarted with the openshift agent missing/broken/disabled.
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {describe, it} from 'node:test';
import {LAB, requireLab, runMco} from '../helpers/lab.js';
import {actUntilLog, echo, faultTest, ping} from './fault-helpers.js';

const NOT_DISCOVERED = /No request sent, we did not discover any nodes\./;

describe('node-side faults: daemon stopped, agent (real mcollectived)', () => {
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
			const {run: e, line} = await actUntilLog(
				ctx,
				echo,
				'node',
				/for agent 'discovery' .* does not pass filters\. Ignoring message\./,
			);
			assert.equal(e.code, 1, e.stdout + e.stderr);
			assert.match(e.stderr, NOT_DISCOVERED);
			assert.ok(line, `no 'does not pass filters' in ${LAB.nodeLog}`);
			assert.match(ctx.nodeLog(), /Failing based on agent openshift/);
		});
	});

	it('agent-disabled: activate_agent = false loads the agent but leaves it out of agent_inventory (F18)', async (t) => {
		if (!(await requireLab(t))) return;
		await faultTest(t, 'agent-disabled', async (ctx) => {
			// 2.12's RPC::Agent.activate? read the setting; Agents#loadagent then skipped registering it
			assert.ok(
				await ctx.waitForLog('node', /Not activating agent openshift due to agent policy/, 10_000),
				`no 'Not activating agent openshift' in ${LAB.nodeLog}`,
			);
			assert.match(
				ctx.nodeLog(),
				/Found plugin configuration 'openshift\.activate_agent' with value 'false'/,
			);
			assert.doesNotMatch(ctx.nodeLog(), /Loading agent openshift failed/);
			const inventory = await runMco(['rpc', 'rpcutil', 'agent_inventory', '--dt', '1'], {timeoutMs: 25_000});
			assert.equal(inventory.code, 0, inventory.stdout + inventory.stderr);
			assert.match(inventory.stdout, /:agent=>"rpcutil"/, 'the daemon answers with its other agents');
			assert.doesNotMatch(inventory.stdout, /:agent=>"openshift"/);
			const e = await echo();
			assert.equal(e.code, 1, e.stdout + e.stderr);
			assert.match(e.stderr, NOT_DISCOVERED);
		});
	});

	it("agent-declines: the agent's own activate_when says false: loaded, declined, left out of agent_inventory (F19)", async (t) => {
		if (!(await requireLab(t))) return;
		await faultTest(t, 'agent-declines', async (ctx) => {
			// 2.12's activate_when replaced activate?; Agents#loadagent logs the refusal at debug level
			assert.ok(
				await ctx.waitForLog(
					'node',
					/agents\.rb:\d+:in `loadagent' Not activating agent openshift due to agent policy in activate\? method/,
					10_000,
				),
				`no 'Not activating agent openshift' in ${LAB.nodeLog}`,
			);
			// its own rule ran, not the default one (which reads server.cfg)
			assert.doesNotMatch(ctx.nodeLog(), /Starting default activation checks for openshift/);
			const inventory = await runMco(['rpc', 'rpcutil', 'agent_inventory', '--dt', '1'], {timeoutMs: 25_000});
			assert.equal(inventory.code, 0, inventory.stdout + inventory.stderr);
			assert.match(inventory.stdout, /:agent=>"rpcutil"/);
			assert.doesNotMatch(inventory.stdout, /:agent=>"openshift"/);
		});
	});

	it('agent-self-activates: activate_agent = false is ignored by an agent whose activate_when says true', async (t) => {
		if (!(await requireLab(t))) return;
		await faultTest(t, 'agent-self-activates', async (ctx) => {
			assert.match(readFileSync(LAB.serverCfg, 'utf8'), /^plugin\.openshift\.activate_agent = false$/m);
			assert.ok(
				await ctx.waitForLog('node', /Registering plugin openshift_agent/, 10_000),
				`the agent was not registered: ${LAB.nodeLog}`,
			);
			assert.doesNotMatch(
				ctx.nodeLog(),
				/Not activating agent openshift|Starting default activation checks for openshift/,
			);
			const e = await echo();
			assert.equal(e.code, 0, e.stdout + e.stderr);
			assert.match(e.stdout, /Message: foo/);
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
});
