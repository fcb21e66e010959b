import assert from 'node:assert/strict';
import {readFile} from 'node:fs/promises';
import {describe, it} from 'node:test';
import {runPing} from '../../src/commands/ping.js';
import {runRpc} from '../../src/commands/rpc.js';
import {scenarioNamed} from '../../src/practice/scenarios.js';
import {mco, requireMcollective, withRange} from './practice-helpers.js';

describe('practice range with the real mco (Debian mcollective-client 2.12)', () => {
	it('mco ping lists every simulated node', async (t) => {
		if (!requireMcollective(t)) return;
		await withRange({nodes: 3}, async (range) => {
			assert.ok(await range.waitReady(5000));
			const r = await mco(['ping', '-t', '2'], range.files.clientCfg);
			assert.equal(r.code, 0, r.stderr);
			for (const id of ['node1.practice', 'node2.practice', 'node3.practice'])
				assert.match(r.stdout, new RegExp(`^${id.replace('.', '\\.')}\\s+time=`, 'm'));
			assert.match(r.stdout, /^3 replies max: /m);
		});
	});

	it('mco rpc openshift echo msg=foo answers from the simulated nodes', async (t) => {
		if (!requireMcollective(t)) return;
		await withRange({nodes: 2}, async (range) => {
			assert.ok(await range.waitReady(5000));
			const r = await mco(['rpc', 'openshift', 'echo', 'msg=foo'], range.files.clientCfg);
			assert.equal(r.code, 0, r.stderr);
			assert.equal((r.stdout.match(/Message: foo/g) ?? []).length, 2);
			assert.match(r.stdout, /Finished processing 2 \/ 2 hosts/);
			const inv = await mco(
				['rpc', 'rpcutil', 'agent_inventory', '-I', 'node1.practice'],
				range.files.clientCfg,
			);
			assert.equal(inv.code, 0, inv.stderr);
			assert.match(inv.stdout, /openshift/);
		});
	});

	it('our own ping and rpc commands work against the practice broker', async (t) => {
		if (!requireMcollective(t)) return;
		await withRange({nodes: 2}, async (range) => {
			assert.ok(await range.waitReady(5000));
			const out: string[] = [];
			const err: string[] = [];
			const code = await runPing(
				{config: range.files.clientCfg, timeout: 3, expect: 2, json: true},
				(s) => out.push(s),
				(s) => err.push(s),
			);
			assert.equal(code, 0, err.join('\n'));
			const json = JSON.parse(out.join('')) as {replies: {identity: string}[]};
			assert.deepEqual(json.replies.map((r) => r.identity).sort(), ['node1.practice', 'node2.practice']);
			const rpcOut: string[] = [];
			const rpcCode = await runRpc(
				'openshift',
				'echo',
				['msg=foo'],
				{config: range.files.clientCfg, expect: 2},
				(s) => rpcOut.push(s),
				(s) => err.push(s),
			);
			assert.equal(rpcCode, 0, err.join('\n'));
			assert.equal((rpcOut.join('\n').match(/Message: foo/g) ?? []).length, 2);
			const secrets = [range.ingredients.topicPassword, range.ingredients.psk];
			for (const s of secrets)
				assert.ok(![...out, ...rpcOut, ...err].join('\n').includes(s), 'no secret in the output');
		});
	});

	it('client-wrong-password: mco fails as against ActiveMQ, and activemq.log names the user', async (t) => {
		if (!requireMcollective(t)) return;
		await withRange({nodes: 1, scenario: scenarioNamed('client-wrong-password')}, async (range) => {
			const r = await mco(['ping', '-t', '1'], range.files.clientCfg);
			assert.equal(r.code, 1);
			assert.match(
				r.stderr,
				/Received frame of type 'ERROR' expected 'MESSAGE'|No message received from ActiveMQ/,
			);
			assert.match(
				await readFile(range.files.brokerLog, 'utf8'),
				/User name \[mcollective\] or password is invalid\./,
			);
		});
	});

	it('collective-mismatch: mco is refused with the not-authorized words', async (t) => {
		if (!requireMcollective(t)) return;
		await withRange({nodes: 1, scenario: scenarioNamed('collective-mismatch')}, async (range) => {
			const r = await mco(['ping', '-t', '1'], range.files.clientCfg);
			assert.notEqual(r.code, 0);
			assert.match(
				await readFile(range.files.brokerLog, 'utf8'),
				/User mcollective is not authorized to read from: queue:\/\/openshift\.reply\./,
			);
		});
	});
});
