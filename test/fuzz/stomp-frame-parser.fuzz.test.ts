import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {Parser} from '@stomp/stompjs';
import fc from 'fast-check';
import {type RawStompFrame, StompFrameParser} from '../../src/core/stomp-frame-parser.js';
import {MASS, MASS_MAX_RUN, mutated, RUNS, realFrames, reportSlow, timed} from './harness.js';

const PARSER = 'stomp-frame-parser';

type Event = string;

/** Every frame and heart-beat a parser reports for `bytes` fed in pieces of `sizes` (cycled). */
function events(
	make: (
		onFrame: (f: RawStompFrame) => void,
		onPing: () => void,
	) => {
		parseChunk(segment: ArrayBuffer, appendNul?: boolean): void;
	},
	bytes: Uint8Array,
	sizes: readonly number[],
	appendNul = false,
): Event[] {
	const seen: Event[] = [];
	const parser = make(
		(f) =>
			seen.push(
				JSON.stringify([
					f.command,
					f.headers,
					Buffer.from(f.binaryBody ?? new Uint8Array()).toString('base64'),
				]),
			),
		() => seen.push('ping'),
	);
	let at = 0;
	for (let k = 0; at < bytes.length; k++) {
		const size = sizes[k % sizes.length] as number;
		// a fresh buffer per chunk, reused by nobody: as the socket hands them over
		parser.parseChunk(bytes.slice(at, at + size).buffer, appendNul);
		at += size;
	}
	return seen;
}

const stompjs = (onFrame: (f: RawStompFrame) => void, onPing: () => void) => new Parser(onFrame, onPing);
const ours = (onFrame: (f: RawStompFrame) => void, onPing: () => void) =>
	new StompFrameParser(onFrame, onPing);

function agree(bytes: Uint8Array, sizes: readonly number[], appendNul = false): void {
	const expected = events(stompjs, bytes, sizes, appendNul);
	const actual = timed(
		PARSER,
		bytes.length,
		() => Buffer.from(bytes).toString('latin1'),
		() => events(ours, bytes, sizes, appendNul),
	);
	assert.deepEqual(actual, expected);
}

const enc = (text: string) => new Uint8Array(Buffer.from(text, 'latin1'));

/** Frames with the edges of the reading: CRs, colons, odd content-lengths, heart-beats. */
const craftedFrame = fc
	.record({
		lead: fc.constantFrom('', '\n', '\r\n', '\0', '\n\n'),
		command: fc.constantFrom('MESSAGE', 'RECEIPT', 'ERROR', 'CONNECTED', 'MES\rSAGE', ''),
		eol: fc.constantFrom('\n', '\r\n', '\r\r\n'),
		headers: fc.array(
			fc.tuple(
				fc.constantFrom(
					'content-length',
					'destination',
					'a:b',
					'k\nx',
					'\uFEFFcontent-length',
					'content-type',
					'',
				),
				fc.oneof(
					fc.constantFrom('0', '5', '12', '-1', 'x', ' 3', '3abc', '-0', '', '1e3', '9'.repeat(400)),
					fc.string({maxLength: 12}),
				),
			),
			{maxLength: 4},
		),
		body: fc.string({maxLength: 40}),
		end: fc.constantFrom('\0', '\0\n', 'X', ''),
	})
	.map(({lead, command, eol, headers, body, end}) =>
		enc(lead + command + eol + headers.map(([k, v]) => `${k}:${v}${eol}`).join('') + eol + body + end),
	);

describe('fuzz: our STOMP frame parser reads as stompjs', () => {
	const frames = realFrames();

	it('every real captured frame, in any chunking', () => {
		assert.ok(frames.length > 0, 'the captured frames are there');
		const stream = Uint8Array.from(frames.flatMap((f) => [...f, 10]));
		fc.assert(
			fc.property(fc.array(fc.integer({min: 1, max: 600}), {minLength: 1, maxLength: 8}), (sizes) =>
				agree(stream, sizes),
			),
			{numRuns: Math.max(10, Math.floor(RUNS / 10))},
		);
	});

	it('mass: small mutations of one or two real frames, in any chunking (the 10^6-case property)', () => {
		fc.assert(
			fc.property(
				fc.array(mutated(frames, MASS_MAX_RUN), {minLength: 1, maxLength: 2}),
				fc.array(fc.integer({min: 1, max: 512}), {minLength: 1, maxLength: 4}),
				(parts, sizes) => agree(Uint8Array.from(parts.flatMap((p) => [...p])), sizes),
			),
			{numRuns: MASS},
		);
	});

	it('mutated real frames, in any chunking, with or without appendMissingNULLonIncoming', () => {
		fc.assert(
			fc.property(
				fc.array(mutated(frames, 8192), {minLength: 1, maxLength: 4}),
				fc.array(fc.integer({min: 1, max: 4096}), {minLength: 1, maxLength: 6}),
				fc.boolean(),
				(parts, sizes, appendNul) => agree(Uint8Array.from(parts.flatMap((p) => [...p])), sizes, appendNul),
			),
			{numRuns: RUNS},
		);
	});

	it('crafted frames at the edges of the reading (CR, colons, content-lengths, BOM, heart-beats)', () => {
		fc.assert(
			fc.property(
				fc.array(craftedFrame, {minLength: 1, maxLength: 5}),
				fc.array(fc.integer({min: 1, max: 64}), {minLength: 1, maxLength: 6}),
				(parts, sizes) => agree(Uint8Array.from(parts.flatMap((p) => [...p])), sizes),
			),
			{numRuns: RUNS * 2},
		);
	});

	it('arbitrary bytes', () => {
		fc.assert(
			fc.property(
				fc.uint8Array({maxLength: 2048}),
				fc.array(fc.integer({min: 1, max: 300}), {minLength: 1, maxLength: 4}),
				(bytes, sizes) => agree(bytes, sizes),
			),
			{numRuns: RUNS},
		);
	});

	it('reports slow cases', (t) => reportSlow(PARSER, (text) => t.diagnostic(text)));
});
