import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {Parser} from '@stomp/stompjs';
import fc from 'fast-check';
import {FrameGuard} from '../../src/io/stomp-socket.js';
import {longRuns, MASS, MASS_MAX_RUN, mutated, RUNS, realFrames, reportSlow, timed} from './harness.js';

const PARSER = 'stomp-frame-guard';
const MAX = 4096;
const HELD_LIMIT = MAX + 64 * 1024;

/** stompjs next to the guard, chunk by chunk: most bytes stompjs held before the guard refused. */
function race(bytes: Uint8Array, chunk: number): {maxHeld: number; refused: string | undefined} {
	const parser = new Parser(
		() => {},
		() => {},
	);
	const guard = new FrameGuard(MAX);
	const internals = parser as unknown as {_token: number[]; _results: {headers: [string, string][]}};
	let maxHeld = 0;
	for (let i = 0; i < bytes.length; i += chunk) {
		const piece = bytes.slice(i, i + chunk);
		const refused = guard.feed(piece);
		if (refused) return {maxHeld, refused};
		parser.parseChunk(piece.buffer);
		const headers = internals._results.headers.reduce((n, [k, v]) => n + k.length + v.length, 0);
		maxHeld = Math.max(maxHeld, internals._token.length + headers);
	}
	return {maxHeld, refused: undefined};
}

describe('fuzz: STOMP frame guard against stompjs', () => {
	const frames = realFrames();

	it('every real captured frame passes, in any chunking', () => {
		assert.ok(frames.length > 0, 'the captured frames are there');
		fc.assert(
			fc.property(fc.integer({min: 1, max: 512}), (chunk) => {
				const stream = Uint8Array.from(frames.flatMap((f) => [...f, 10]));
				assert.equal(race(stream, chunk).refused, undefined);
			}),
			{numRuns: Math.max(10, Math.floor(RUNS / 20))},
		);
	});

	it('mass: small mutations of one or two real frames (the 10^6-case property)', () => {
		fc.assert(
			fc.property(
				fc.array(mutated(frames, MASS_MAX_RUN), {minLength: 1, maxLength: 2}),
				fc.integer({min: 1, max: 512}),
				(parts, chunk) => {
					const stream = Uint8Array.from(parts.flatMap((p) => [...p]));
					const {maxHeld} = timed(
						PARSER,
						stream.length,
						() => Buffer.from(stream).toString('latin1'),
						() => race(stream, chunk),
					);
					assert.ok(maxHeld <= HELD_LIMIT, `stompjs held ${maxHeld}`);
				},
			),
			{numRuns: MASS},
		);
	});

	it('mutated real frames: stompjs never holds more than one frame limit unnoticed', () => {
		fc.assert(
			fc.property(
				fc.array(mutated(frames), {minLength: 1, maxLength: 4}),
				fc.integer({min: 1, max: 4096}),
				(parts, chunk) => {
					const stream = Uint8Array.from(parts.flatMap((p) => [...p]));
					const {maxHeld} = timed(
						PARSER,
						stream.length,
						() => Buffer.from(stream).toString('latin1'),
						() => race(stream, chunk),
					);
					assert.ok(maxHeld <= HELD_LIMIT, `stompjs held ${maxHeld}`);
				},
			),
			{numRuns: RUNS},
		);
	});

	it('long runs of STOMP tokens: same bound', () => {
		fc.assert(
			fc.property(
				longRuns(['\n', '\r', '\0', ':', 'content-length:', 'MESSAGE\n', 'CONNECTED\n', '\n\n', '9']),
				(text) => {
					const stream = Uint8Array.from(Buffer.from(text, 'latin1'));
					const {maxHeld} = timed(
						PARSER,
						stream.length,
						() => text,
						() => race(stream, 997),
					);
					assert.ok(maxHeld <= HELD_LIMIT, `stompjs held ${maxHeld}`);
				},
			),
			{numRuns: Math.max(20, Math.floor(RUNS / 4))},
		);
	});

	it('reports slow cases', (t) => reportSlow(PARSER, (m) => t.diagnostic(m)));
});
