/**
 * STOMP 1.0–1.2 frames for the practice broker: an incremental, bounded parser (bytes in, frames
 * out) and an encoder. Bodies stay bytes: MCollective's Marshal bodies contain NUL, so a frame
 * with content-length is read by length, one without it up to the first NUL (the spec's rule).
 *
 * Limits are ActiveMQ's StompWireFormat limits, scaled for a laptop, with its wording, so a
 * hostile client gets the ERROR a real broker would give and cannot make us buffer without bound.
 */

export type StompVersion = '1.0' | '1.1' | '1.2';

export type Frame = {
	readonly command: string;
	/** First occurrence wins (STOMP 1.2 §Repeated Header Entries). */
	readonly headers: Readonly<Record<string, string>>;
	readonly body: Uint8Array;
};

export type FrameLimits = {
	/** Longest command line or header line, bytes. ActiveMQ: 10 KiB. */
	readonly maxHeaderLine: number;
	/** Headers per frame. ActiveMQ: 1000. */
	readonly maxHeaders: number;
	/** Largest body. ActiveMQ: 100 MiB (maxDataLength); the practice range needs far less. */
	readonly maxBody: number;
};

export const DEFAULT_FRAME_LIMITS: FrameLimits = {
	maxHeaderLine: 10 * 1024,
	maxHeaders: 1000,
	maxBody: 4 * 1024 * 1024,
};

/** A frame the peer must not send; `message` is worded as ActiveMQ's ProtocolException. */
export class FrameError extends Error {}

const COMMANDS = new Set([
	'CONNECT',
	'STOMP',
	'SEND',
	'SUBSCRIBE',
	'UNSUBSCRIBE',
	'ACK',
	'NACK',
	'BEGIN',
	'COMMIT',
	'ABORT',
	'DISCONNECT',
	// server frames, so the same parser reads what a broker sends (tests, simulated clients)
	'CONNECTED',
	'MESSAGE',
	'RECEIPT',
	'ERROR',
]);

const utf8 = new TextDecoder('utf-8');

/** STOMP 1.1+ header escaping; CONNECT/CONNECTED are never escaped (1.2 spec). */
function unescapeHeader(text: string): string {
	return text.replace(/\\(.)/g, (_all, c: string) => {
		switch (c) {
			case 'n':
				return '\n';
			case 'r':
				return '\r';
			case 'c':
				return ':';
			case '\\':
				return '\\';
			default:
				throw new FrameError(`Invalid escape sequence \\${c} in a header`);
		}
	});
}

function escapeHeader(text: string): string {
	return text.replace(
		/[\\\r\n:]/g,
		(c) => ({'\\': '\\\\', '\r': '\\r', '\n': '\\n', ':': '\\c'})[c] as string,
	);
}

/** A STOMP 1.0 header value cannot hold a newline at all; keep the frame valid by flattening. */
function flattenHeader(text: string): string {
	return text.replace(/[\r\n]/g, ' ');
}

/**
 * Incremental parser. `push(chunk)` returns every complete frame; heart-beats (bare EOLs between
 * frames) are counted, not returned. Throws FrameError on a limit or syntax violation, after which
 * the connection must be closed (ActiveMQ closes it too).
 */
export class FrameParser {
	version: StompVersion = '1.0';
	/** EOLs seen between frames (heart-beats from the peer). */
	heartbeats = 0;
	private buffered: Uint8Array[] = [];
	private bufferedLength = 0;
	private readonly limits: FrameLimits;

	constructor(limits: Partial<FrameLimits> = {}) {
		this.limits = {...DEFAULT_FRAME_LIMITS, ...limits};
	}

	/** Bytes held while waiting for the rest of a frame (bounded by the limits). */
	get pendingBytes(): number {
		return this.bufferedLength;
	}

	push(chunk: Uint8Array): Frame[] {
		this.buffered.push(chunk);
		this.bufferedLength += chunk.length;
		const frames: Frame[] = [];
		for (;;) {
			const data = this.joined();
			const result = this.parseOne(data);
			if (result === undefined) break;
			this.buffered = [data.subarray(result.consumed)];
			this.bufferedLength = data.length - result.consumed;
			if (result.frame) frames.push(result.frame);
		}
		return frames;
	}

	private joined(): Uint8Array {
		if (this.buffered.length === 1) return this.buffered[0] as Uint8Array;
		const all = new Uint8Array(this.bufferedLength);
		let at = 0;
		for (const part of this.buffered) {
			all.set(part, at);
			at += part.length;
		}
		this.buffered = [all];
		return all;
	}

