/**
 * The app shell against fake terminal streams (the real terminal is in
 * test/screens/app-shell-pty.test.ts): what it writes, what it caches, what it hands on.
 */
import assert from 'node:assert/strict';
import {mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {PassThrough} from 'node:stream';
import {after, describe, it} from 'node:test';
import {setTimeout as sleep} from 'node:timers/promises';
import {eraseLines} from '../../src/core/first-frame.js';
import {dismiss, drawFirstFrame, handOffToInk} from '../../src/io/first-frame-shell.js';

const dir = mkdtempSync(join(tmpdir(), 'first-frame-'));
after(() => rmSync(dir, {recursive: true, force: true}));
const BSU = '\u001B[?2026h';
const ESU = '\u001B[?2026l';

/** A terminal: stdin in raw mode or not, stdout/stderr recording every write. */
function terminal() {
	const stdin = Object.assign(new PassThrough(), {
		isTTY: true,
		raw: false,
		ref() {},
		unref() {},
		setRawMode(on: boolean) {
			stdin.raw = on;
		},
	});
	const out: string[] = [];
	const err: string[] = [];
	const stream = (log: string[]) => ({
		isTTY: true,
		columns: 100,
		rows: 40,
		write(chunk: string, callback?: () => void) {
			log.push(String(chunk));
			callback?.();
			return true;
		},
	});
	return {
		stdin,
		stdout: stream(out),
		stderr: stream(err),
		out,
		err,
		draw(args: string[]) {
			drawFirstFrame(
				['node', 'cli.mjs', ...args],
				{NO_COLOR: '1'},
				{
					stdin: stdin as unknown as NodeJS.ReadStream,
					stdout: this.stdout as unknown as NodeJS.WriteStream,
					stderr: this.stderr as unknown as NodeJS.WriteStream,
				},
			);
		},
	};
}

const INK_FRAME = 'mco-wizard ▶ 1 Ingredients\nLandmark 1: Ingredients\n';

describe('first-frame shell', () => {
	it('first launch: the plain frame, raw mode; Ink replaces it in place and the frame is cached 0600', async () => {
		const t = terminal();
		const state = join(dir, 'a.ini');
		t.draw(['--state', state]);
		assert.equal(t.out.length, 1);
		assert.match(t.out[0] ?? '', /mco-wizard\n\nLoading the wizard/);
		assert.ok(t.stdin.raw, 'raw mode: keys typed now are not echoed');
		t.stdin.write('ab');
		await sleep(10);
		handOffToInk();
		t.stdout.write(BSU);
		t.stdout.write(INK_FRAME);
		t.stdout.write(ESU);
		const plainLines = (t.out[0] ?? '').split('\n').length;
		assert.deepEqual(t.out.slice(1), [BSU, eraseLines(plainLines) + INK_FRAME, ESU]);
		assert.equal(String(t.stdin.read()), 'ab', 'the keys typed meanwhile are handed on');
		await sleep(50);
		const cache = join(dir, 'first-frame.json');
		assert.equal(JSON.parse(readFileSync(cache, 'utf8')).frame, INK_FRAME);
		assert.equal(statSync(cache).mode & 0o777, 0o600);
	});

	it('same launch again: the cached frame at once, and Ink writing the same frame writes nothing', () => {
		const t = terminal();
		t.draw(['--state', join(dir, 'a.ini')]);
		assert.ok((t.out[0] ?? '').endsWith(INK_FRAME));
		handOffToInk();
		t.stdout.write(INK_FRAME);
		assert.equal(t.out.length, 1, 'identical frame: no second write, no flicker');
		t.stdout.write('next frame');
		assert.equal(t.out.at(-1), 'next frame', 'after the first frame the stream is Ink’s again');
	});

	it('another state (another key): the plain frame, not the cached one', () => {
		writeFileSync(join(dir, 'b.ini'), '[wizard]\ncurrent = client\n');
		const t = terminal();
		t.draw(['--state', join(dir, 'b.ini')]);
		assert.match(t.out[0] ?? '', /Loading the wizard/);
		dismiss();
	});

	it('a message before Ink (an error): the frame is erased first, cooked mode back', () => {
		const t = terminal();
		t.draw(['--state', join(dir, 'c.ini')]);
		const lines = (t.out[0] ?? '').split('\n').length;
		t.stderr.write('mco-wizard: cannot read answers\n');
		assert.equal(t.out.at(-1), `${eraseLines(lines)}\u001B[?25h`);
		assert.deepEqual(t.err, ['mco-wizard: cannot read answers\n']);
		assert.equal(t.stdin.raw, false);
	});

	it("practice: the range's directory holds the cache; Ctrl-C hands the command its SIGINT (the range stops)", async () => {
		const range = join(dir, 'range');
		mkdirSync(range);
		const t = terminal();
		t.draw(['practice', '--scenario', 'psk-mismatch', '--dir', range]);
		assert.match(t.out[0] ?? '', /Loading the wizard/);
		handOffToInk();
		t.stdout.write(INK_FRAME);
		await sleep(20);
		assert.equal(JSON.parse(readFileSync(join(range, 'first-frame.json'), 'utf8')).frame, INK_FRAME);

		const u = terminal();
		u.draw(['practice', '--dir', join(dir, 'other-range')]);
		let signalled = false;
		const onInt = () => {
			signalled = true;
		};
		process.once('SIGINT', onInt);
		try {
			u.stdin.write('\u0003');
			await sleep(20);
			assert.ok(signalled, "the command's own SIGINT handler ran (else the process would have exited 130)");
			assert.equal(u.stdin.raw, false, 'cooked mode back');
			assert.ok((u.out.at(-1) ?? '').endsWith('\u001B[?25h'), 'the frame erased, the cursor shown');
		} finally {
			process.removeListener('SIGINT', onInt);
		}
	});

	it('draws nothing for another command, --help, or without a terminal', () => {
		for (const args of [['ping'], ['--help'], ['check', '--step', 'client']]) {
			const t = terminal();
			t.draw(args);
			assert.deepEqual(t.out, [], args.join(' '));
		}
		const t = terminal();
		t.stdin.isTTY = false;
		t.draw([]);
		assert.deepEqual(t.out, []);
	});
});
