import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import fc from 'fast-check';
import {encodeFrame, type Frame, FrameError, FrameParser} from '../../src/practice/frame.js';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('practice broker frame codec', () => {
	it('parses CRLF lines, counts heart-beat EOLs between frames, keeps the first of a repeated header', () => {
		const parser = new FrameParser();
		const frames = parser.push(
			bytes(
				'\n\r\nCONNECT\r\nlogin:a\r\nlogin:b\r\npasscode:p\r\n\r\n\0\nSEND\ndestination:/queue/x\n\nhi\0',
			),
		);
		assert.equal(parser.heartbeats, 3);
		assert.deepEqual(
			frames.map((f) => [f.command, f.headers]),
			[
				['CONNECT', {login: 'a', passcode: 'p'}],
				['SEND', {destination: '/queue/x'}],
			],
		);
		assert.equal(new TextDecoder().decode(frames[1]?.body), 'hi');
	});

	it('reads a body with NUL bytes by content-length (Marshal bodies have them)', () => {
		const body = Uint8Array.from([4, 8, 0x5b, 0, 0, 0x69, 0]);
		const wire = encodeFrame(
			{command: 'SEND', headers: {destination: '/topic/t', 'content-length': '7'}, body},
			'1.0',
		);
		const [frame] = new FrameParser().push(wire);
		assert.deepEqual(frame?.body, body);
	});

	it('gives the same frames however the bytes are split into chunks', () => {
		fc.assert(
			fc.property(
				fc.array(fc.uint8Array({maxLength: 40}), {minLength: 1, maxLength: 5}),
				fc.array(fc.integer({min: 1, max: 30}), {minLength: 1, maxLength: 20}),
				(bodies, cuts) => {
					const wire = Buffer.concat(
						bodies.map((b, i) =>
							encodeFrame(
								{
									command: 'SEND',
									headers: {destination: `/queue/q${i}`, 'content-length': String(b.length)},
									body: b,
								},
								'1.2',
							),
						),
					);
					const parser = new FrameParser();
					parser.version = '1.2';
					const got: Frame[] = [];
					let at = 0;
					for (const cut of [...cuts, wire.length]) {
						got.push(...parser.push(wire.subarray(at, Math.min(wire.length, at + cut))));
						at = Math.min(wire.length, at + cut);
						if (at >= wire.length) break;
					}
					if (at < wire.length) got.push(...parser.push(wire.subarray(at)));
					assert.equal(got.length, bodies.length);
					for (const [i, f] of got.entries()) assert.deepEqual(f.body, bodies[i]);
				},
			),
		);
	});

	it('escapes headers from STOMP 1.1 on, never in 1.0 or CONNECTED', () => {
		const frame = {command: 'MESSAGE', headers: {'reply-to': 'a:b\nc\\d'}, body: new Uint8Array()};
		const v12 = new TextDecoder().decode(encodeFrame(frame, '1.2'));
		assert.match(v12, /reply-to:a\\cb\\nc\\\\d\n/);
		const parser = new FrameParser();
		parser.version = '1.2';
		assert.equal(parser.push(encodeFrame(frame, '1.2'))[0]?.headers['reply-to'], 'a:b\nc\\d');
		const connected = new TextDecoder().decode(
			encodeFrame({command: 'CONNECTED', headers: {session: 'a:b'}, body: new Uint8Array()}, '1.2'),
		);
		assert.match(connected, /session:a:b\n/);
		const p10 = new FrameParser();
		assert.equal(p10.push(bytes('SEND\nselector:a\\cb\n\n\0'))[0]?.headers.selector, 'a\\cb');
	});

	it('refuses oversized and malformed input with ActiveMQ wording, before buffering it all', () => {
		const limits = {maxHeaderLine: 64, maxHeaders: 3, maxBody: 16};
		const cases: [string, RegExp][] = [
			[`SEND\nx:${'a'.repeat(100)}`, /maximum header length was exceeded/],
			[`${'A'.repeat(100)}`, /maximum command length was exceeded/],
			['SEND\na:1\nb:2\nc:3\nd:4\ne:5\n\n\0', /maximum number of allowed headers/],
			['SEND\ncontent-length:17\n\n', /maximum data length was exceeded/],
			[`SEND\n\n${'x'.repeat(20)}`, /maximum data length was exceeded/],
			['SEND\ncontent-length:-1\n\n\0', /not a valid integer/],
			['SEND\ncontent-length:2\n\nabc\0', /null termination/],
			['FOO\n\n\0', /Unknown STOMP action: FOO/],
			['SEND\nno-colon\n\n\0', /Unable to parse header line/],
		];
		for (const [input, message] of cases) {
			const parser = new FrameParser(limits);
			assert.throws(
				() => parser.push(bytes(input)),
				(e: unknown) => e instanceof FrameError && message.test(e.message),
				input,
			);
			assert.ok(parser.pendingBytes <= 200, 'bounded buffer');
		}
	});

	it('round-trips any frame through encode and parse', () => {
		const key = fc
			.string({minLength: 1, maxLength: 8})
			.filter((k) => !/[\r\n:]/.test(k) && k.trim() === k && k !== 'content-length');
		fc.assert(
			fc.property(
				fc.dictionary(key, fc.string({maxLength: 12})),
				fc.uint8Array({maxLength: 30}),
				(headers, body) => {
					const parser = new FrameParser();
					parser.version = '1.2';
					const wire = encodeFrame(
						{command: 'SEND', headers: {...headers, 'content-length': String(body.length)}, body},
						'1.2',
					);
					const [frame] = parser.push(wire);
					assert.deepEqual(frame?.body, body);
					for (const [k, v] of Object.entries(headers)) assert.equal(frame?.headers[k], v);
				},
			),
		);
	});
});
