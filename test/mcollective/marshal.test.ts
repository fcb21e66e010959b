import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {load as hyriousLoad} from '@hyrious/marshal';
import fc from 'fast-check';
import {
	formatRubyFloat,
	inspect,
	MarshalError,
	type MarshalValue,
	marshalDump,
	marshalLoad,
	RubyFloat,
	RubyHash,
	RubyRegexp,
	RubyString,
	sym,
} from '../../src/mcollective/marshal.js';
import {rubyDump, rubyMissing, rubyRedump, toHex} from './ruby.js';

const hex = (s: string) => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
const dumpHex = (v: Parameters<typeof marshalDump>[0]) => toHex(marshalDump(v));

describe('marshal writer: spec §5.1 vectors', () => {
	it('long encodings', () => {
		const table: [number, string][] = [
			[0, '00'],
			[122, '7f'],
			[123, '017b'],
			[255, '01ff'],
			[256, '020001'],
			[-123, '80'],
			[-124, 'ff84'],
			[-256, 'ff00'],
			[-257, 'fefffe'],
			[65536, '03000001'],
			[2 ** 30 - 1, '04ffffff3f'],
		];
		for (const [x, bytes] of table) assert.equal(dumpHex(x), `0408${'69'}${bytes}`, `long ${x}`);
	});

	it('integers ≥ 2^30 are Bignums, like msgtime', () => {
		assert.equal(dumpHex(1700000000), '04086c2b0700f15365');
		assert.equal(dumpHex(2 ** 30), '04086c2b070000' + '0040');
		assert.equal(dumpHex(2 ** 32), '04086c2b08000000000100');
		assert.equal(dumpHex(-1700000000), '04086c2d0700f15365');
		assert.equal(marshalLoad(hex('0408 69 04 00 f1 53 65')), 1700000000, 'Ruby also reads i-form');
	});

	it('floats follow w_float', () => {
		const cases: [number, string][] = [
			[100.0, '1e2'],
			[1.5, '1.5'],
			[1e-5, '1e-5'],
			[0.001, '0.001'],
			[1e20, '1e20'],
			[2.5e-7, '2.5e-7'],
			[1 / 3, '0.3333333333333333'],
			[0, '0'],
			[-0, '-0'],
			[Number.POSITIVE_INFINITY, 'inf'],
			[Number.NaN, 'nan'],
		];
		for (const [x, text] of cases) assert.equal(formatRubyFloat(x), text, String(x));
		assert.equal(dumpHex(new RubyFloat(100)), '0408660831653' + '2');
	});

	it('strings by encoding, symbols, regexp, Hash.new(0)', () => {
		assert.equal(dumpHex('ping'), '040849220970696e67063a064554');
		assert.equal(dumpHex(sym('é')), '0408493a07c3a9063a064554');
		assert.equal(
			dumpHex(new RubyString(Uint8Array.of(0xe9), 'ISO-8859-1')),
			'04084922' + '06e9063a0d656e636f64696e67220f49534f2d383835392d31',
		);
		assert.equal(dumpHex(new RubyRegexp('^(a|b)$', 0)), '0408492f0c5e28617c62292400063a064546');
		assert.equal(dumpHex(new RubyHash([], 0)), '04087d006900');
	});
});

