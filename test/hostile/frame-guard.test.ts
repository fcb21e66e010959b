import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {Parser} from '@stomp/stompjs';
import fc from 'fast-check';
import {FrameGuard} from '../../src/io/stomp-socket.js';

const enc = (s: string) => Uint8Array.from(Buffer.from(s, 'latin1'));
const MAX = 1000;
/** What stompjs may hold for one frame before the guard must have stopped it. */
const HELD_LIMIT = MAX + 64 * 1024;

/**
 * Runs stompjs's own parser byte by byte next to the guard: returns the most bytes stompjs held
 * for one frame (its token plus the headers it kept) before the guard refused the stream, and
 * how many frames stompjs saw before that point.
 */
function race(bytes: Uint8Array): {maxHeld: number; refused: string | undefined; frames: number} {
	let frames = 0;
	const parser = new Parser(
		() => {
			frames++;
		},
		() => {},
	);
	const guard = new FrameGuard(MAX);
	const internals = parser as unknown as {_token: number[]; _results: {headers: [string, string][]}};
	let maxHeld = 0;
	for (let i = 0; i < bytes.length; i++) {
		const refused = guard.feed(bytes.subarray(i, i + 1));
		if (refused) return {maxHeld, refused, frames};
		parser.parseChunk(bytes.slice(i, i + 1).buffer);
		const headers = internals._results.headers.reduce((n, [k, v]) => n + k.length + v.length, 0);
		maxHeld = Math.max(maxHeld, internals._token.length + headers);
	}
	return {maxHeld, refused: undefined, frames};
}

describe('FrameGuard parses exactly as stompjs does', () => {
	it('a CR inside content-length cannot make the guard see 0 while stompjs waits for 30 MB', () => {
		const bytes = enc(`MESSAGE\ncontent-length:3\r0000000\n\n${'a\n\n\0'.repeat(2000)}`);
		const {refused, maxHeld} = race(bytes);
		assert.ok(refused, `guard let stompjs hold ${maxHeld} bytes`);
	});

	it('a header key running across LF hides content-length from stompjs, and from the guard too', () => {
		// stompjs reads the key "x\ncontent-length" (no colon before the LF), so no content-length:
		// the body runs to the first NUL.
		const bytes = enc(`MESSAGE\nx\ncontent-length:0\n\n${'b'.repeat(5000)}\0`);
		const {refused} = race(bytes);
		assert.match(refused ?? '', /body longer/);
	});

	it('a content-length stompjs cannot parse (NaN, negative) is refused: stompjs would read for ever', () => {
		for (const value of ['', '-5', 'abc', ' ']) {
			const {refused} = race(enc(`MESSAGE\ncontent-length:${value}\n\n${'c'.repeat(100)}`));
			assert.match(refused ?? '', /content-length/, `value ${JSON.stringify(value)}`);
		}
	});

	it('accepts what stompjs reads as normal frames (CRLF lines, heart-beats, leading spaces)', () => {
		const bytes = enc(
			'\n\r\nCONNECTED\r\nversion:1.1\r\n\r\n\0\nMESSAGE\ncontent-length: 3\n\nab\0\0RECEIPT\nreceipt-id:1\n\n\0',
		);
		const {refused, frames} = race(bytes);
		assert.equal(refused, undefined);
		assert.equal(frames, 3);
	});

	it('random streams: stompjs never holds more than the limit for a frame the guard let through', () => {
		const piece = fc.oneof(
			fc.constantFrom('\n', '\r', '\0', ':', 'content-length', 'content-length:', 'MESSAGE\n', '\n\n', ' '),
			fc.integer({min: -5, max: 3000}).map(String),
			fc.string({maxLength: 8}),
			fc.integer({min: 1, max: 3000}).map((n) => 'z'.repeat(n)),
		);
		fc.assert(
			fc.property(fc.array(piece, {maxLength: 40}), (pieces) => {
				const {maxHeld} = race(enc(pieces.join('')));
				return maxHeld <= HELD_LIMIT;
			}),
			{numRuns: 300},
		);
	});
});
