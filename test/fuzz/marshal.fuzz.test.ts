import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import fc from 'fast-check';
import {
	DEFAULT_MAX_EXPANDED,
	inspect,
	MarshalError,
	type MarshalInput,
	marshalDump,
	marshalLoad,
	toPlain,
} from '../../src/mcollective/marshal.js';
import {MASS, MASS_MAX_RUN, mutated, RUNS, realMarshalBodies, reportSlow, timed} from './harness.js';

const PARSER = 'marshal';
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** Load, then display: only MarshalError may come out of either. */
function loadAndShow(bytes: Uint8Array): void {
	timed(
		PARSER,
		bytes.length,
		() => hex(bytes),
		() => {
			try {
				const value = marshalLoad(bytes);
				toPlain(value);
				inspect(value);
			} catch (error) {
				if (!(error instanceof MarshalError)) throw error;
			}
		},
	);
}

const value: fc.Arbitrary<MarshalInput> = fc.letrec<{v: MarshalInput}>((tie) => ({
	v: fc.oneof(
		{depthSize: 'small'},
		fc.constant(null),
		fc.boolean(),
		fc.integer(),
		fc.bigInt({min: -(2n ** 200n), max: 2n ** 200n}),
		fc.string(),
		fc.uint8Array({maxLength: 32}),
		fc.array(tie('v'), {maxLength: 5}),
		fc.array(fc.tuple(fc.string({maxLength: 8}), tie('v')), {maxLength: 4}).map((e) => new Map(e)),
	),
})).v;

describe('fuzz: Marshal reader', () => {
	it('mass: small mutations of the real bodies (the 10^6-case property)', () => {
		fc.assert(
			fc.property(mutated(realMarshalBodies(), MASS_MAX_RUN), (b) => loadAndShow(b)),
			{numRuns: MASS},
		);
	});

	it('mutated real MCollective bodies: only MarshalError, never a crash', () => {
		fc.assert(
			fc.property(mutated(realMarshalBodies()), (b) => loadAndShow(b)),
			{numRuns: RUNS},
		);
	});

	it('random bytes after a 4.8 header: only MarshalError', () => {
		fc.assert(
			fc.property(fc.uint8Array({maxLength: 512}), (b) => loadAndShow(Uint8Array.from([4, 8, ...b]))),
			{numRuns: RUNS},
		);
	});

	it('round trip: what we write we read back the same', () => {
		fc.assert(
			fc.property(value, (v) => {
				const bytes = marshalDump(v);
				const back = timed(
					PARSER,
					bytes.length,
					() => hex(bytes),
					() => marshalLoad(bytes),
				);
				assert.deepEqual(toPlain(back), toPlain(marshalLoad(marshalDump(back))));
			}),
			{numRuns: RUNS},
		);
	});

	it('big numbers: exact up to the bound, refused beyond it', () => {
		fc.assert(
			fc.property(fc.integer({min: 1, max: 20 * 1024}), fc.integer({min: 1, max: 255}), (bytes, top) => {
				const even = bytes + (bytes % 2);
				const words = even / 2;
				const body = new Uint8Array(even).fill(0x5a);
				body[even - 1] = top;
				const head = [0x04, 0x08, 0x6c, 0x2b, 0x03, words & 0xff, (words >> 8) & 0xff, (words >> 16) & 0xff];
				const input = Uint8Array.from([...head, ...body]);
				try {
					const read = timed(
						PARSER,
						input.length,
						() => `bignum ${even} bytes`,
						() => marshalLoad(input),
					);
					const expected = BigInt(`0x${Buffer.from(body).reverse().toString('hex')}`);
					assert.equal(BigInt(read as bigint | number), expected);
				} catch (error) {
					assert.ok(error instanceof MarshalError && error.code === 'too-long', String(error));
					assert.ok(even > 16 * 1024);
				}
			}),
			{numRuns: Math.max(20, Math.floor(RUNS / 10))},
		);
	});

	it('deep links: a shared sub-array expands within the budget or fails with too-large', () => {
		fc.assert(
			fc.property(fc.integer({min: 1, max: 12}), fc.integer({min: 1, max: 12}), (levels, fan) => {
				let level: MarshalInput = ['x'];
				for (let i = 0; i < levels; i++) level = Array.from({length: fan}, () => level);
				const bytes = marshalDump(level);
				const read = marshalLoad(bytes);
				try {
					timed(
						PARSER,
						bytes.length,
						() => `links ${levels}x${fan}`,
						() => toPlain(read),
					);
					assert.ok(fan ** levels <= DEFAULT_MAX_EXPANDED, 'only a modest tree expands');
				} catch (error) {
					assert.ok(error instanceof MarshalError && error.code === 'too-large');
				}
			}),
			{numRuns: Math.max(20, Math.floor(RUNS / 10))},
		);
	});

	it('deep nesting is refused as too-deep, never a stack overflow', () => {
		fc.assert(
			fc.property(fc.integer({min: 1, max: 100_000}), (depth) => {
				const bytes = Uint8Array.from([
					4,
					8,
					...new Array(depth)
						.fill(0x5b)
						.flatMap(() => [0x5b, 0x06])
						.slice(0, depth * 2),
					0x30,
				]);
				try {
					marshalLoad(bytes);
				} catch (error) {
					assert.ok(error instanceof MarshalError, String(error));
				}
			}),
			{numRuns: Math.max(20, Math.floor(RUNS / 10))},
		);
	});

	it('reports slow cases', (t) => reportSlow(PARSER, (m) => t.diagnostic(m)));
});