describe('marshal reader: spec §5.3 worked example', () => {
	// The 332-byte mco ping request with psk "secret" (spec §5.3).
	const request = hex(`
0408 7b0f 3a09 626f 6479 2213 0408 4922 0970 696e 6706 3a06 4554 3a0d 7365 6e64
6572 6964 4922 0c63 6c69 656e 7431 063a 0645 543a 0e72 6571 7565 7374 6964 4922
2530 3132 3334 3536 3738 3961 6263 6465 6630 3132 3334 3536 3738 3961 6263 6465
6606 3b07 463a 0b66 696c 7465 727b 0a49 2209 6661 6374 063b 0754 5b00 4922 0d63
665f 636c 6173 7306 3b07 545b 0049 220a 6167 656e 7406 3b07 545b 0049 220d 6964
656e 7469 7479 063b 0754 5b00 4922 0d63 6f6d 706f 756e 6406 3b07 545b 003a 0f63
6f6c 6c65 6374 6976 6549 2210 6d63 6f6c 6c65 6374 6976 6506 3b07 543a 0a61 6765
6e74 4922 0e64 6973 636f 7665 7279 063b 0754 3a0d 6361 6c6c 6572 6964 4922 0a75
6964 3d30 063b 0754 3a08 7474 6c69 413a 0c6d 7367 7469 6d65 6c2b 0700 f153 653a
0968 6173 6849 2225 6630 3532 3961 6434 3231 3464 3764 3639 3431 6132 6431 3333
3734 6332 6432 6232 063b 0746`);

	it('decodes every field with its Ruby type and encoding', () => {
		assert.equal(request.length, 332);
		const value = marshalLoad(request) as Map<MarshalValue, MarshalValue>;
		assert.ok(value instanceof Map);
		assert.deepEqual(value.get(sym('body')), hex('04 08 49 22 09 70 69 6e 67 06 3a 06 45 54'));
		assert.equal(value.get(sym('senderid')), 'client1');
		const requestid = value.get(sym('requestid'));
		assert.ok(requestid instanceof RubyString);
		assert.equal(requestid.encoding, 'US-ASCII');
		assert.equal(requestid.toString(), '0123456789abcdef0123456789abcdef');
		assert.deepEqual(
			value.get(sym('filter')),
			new Map<MarshalValue, MarshalValue>([
				['fact', []],
				['cf_class', []],
				['agent', []],
				['identity', []],
				['compound', []],
			]),
		);
		assert.equal(value.get(sym('ttl')), 60);
		assert.equal(value.get(sym('msgtime')), 1700000000);
	});

	it('re-encoding the decoded request gives the same 332 bytes', () => {
		assert.equal(toHex(marshalDump(marshalLoad(request))), toHex(request));
	});

	it('agrees with @hyrious/marshal on the same blob', () => {
		const theirs = hyriousLoad(request, {hash: 'map'}) as Map<unknown, unknown>;
		const ours = marshalLoad(request) as Map<MarshalValue, MarshalValue>;
		assert.deepEqual([...theirs.keys()], [...ours.keys()]);
		assert.equal(theirs.get(sym('msgtime')), ours.get(sym('msgtime')));
		assert.deepEqual(theirs.get(sym('body')), ours.get(sym('body')));
	});
});

// Canonical decoded forms, so decode(encode(v)) must equal v exactly.
const symbolKeyArb = fc.stringMatching(/^[a-z_]{1,8}$/).map((s) => sym(s));
const integerKeyArb = fc.integer({min: -1000, max: 1000});
const stringKeyArb = fc.stringMatching(/^[a-z0-9 ]{0,8}$/).map((s) => `k${s}`);
const leafArb: fc.Arbitrary<MarshalValue> = fc.oneof(
	fc.constant(null),
	fc.boolean(),
	fc.integer(),
	fc
		.oneof(fc.bigInt({min: -(2n ** 200n), max: 2n ** 200n}), fc.constant(2n ** 64n + 1n))
		.map((b) => (Number.isSafeInteger(Number(b)) ? Number(b) : b)),
	fc.double().map((d) => new RubyFloat(d)),
	fc.constantFrom(1.5, 0.1, 100).map((d) => new RubyFloat(d)),
	fc.string({unit: 'grapheme'}),
	fc.uint8Array({maxLength: 40}),
	fc.stringMatching(/^[ -~]{0,12}$/).map((s) => new RubyString(new TextEncoder().encode(s), 'US-ASCII')),
	fc.stringMatching(/^[a-z_]{1,6}$/).map((s) => sym(s)),
);
const keyId = (k: MarshalValue) =>
	typeof k === 'symbol' ? `s:${String(k.description)}` : `${typeof k}:${String(k)}`;
