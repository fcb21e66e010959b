import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {decodeReply, encodeReply} from '../../src/mcollective/envelope.js';
import {
	inspect,
	MarshalError,
	type MarshalInput,
	marshalDump,
	marshalLoad,
	sym,
	toPlain,
} from '../../src/mcollective/marshal.js';
import {pskDigest} from '../../src/mcollective/psk.js';

/** `l` + sign + word count + bytes: a Bignum of `bytes` bytes (even). */
function bignumMarshal(bytes: number): Uint8Array {
	const words = bytes / 2;
	// w_long for counts ≥ 123: 3-byte little-endian form keeps it simple.
	const head = [0x04, 0x08, 0x6c, 0x2b, 0x03, words & 0xff, (words >> 8) & 0xff, (words >> 16) & 0xff];
	const out = new Uint8Array(head.length + bytes);
	out.set(head);
	out.fill(0xab, head.length);
	out[out.length - 1] = 0x01;
	return out;
}

/** An array of `fan` links to the previous level, `levels` deep: tiny on the wire, huge expanded. */
function linkBomb(levels: number, fan: number): MarshalInput {
	let level: MarshalInput = ['x'.repeat(16)];
	for (let i = 0; i < levels; i++) level = Array.from({length: fan}, () => level);
	return level;
}

describe('hostile Marshal', () => {
	it('reads a Bignum of a few KB exactly (little-endian words)', () => {
		const value = marshalLoad(bignumMarshal(2048));
		assert.equal(typeof value, 'bigint');
		const hex = (value as bigint).toString(16);
		assert.equal(hex.length, 1 + 2047 * 2);
		assert.ok(hex.startsWith('1abab'));
	});

	it('refuses a Bignum longer than the bound with a clear error, before building it', () => {
		assert.throws(
			() => marshalLoad(bignumMarshal(200 * 1024)),
			(e: unknown) => e instanceof MarshalError && e.code === 'too-long' && /Bignum/.test(e.message),
		);
	});

	it('an unsigned reply with a huge Bignum is refused as not-marshal, never decoded as a number', () => {
		const big = bignumMarshal(200 * 1024).subarray(2);
		const head = marshalDump(
			new Map<MarshalInput, MarshalInput>([
				[sym('senderid'), 'evil'],
				[sym('requestid'), 'r1'],
				[sym('body'), new Uint8Array([4, 8, 0x30])],
				[sym('hash'), 'nope'],
			]),
		);
		// Splice the Bignum in as a 5th pair (:msgtime => huge): bump the hash size 4 → 5.
		const msgtime = marshalDump(sym('msgtime')).subarray(2);
		const payload = new Uint8Array([...head, ...msgtime, ...big]);
		payload[3] = 0x0a; // `{` count 5
		const result = decodeReply(payload, {psk: 'secret'});
		assert.equal(result.ok, false);
		assert.equal(result.ok === false && result.problem, 'not-marshal');
	});

	it('a small signed reply of shared links cannot be expanded without bound by toPlain or inspect', () => {
		const psk = 'secret';
		const payload = encodeReply({
			body: linkBomb(8, 10),
			senderid: 'evil',
			requestid: 'r1',
			senderagent: 'rpcutil',
			msgtime: 1,
			psk,
		});
		assert.ok(payload.length < 400, `payload is ${payload.length} bytes`);
		const decoded = decodeReply(payload, {psk, requestid: 'r1'});
		assert.ok(decoded.ok);
		if (!decoded.ok) return;
		const tooLarge = (e: unknown) => e instanceof MarshalError && e.code === 'too-large';
		assert.throws(() => toPlain(decoded.reply.body), tooLarge);
		assert.throws(() => inspect(decoded.reply.body), tooLarge);
	});

	it('still shows a modest shared structure in full', () => {
		const value = marshalLoad(marshalDump(linkBomb(2, 3)));
		assert.deepEqual(toPlain(value), Array(3).fill(Array(3).fill(['x'.repeat(16)])));
		assert.match(inspect(value), /^\[\[\["x{16}"\]/);
	});

	it('a self-referencing array is shown with a marker, not expanded until the depth limit', () => {
		// [a, a] where a = the outer array itself: `[` 2, `@` 0, `@` 0
		const value = marshalLoad(new Uint8Array([4, 8, 0x5b, 7, 0x40, 0, 0x40, 0]));
		assert.deepEqual(toPlain(value), ['[cycle]', '[cycle]']);
		assert.equal(inspect(value), '[[...], [...]]');
	});

	it('checks the signature before decoding the body', () => {
		const body = new Uint8Array([4, 8, 0x5b, 0x7f]); // truncated Array
		const payload = marshalDump(
			new Map<MarshalInput, MarshalInput>([
				[sym('senderid'), 'evil'],
				[sym('requestid'), 'r1'],
				[sym('body'), body],
				[sym('hash'), pskDigest(body, 'other')],
			]),
		);
		const result = decodeReply(payload, {psk: 'secret'});
		assert.equal(result.ok === false && result.problem, 'invalid-signature');
	});
});
