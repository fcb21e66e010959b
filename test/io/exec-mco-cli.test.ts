/**
 * The bounded runner and `mco rpc` through it, with small shell scripts standing in for mco
 * (the real mco is exercised in test/real/): output parsed, the nothing-discovered case, the time
 * limit and the caller's abort, a program that does not exist.
 */
import assert from 'node:assert/strict';
import {chmod, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {execBounded} from '../../src/io/exec.js';
import {mcoRpcCli} from '../../src/io/mco-cli.js';
import {resolveHost} from '../../src/io/net.js';

let dir: string;
const script = async (name: string, body: string) => {
	const path = join(dir, name);
	await writeFile(path, `#!/bin/sh\n${body}\n`);
	await chmod(path, 0o755);
	return path;
};

describe('execBounded and mcoRpcCli', () => {
	before(async () => {
		dir = await mkdtemp(join(tmpdir(), 'mco-wizard-exec-'));
	});
	after(() => rm(dir, {recursive: true, force: true}));

	it('runs a program and returns its exit code and output', async () => {
		const r = await execBounded('/bin/sh', ['-c', 'echo out; echo err >&2; exit 3'], {timeoutMs: 5000});
		assert.equal(r.code, 3);
		assert.equal(r.stdout, 'out\n');
		assert.equal(r.stderr, 'err\n');
		assert.equal(r.timedOut, false);
	});

	it('kills a program that overruns its limit', async () => {
		const r = await execBounded('/bin/sh', ['-c', 'sleep 30 & wait'], {timeoutMs: 100});
		assert.equal(r.timedOut, true);
		assert.equal(r.code, null);
	});

	it("stops at the caller's abort", async () => {
		const controller = new AbortController();
		setTimeout(() => controller.abort(), 50);
		const r = await execBounded('/bin/sh', ['-c', 'sleep 30'], {
			timeoutMs: 60_000,
			signal: controller.signal,
		});
		assert.equal(r.signal, 'SIGTERM');
		assert.equal(r.timedOut, false);
	});

	it('a program that does not exist is a spawn error, and mco rpc says which', async () => {
		const r = await execBounded(join(dir, 'nope'), [], {timeoutMs: 1000});
		assert.equal(r.spawnError, 'ENOENT');
		const rpc = await mcoRpcCli({
			mco: join(dir, 'nope'),
			config: '/c.cfg',
			agent: 'rpcutil',
			action: 'ping',
			timeoutMs: 1000,
		});
		assert.equal(rpc.ok, false);
		assert.equal(rpc.error, `${join(dir, 'nope')}: ENOENT`);
		// marked as such: the agent landmark must not read it as a silent node or a missing agent
		assert.equal(rpc.programMissing, true);
	});

	it('mco rpc: passes the options mco understands and parses its --json replies', async () => {
		const mco = await script(
			'mco-json',
			`echo "$@" > "${dir}/args"\necho 'Determining the amount of hosts matching filter for 2 seconds .... 1'\necho '[{"sender":"node1","statuscode":0,"statusmsg":"OK","data":{"msg":"foo"}}]'`,
		);
		const r = await mcoRpcCli({
			mco,
			config: '/etc/mcollective/client.cfg',
			agent: 'openshift',
			action: 'echo',
			args: {msg: 'foo'},
			identity: 'node1',
			timeoutMs: 4000,
		});
		assert.equal(r.ok, true);
		assert.deepEqual(r.replies, [{sender: 'node1', statuscode: 0, statusmsg: 'OK', data: {msg: 'foo'}}]);
		assert.equal(
			(await readFile(join(dir, 'args'), 'utf8')).trim(),
			'rpc openshift echo --config /etc/mcollective/client.cfg --json --dt 2 -I node1 msg=foo --connection-timeout 2',
		);
	});

	it('mco rpc: "did not discover any nodes" and mco\'s own error line come back', async () => {
		const mco = await script(
			'mco-none',
			`echo 'No request sent, we did not discover any nodes.'\necho 'mco failed to run, use -v for full error backtrace details: boom' >&2\nexit 1`,
		);
		const r = await mcoRpcCli({mco, config: '/c.cfg', agent: 'openshift', action: 'echo', timeoutMs: 4000});
		assert.equal(r.ok, false);
		assert.equal(r.nothingDiscovered, true);
		assert.equal(r.error, 'boom');
		assert.equal(r.exitCode, 1);
		// mco ran and failed: that is not a missing program
		assert.equal(r.programMissing, undefined);
	});
});

describe('resolveHost', () => {
	it('an address is itself; a name in /etc/hosts resolves', async () => {
		assert.deepEqual(await resolveHost('127.0.0.1', 1000), {outcome: 'resolved', addresses: ['127.0.0.1']});
		const local = await resolveHost('localhost', 2000);
		assert.equal(local.outcome, 'resolved');
		assert.ok(local.addresses.length > 0);
	});
});