function valueArbWith(keyArb: fc.Arbitrary<MarshalValue>): fc.Arbitrary<MarshalValue> {
	return fc.letrec<{value: MarshalValue}>((tie) => ({
		value: fc.oneof(
			{depthSize: 'small', withCrossShrink: true},
			leafArb,
			fc.array(tie('value'), {maxLength: 5}),
			fc
				.uniqueArray(fc.tuple(keyArb, tie('value')), {maxLength: 5, selector: ([k]) => keyId(k)})
				.map((entries) => new Map<MarshalValue, MarshalValue>(entries)),
		),
	})).value;
}
const valueArb = valueArbWith(fc.oneof(symbolKeyArb, stringKeyArb, integerKeyArb));
// Ruby interns String hash keys on load (equal keys become one object, re-dumped as a link), so the
// Ruby comparison uses Symbol and Integer keys, as MCollective's own hashes mostly do.
const rubyValueArb = valueArbWith(fc.oneof(symbolKeyArb, integerKeyArb));

describe('marshal property tests', () => {
	it('decode(encode(v)) equals v', () => {
		fc.assert(
			fc.property(valueArb, (v) => {
				assert.deepStrictEqual(marshalLoad(marshalDump(v)), v);
			}),
			{numRuns: 500},
		);
	});

	it('Ruby reads our bytes and writes back the very same bytes', {skip: rubyMissing}, () => {
		const samples = fc.sample(rubyValueArb, {numRuns: 400, seed: 42});
		const ours = samples.map((v) => marshalDump(v));
		const rubys = rubyRedump(ours);
		for (let i = 0; i < ours.length; i++) {
			assert.equal(
				rubys[i],
				toHex(ours[i] as Uint8Array),
				`sample ${i}: ${inspect(samples[i] as MarshalValue)}`,
			);
		}
	});

	it('our writer matches Ruby on hand-picked expressions (links to repeated flonums, encodings)', {
		skip: rubyMissing,
	}, () => {
		const cases: [string, Parameters<typeof marshalDump>[0]][] = [
			['[1.5, 1.5, "a", "a"]', [new RubyFloat(1.5), new RubyFloat(1.5), 'a', 'a']],
			['[2**40, 2**40, 1e300, 1e300]', [2 ** 40, 2 ** 40, new RubyFloat(1e300), new RubyFloat(1e300)]],
			[
				'["\\xe9".force_encoding("ISO-8859-1"), "\\xe8".force_encoding("ISO-8859-1")]',
				[
					new RubyString(Uint8Array.of(0xe9), 'ISO-8859-1'),
					new RubyString(Uint8Array.of(0xe8), 'ISO-8859-1'),
				],
			],
			[
				'{:agent=>"rpcutil", :action=>"ping", :caller=>"uid=0", :data=>{:process_results=>true}}',
				{
					agent: 'rpcutil',
					action: 'ping',
					caller: 'uid=0',
					data: {process_results: true},
				},
			],
			[
				'[-0.0, 0.0, -1.0e-320, 2**64, -(2**64)]',
				[new RubyFloat(-0), new RubyFloat(0), new RubyFloat(-1e-320), 2n ** 64n, -(2n ** 64n)],
			],
			['"x".b', Uint8Array.of(0x78)],
			['[:a, :b, :a, "é"]', [sym('a'), sym('b'), sym('a'), 'é']],
		];
		const rubys = rubyDump(cases.map(([expr]) => expr));
		for (const [i, [expr, value]] of cases.entries()) assert.equal(dumpHex(value), rubys[i], expr);
	});
});

