/**
 * The inbound path as NodeStompSocket feeds it: each chunk an InboundBytes (a Uint8Array subclass,
 * often a view into a larger buffer), read by our parser, split at every offset of a stream of
 * reply frames (by content-length, one body with NUL bytes), a NUL-ended body, CRLF lines and
 * heart-beats. The reference is stompjs's own Parser given the whole stream as one ArrayBuffer.
 * This file never installs our parser, so `Parser` here is stompjs's.
 */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {Parser} from '@stomp/stompjs';
import {type RawStompFrame, StompFrameParser} from '../../src/core/stomp-frame-parser.js';
import {InboundBytes} from '../../src/io/inbound-bytes.js';
import {encodeReply} from '../../src/mcollective/envelope.js';

function replyFrame(identity: string): Uint8Array {
	const body = Buffer.from(
		encodeReply({
			body: 'pong',
			senderid: identity,
			requestid: 'a1b2c3',
			senderagent: 'discovery',
			msgtime: 1764620000,
			psk: 'unit-test-psk',
		}),
	);
	return lengthFrame(identity, body);
}

/** A MESSAGE framed by content-length (the body may hold NUL bytes). */
function lengthFrame(identity: string, body: Uint8Array): Uint8Array {
	const head = `MESSAGE\ndestination:/queue/mcollective.reply\nmc_sender:${identity}\ncontent-length:${body.length}\n\n`;
	return Buffer.concat([Buffer.from(head), body, Buffer.from([0])]);
}

const STREAM = new Uint8Array(
	Buffer.concat([
		Buffer.from('\n'),
		replyFrame('node1.fleet.example'),
		Buffer.from('\n\r\n'),
		Buffer.from('RECEIPT\nreceipt-id:sub-1\n\n\0'),
		Buffer.from('MESSAGE\r\ndestination:/queue/x\r\nmc_sender:ünïcode\r\n\r\nno length here\0'),
		lengthFrame('nul.fleet.example', Buffer.from([4, 8, 0, 0, 10, 0, 13, 0])),
		replyFrame('node2.fleet.example'),
		replyFrame('node3.fleet.example'),
	]),
);

type Events = string[];

function recorder(): {events: Events; onFrame: (f: RawStompFrame) => void; onPing: () => void} {
	const events: Events = [];
	return {
		events,
		onFrame: (f) =>
			events.push(
				JSON.stringify([
					f.command,
					f.headers,
					Buffer.from(f.binaryBody ?? new Uint8Array()).toString('base64'),
				]),
			),
		onPing: () => events.push('ping'),
	};
}

/** `bytes` [from, to) as the socket hands it: an InboundBytes viewing a larger buffer at an offset. */
function inbound(bytes: Uint8Array, from: number, to: number): InboundBytes {
	const pad = 7;
	const backing = new Uint8Array(pad + (to - from) + pad).fill(0xee);
	backing.set(bytes.subarray(from, to), pad);
	return new InboundBytes(backing.buffer, pad, to - from);
}

function reference(): Events {
	const r = recorder();
	new Parser(r.onFrame, r.onPing).parseChunk(STREAM.slice().buffer);
	return r.events;
}

describe('inbound bytes (InboundBytes chunks) through the frame parser', () => {
	const expected = reference();

	it('the reference stream has the frames and heart-beats it is meant to have', () => {
		assert.equal(expected.filter((e) => e === 'ping').length, 3);
		assert.equal(expected.filter((e) => e.startsWith('["MESSAGE"')).length, 5);
		assert.equal(expected.filter((e) => e.startsWith('["RECEIPT"')).length, 1);
	});

	it('split in two at every offset: the same frames as stompjs reading it whole', () => {
		for (let at = 0; at <= STREAM.length; at++) {
			const r = recorder();
			const parser = new StompFrameParser(r.onFrame, r.onPing);
			parser.parseChunk(inbound(STREAM, 0, at));
			parser.parseChunk(inbound(STREAM, at, STREAM.length));
			assert.deepEqual(r.events, expected, `split at ${at}`);
		}
	});

	it('split in three around every offset (a 1-byte middle chunk): the same frames', () => {
		for (let at = 0; at < STREAM.length; at++) {
			const r = recorder();
			const parser = new StompFrameParser(r.onFrame, r.onPing);
			parser.parseChunk(inbound(STREAM, 0, at));
			parser.parseChunk(inbound(STREAM, at, at + 1));
			parser.parseChunk(inbound(STREAM, at + 1, STREAM.length));
			assert.deepEqual(r.events, expected, `1-byte chunk at ${at}`);
		}
	});

	it('a chunk reused after it was parsed (as a pool would) changes no frame already read or carried', () => {
		for (let at = 1; at < STREAM.length; at += 13) {
			const r = recorder();
			const parser = new StompFrameParser(r.onFrame, r.onPing);
			const first = inbound(STREAM, 0, at);
			parser.parseChunk(first);
			first.fill(0x41);
			parser.parseChunk(inbound(STREAM, at, STREAM.length));
			assert.deepEqual(r.events, expected, `split at ${at}`);
		}
	});

	it("stompjs's own Parser reads InboundBytes as it reads an ArrayBuffer (nothing depends on ours being installed)", () => {
		const r = recorder();
		const parser = new Parser(r.onFrame, r.onPing);
		const cut = Math.floor(STREAM.length / 2);
		parser.parseChunk(inbound(STREAM, 0, cut) as unknown as ArrayBuffer);
		parser.parseChunk(inbound(STREAM, cut, STREAM.length) as unknown as ArrayBuffer);
		assert.deepEqual(r.events, expected);
	});

	it('prints as a short label, never the bytes (what stompjs hands its raw-communication log)', () => {
		const chunk = inbound(STREAM, 0, STREAM.length);
		assert.equal(`${chunk}`, `[${STREAM.length} bytes]`);
		assert.doesNotMatch(String(chunk), /MESSAGE|node1/);
	});
});
