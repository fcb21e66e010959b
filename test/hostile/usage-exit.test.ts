import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {describe, it} from 'node:test';
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
