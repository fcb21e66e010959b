import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, describe, it} from 'node:test';
import {fileURLToPath} from 'node:url';

const CLI = fileURLToPath(new URL('../../src/cli.tsx', import.meta.url));

function runCli(args: string[]) {
	return new Promise<{code: number | null; stdout: string; stderr: string}>((resolve, reject) => {
		const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d) => {
			stdout += d;
		});
		child.stderr.on('data', (d) => {
			stderr += d;
		});
		child.on('error', reject);
		child.on('close', (code) => resolve({code, stdout, stderr}));
	});
}

const CASES: [string, string[]][] = [
	['check with an unknown option', ['check', '--bogus']],
	['check --step with an unknown landmark', ['check', '--step', 'nope', '--answers', 'a.ini']],
	['check --timeout 0', ['check', '--step', 'client', '--answers', 'a.ini', '--timeout', '0']],
	['check --timeout abc', ['check', '--step', 'client', '--answers', 'a.ini', '--timeout', 'abc']],
	['check --answers without a value', ['check', '--step', 'client', '--answers']],
	['the wizard with an unknown option', ['--bogus']],
	['ping with an unknown option', ['ping', '--bogus']],
];

describe('usage errors exit 2 with one line (README: 2 = bad options)', () => {
	for (const [name, args] of CASES) {
		it(name, async () => {
			const {code, stdout, stderr} = await runCli(args);
			assert.equal(code, 2, stderr);
			assert.equal(stdout, '');
			const lines = stderr.split('\n').filter((l) => l.trim() !== '');
			assert.equal(lines.length, 1, `one line, got:\n${stderr}`);
			assert.match(lines[0] ?? '', /^error: /);
		});
	}

	it('--help still exits 0', async () => {
		const {code, stdout} = await runCli(['check', '--help']);
		assert.equal(code, 0);
		assert.match(stdout, /--step <landmark>/);
	});
});

/** A client.cfg with `port` and `size` for its pool (nothing listens on port 1). */
function clientCfg(dir: string, name: string, port: string, size = '1'): string {
	const path = join(dir, name);
	writeFileSync(
		path,
		[
			'connector = activemq',
			`plugin.activemq.pool.size = ${size}`,
			'plugin.activemq.pool.1.host = 127.0.0.1',
			`plugin.activemq.pool.1.port = ${port}`,
			'plugin.activemq.pool.1.user = mcollective',
			'plugin.activemq.pool.1.password = x',
			'securityprovider = psk',
			'plugin.psk = y',
			'',
		].join('\n'),
		{mode: 0o600},
	);
	return path;
}

const noStack = (text: string) => !/RangeError|^\s+at .+:\d+:\d+\)?$/m.test(text);

describe('hostile numbers in client.cfg reach ping and rpc as a one-line answer (issue 13)', () => {
	const dir = mkdtempSync(join(tmpdir(), 'mco-wizard-usage-'));
	after(() => rmSync(dir, {recursive: true, force: true}));

	const ports: [string, string[]][] = [
		['65536', ['ping']],
		['-1', ['ping']],
		['99999999999', ['rpc', 'rpcutil', 'ping']],
	];
	for (const [port, command] of ports) {
		it(`${command[0]} with port ${port}: exit 2 naming the key, no RangeError stack`, async () => {
			const cfg = clientCfg(dir, `port${port}.cfg`, port);
			const {code, stdout, stderr} = await runCli([...command, '-c', cfg, '-t', '2']);
			assert.equal(code, 2, stderr);
			assert.equal(stdout, '');
			assert.ok(noStack(stderr), stderr);
			assert.match(stderr, new RegExp(`pool\\.1\\.port = ${port} is not a TCP port`));
		});
	}

	for (const size of ['100000000', '99999999999999999999']) {
		it(`ping with pool.size ${size}: ends on the one real host (refused), not out of memory`, async () => {
			const cfg = clientCfg(dir, `size${size.length}.cfg`, '1', size);
			const {code, stderr} = await runCli(['ping', '-c', cfg, '-t', '2']);
			// 5: the broker refused (nothing on port 1); a heap abort would be 134 with a stack
			assert.equal(code, 5, stderr);
			assert.ok(noStack(stderr), stderr);
			assert.match(stderr, /ECONNREFUSED 127\.0\.0\.1:1/);
		});
	}
});
