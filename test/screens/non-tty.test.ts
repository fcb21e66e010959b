/**
 * When stdin is not a terminal the wizard must never prompt: it prints how to run the checks
 * non-interactively and exits non-zero, leaving nothing half-drawn. Runs the real CLI in a child.
 */
import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {mkdtemp, readdir, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, it} from 'node:test';
import {fileURLToPath} from 'node:url';

const CLI = fileURLToPath(new URL('../../src/cli.tsx', import.meta.url));

function runCli(args: string[], env: Record<string, string> = {}) {
	return new Promise<{code: number | null; stdout: string; stderr: string}>((resolve, reject) => {
		const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
			stdio: ['pipe', 'pipe', 'pipe'],
			env: {...process.env, ...env},
		});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d) => {
			stdout += d;
		});
		child.stderr.on('data', (d) => {
			stderr += d;
		});
		const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
		child.on('error', reject);
		child.on('close', (code) => {
			clearTimeout(timer);
			resolve({code, stdout, stderr});
		});
		child.stdin.end();
	});
}

describe('wizard without a terminal', () => {
	it('does not prompt, says how to run non-interactively, exits non-zero, writes nothing', async () => {
		const dir = await mkdtemp(join(tmpdir(), 'mco-wizard-nontty-'));
		try {
			const {code, stdout, stderr} = await runCli([
				'--config-dir',
				join(dir, 'etc'),
				'--state',
				join(dir, 'p.ini'),
			]);
			assert.equal(code, 2);
			assert.equal(stdout, '', 'no frame drawn on stdout');
			assert.match(stderr, /needs a terminal, and stdin is not a TTY; nothing was asked/);
			assert.match(stderr, /mco-wizard check --step client --answers answers\.ini --json/);
			assert.doesNotMatch(stderr, /Raw mode is not supported/);
			assert.deepEqual(await readdir(dir), [], 'no config or progress file written');
		} finally {
			await rm(dir, {recursive: true, force: true});
		}
	});

	it('rejects an unknown --step before anything else', async () => {
		const {code, stderr} = await runCli(['--step', 'nowhere']);
		assert.notEqual(code, 0);
		assert.match(stderr, /Allowed choices are ingredients, activemq, client, server, e2e, agent/);
	});
});
