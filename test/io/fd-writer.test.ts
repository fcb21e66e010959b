/**
 * src/io/fd-writer.ts: what a child writes through it reaches a pipe whole and in order, also
 * when the output (2 MB, a fleet's worth of lines) is far more than a pipe holds, and lines for
 * stdout and stderr each land on their own fd.
 */
import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {describe, it} from 'node:test';
import {fileURLToPath} from 'node:url';

const WRITER = fileURLToPath(new URL('../../src/io/fd-writer.ts', import.meta.url));
const LINES = 2000;
const line = (i: number) => `${String(i).padStart(6, '0')} ${'x'.repeat(1000)}\n`;

const CHILD = `
import {fdWriter} from ${JSON.stringify(WRITER)};
const out = fdWriter(1), err = fdWriter(2);
for (let i = 0; i < ${LINES}; i++) {
	out(String(i).padStart(6, '0') + ' ' + 'x'.repeat(1000) + '\\n');
	if (i % 500 === 0) err('e' + i + '\\n');
}
`;

describe('fdWriter', () => {
	it('delivers a large output whole and in order through a slowly read pipe', async () => {
		const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', CHILD], {
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		const chunks: Buffer[] = [];
		let stderr = '';
		child.stderr.on('data', (b: Buffer) => {
			stderr += b.toString();
		});
		// Read slowly at first, so the pipe fills and the writer meets a full pipe.
		child.stdout.pause();
		await new Promise((r) => setTimeout(r, 300));
		child.stdout.on('data', (b: Buffer) => chunks.push(b));
		child.stdout.resume();
		const code = await new Promise((r) => child.on('close', r));
		assert.equal(code, 0, stderr);
		const expected = Array.from({length: LINES}, (_, i) => line(i)).join('');
		assert.equal(Buffer.concat(chunks).toString(), expected);
		assert.equal(stderr, 'e0\ne500\ne1000\ne1500\n');
	});
});