describe('marshal reader on hostile input', () => {
	const request = marshalDump({
		body: marshalDump('ping'),
		senderid: 'client1',
		filter: new Map<MarshalValue, MarshalValue>([['agent', ['rpcutil']]]),
		msgtime: 1700000000,
		pi: new RubyFloat(3.14),
	});

	it('every truncation is a typed MarshalError', () => {
		for (let n = 0; n < request.length; n++) {
			assert.throws(() => marshalLoad(request.subarray(0, n)), MarshalError, `prefix ${n}`);
		}
	});

	it('huge declared lengths and counts fail at once, without allocating', () => {
		const started = performance.now();
		for (const blob of [
			'0408 22 04 ffffff7f',
			'0408 5b 04 ffffff7f',
			'0408 7b 04 ffffff7f',
			'0408 6c2b 04 ffffff7f',
			'0408 5b fa',
		]) {
			assert.throws(() => marshalLoad(hex(blob)), MarshalError, blob);
		}
		assert.ok(performance.now() - started < 100);
	});

	it('deep nesting is refused quickly, not a stack overflow', () => {
		const depth = 200_000;
		const bytes = new Uint8Array(2 + depth * 2 + 1);
		bytes.set([4, 8]);
		for (let i = 0; i < depth; i++) bytes.set([0x5b, 0x06], 2 + i * 2);
		bytes[bytes.length - 1] = 0x30;
		const started = performance.now();
		assert.throws(
			() => marshalLoad(bytes),
			(e: unknown) => e instanceof MarshalError && e.code === 'too-deep',
		);
		assert.ok(performance.now() - started < 100);
		let nested: MarshalValue = null;
		for (let i = 0; i < 100; i++) nested = [nested];
		assert.throws(
			() => marshalDump(nested),
			(e: unknown) => e instanceof MarshalError && e.code === 'too-deep',
		);
		// A self-containing Array is written as Ruby writes it: with a link to itself.
		const cyclic: MarshalValue[] = [];
		cyclic.push(cyclic);
		assert.equal(Buffer.from(marshalDump(cyclic)).toString('hex'), '04085b064000');
		const back = marshalLoad(marshalDump(cyclic)) as MarshalValue[];
		assert.equal(back[0], back);
	});

	it('bad header, bad links, unknown types, trailing bytes, length limit', () => {
		const code = (blob: Uint8Array, options = {}) => {
			try {
				marshalLoad(blob, options);
				return 'ok';
			} catch (e) {
				assert.ok(e instanceof MarshalError, String(e));
				return e.code;
			}
		};
		assert.equal(code(new TextEncoder().encode('garbage')), 'bad-header');
		assert.match(
			(() => {
				try {
					marshalLoad(new TextEncoder().encode('garbage'));
				} catch (e) {
					return (e as Error).message;
				}
				return '';
			})(),
			/format version 4.8 required; 103.97 given/,
		);
		assert.equal(code(hex('0408 5b06 407f')), 'bad-link');
		assert.equal(code(hex('0408 3b00')), 'bad-link');
		assert.equal(code(hex('0408 21')), 'unsupported');
		assert.equal(code(hex('0408 3030')), 'trailing');
		assert.equal(code(hex('0408 3030'), {allowTrailing: true}), 'ok');
		assert.equal(code(request, {maxLength: 10}), 'too-long');
		assert.equal(code(hex('0408 6606 78')), 'bad-value');
	});

	it('random bytes never raise anything but MarshalError, and return fast', () => {
		fc.assert(
			fc.property(fc.uint8Array({maxLength: 200}), fc.boolean(), (tail, header) => {
				const bytes = header ? Uint8Array.from([4, 8, ...tail]) : tail;
				try {
					marshalLoad(bytes);
				} catch (e) {
					assert.ok(e instanceof MarshalError, String(e));
				}
			}),
			{numRuns: 5000},
		);
	});

	it('mutated real requests never raise anything but MarshalError', () => {
		fc.assert(
			fc.property(fc.nat(request.length - 1), fc.integer({min: 0, max: 255}), (at, byte) => {
				const copy = Uint8Array.from(request);
				copy[at] = byte;
				try {
					marshalLoad(copy);
				} catch (e) {
					assert.ok(e instanceof MarshalError, String(e));
				}
			}),
			{numRuns: 3000},
		);
	});
});