	/** undefined = need more bytes; frame undefined = consumed heart-beat EOLs only. */
	private parseOne(data: Uint8Array): {frame?: Frame; consumed: number} | undefined {
		let at = 0;
		while (at < data.length && (data[at] === 10 || data[at] === 13)) {
			if (data[at] === 10) this.heartbeats++;
			at++;
		}
		if (at > 0) return {consumed: at};
		if (data.length === 0) return undefined;
		// header block: lines up to an empty line
		const lines: string[] = [];
		let lineStart = 0;
		let bodyStart = -1;
		for (let i = 0; i < data.length; i++) {
			if (data[i] === 0 && lines.length === 0) throw new FrameError('Unexpected NUL before the command line');
			if (data[i] !== 10) {
				if (i - lineStart >= this.limits.maxHeaderLine) {
					throw new FrameError(
						lines.length === 0
							? 'The maximum command length was exceeded'
							: 'The maximum header length was exceeded',
					);
				}
				continue;
			}
			let end = i;
			if (end > lineStart && data[end - 1] === 13) end--;
			if (end === lineStart) {
				bodyStart = i + 1;
				break;
			}
			lines.push(utf8.decode(data.subarray(lineStart, end)));
			if (lines.length > this.limits.maxHeaders + 1)
				throw new FrameError('Exceeded the maximum number of allowed headers');
			lineStart = i + 1;
		}
		if (bodyStart < 0) {
			if (data.length - lineStart >= this.limits.maxHeaderLine)
				throw new FrameError('The maximum header length was exceeded');
			return undefined;
		}
		const command = lines[0] ?? '';
		if (!COMMANDS.has(command)) throw new FrameError(`Unknown STOMP action: ${command}`);
		const escaped = this.version !== '1.0' && command !== 'CONNECT' && command !== 'CONNECTED';
		// A Map first: a header named `valueOf` or `__proto__` is a header like any other
		// (Object.fromEntries defines own properties, never the prototype).
		const seen = new Map<string, string>();
		for (const line of lines.slice(1)) {
			const colon = line.indexOf(':');
			if (colon < 0) throw new FrameError(`Unable to parse header line [${line}]`);
			const rawKey = line.slice(0, colon);
			const rawValue = line.slice(colon + 1);
			const key = escaped ? unescapeHeader(rawKey) : rawKey.trim();
			const value = escaped ? unescapeHeader(rawValue) : rawValue;
			if (!seen.has(key)) seen.set(key, value);
		}
		const headers: Record<string, string> = Object.fromEntries(seen);
		const lengthText = headers['content-length'];
		if (lengthText !== undefined && lengthText.trim() !== '') {
			const length = Number(lengthText.trim());
			if (!Number.isInteger(length) || length < 0)
				throw new FrameError(`Specified content-length is not a valid integer`);
			if (length > this.limits.maxBody) throw new FrameError('The maximum data length was exceeded');
			if (data.length < bodyStart + length + 1) return undefined;
			if (data[bodyStart + length] !== 0)
				throw new FrameError('Expected null termination character after the content-length bytes');
			return {
				frame: {command, headers, body: data.slice(bodyStart, bodyStart + length)},
				consumed: bodyStart + length + 1,
			};
		}
		const nul = data.indexOf(0, bodyStart);
		if (nul < 0) {
			if (data.length - bodyStart > this.limits.maxBody)
				throw new FrameError('The maximum data length was exceeded');
			return undefined;
		}
		if (nul - bodyStart > this.limits.maxBody) throw new FrameError('The maximum data length was exceeded');
		return {frame: {command, headers, body: data.slice(bodyStart, nul)}, consumed: nul + 1};
	}
}

/** Encodes a frame for a peer speaking `version` (escaping from 1.1 on, never for CONNECTED). */
export function encodeFrame(frame: Frame, version: StompVersion): Uint8Array {
	const escaped = version !== '1.0' && frame.command !== 'CONNECT' && frame.command !== 'CONNECTED';
	let head = `${frame.command}\n`;
	for (const [key, value] of Object.entries(frame.headers)) {
		head += escaped
			? `${escapeHeader(key)}:${escapeHeader(value)}\n`
			: `${flattenHeader(key)}:${flattenHeader(value)}\n`;
	}
	head += '\n';
	const headBytes = new TextEncoder().encode(head);
	const out = new Uint8Array(headBytes.length + frame.body.length + 1);
	out.set(headBytes, 0);
	out.set(frame.body, headBytes.length);
	return out;
}

/** Text of a body (ERROR messages, tests). */
export function bodyText(frame: Frame): string {
	return utf8.decode(frame.body);
}
