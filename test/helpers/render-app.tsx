/**
 * The one way tests render Ink trees: ink-testing-library underneath, plus what it lacks:
 * a yield after every keystroke (React 19 re-registers input handlers after a commit; text sent
 * before that is lost, see shared/docs/ecosystem.md B.3), ANSI-stripped frames, waitFor, and a
 * terminal size (the library's stdout is fixed at 100 columns with no rows).
 */
import {stripVTControlCharacters} from 'node:util';
import {render} from 'ink-testing-library';
import type {ReactElement} from 'react';

export type Rendered = {
	/** The last frame, without colours. */
	frame(): string;
	/** The last frame with whitespace runs (line breaks included) collapsed: for prose that wraps. */
	text(): string;
	/** Every frame written so far, without colours (to prove something never appeared). */
	frames(): string[];
	/** Writes each key as its own chunk and lets Ink and React settle after each. */
	press(...keys: string[]): Promise<void>;
	/** Types text as one chunk (like a paste or fast typing), then settles. */
	type(text: string): Promise<void>;
	/** Resolves with the first frame that matches; rejects with the last frame after `timeoutMs`. */
	waitFor(match: string | RegExp | ((frame: string) => boolean), timeoutMs?: number): Promise<string>;
	/** Changes the terminal size and emits 'resize', as a real terminal does. */
	resize(columns: number, rows: number): Promise<void>;
	unmount(): void;
};

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until Ink has gone quiet: one macrotask for Ink's input parser (a lone ESC is flushed on
 * setImmediate), then until no frame was written for two polls in a row, then one more poll so
 * React's passive effects re-bind useInput with fresh closures. A fixed 15 ms was not enough:
 * a screen change (e.g. the progress map opening) can take longer to commit on a cold JIT.
 */
export async function settle(frameCount: () => number = () => 0): Promise<void> {
	await new Promise((resolve) => setImmediate(resolve));
	let last = -1;
	let quiet = 0;
	for (let waited = 0; waited < 1000 && quiet < 2; waited += 10) {
		await tick(10);
		const now = frameCount();
		quiet = now === last ? quiet + 1 : 0;
		last = now;
	}
	await tick(10);
}

export async function renderApp(
	tree: ReactElement,
	size: {columns?: number; rows?: number} = {},
): Promise<Rendered> {
	const instance = render(tree);
	const setSize = (columns: number, rows: number) => {
		Object.defineProperty(instance.stdout, 'columns', {value: columns, configurable: true, writable: true});
		Object.defineProperty(instance.stdout, 'rows', {value: rows, configurable: true, writable: true});
	};
	setSize(size.columns ?? 80, size.rows ?? 24);
	instance.stdout.emit('resize');
	const count = () => instance.frames.length;
	await settle(count);
	// With CI set (is-in-ci), Ink's debug mode, which ink-testing-library uses, never records the
	// last output, so on exit it writes a blank "last frame" over the real one. A real terminal in
	// CI gets the real frame; only this harness sees the blank, so skip a trailing blank write.
	const frame = () => {
		const written = instance.frames;
		for (let i = written.length - 1; i >= 0; i--) {
			const text = stripVTControlCharacters(written[i] ?? '');
			if (text.trim() !== '' || i === 0) return text;
		}
		return stripVTControlCharacters(instance.lastFrame() ?? '');
	};
	const rendered: Rendered = {
		frame,
		text: () => frame().replace(/\s+/g, ' '),
		frames: () => instance.frames.map((f) => stripVTControlCharacters(f)),
		async press(...keys) {
			for (const key of keys) {
				instance.stdin.write(key);
				await settle(count);
			}
		},
		async type(text) {
			instance.stdin.write(text);
			await settle(count);
		},
		async waitFor(match, timeoutMs = 3000) {
			const test =
				typeof match === 'function'
					? match
					: typeof match === 'string'
						? (f: string) => f.includes(match)
						: (f: string) => match.test(f);
			const deadline = Date.now() + timeoutMs;
			while (Date.now() < deadline) {
				if (test(frame())) return frame();
				await settle(count);
			}
			throw new Error(`waitFor(${String(match)}) timed out; last frame:\n${frame()}`);
		},
		async resize(columns, rows) {
			setSize(columns, rows);
			instance.stdout.emit('resize');
			await settle(count);
		},
		unmount() {
			instance.unmount();
			instance.cleanup();
		},
	};
	return rendered;
}
