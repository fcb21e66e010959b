/**
 * Has @stomp/stompjs read inbound frames with src/core/stomp-frame-parser.ts (same reading, a run
 * of bytes at a time: see there why). stompjs builds its Parser inside its connection handler and
 * offers no option for another, so its one public method is routed to ours, per Parser instance.
 * The frame callback and ping callback stay stompjs's own. Idempotent; affects this process only.
 */
import {Parser} from '@stomp/stompjs';
import {StompFrameParser} from '../core/stomp-frame-parser.js';

let installed = false;

/**
 * What NodeStompSocket hands stompjs for each inbound chunk. Not an ArrayBuffer on purpose: with
 * `logRawCommunication` stompjs decodes every ArrayBuffer chunk as text for its debug hook (3 % of
 * a 20,000-reply ping's CPU profile) but only stringifies anything else, which here is this short
 * label; without that option it serialises every frame instead (more). Only our parser below
 * reads it, and it is installed wherever the socket is used (src/io/stomp-session.ts).
 */
export class InboundBytes {
	constructor(readonly bytes: Uint8Array) {}
	toString(): string {
		return `[${this.bytes.length} bytes]`;
	}
}

export function installFastStompParser(): void {
	if (installed) return;
	installed = true;
	const ours = new WeakMap<Parser, StompFrameParser>();
	Parser.prototype.parseChunk = function parseChunk(
		this: Parser,
		segment: string | ArrayBuffer | InboundBytes,
		appendMissingNULLonIncoming = false,
	): void {
		let parser = ours.get(this);
		if (!parser) {
			parser = new StompFrameParser(this.onFrame, this.onIncomingPing);
			ours.set(this, parser);
		}
		parser.parseChunk(segment instanceof InboundBytes ? segment.bytes : segment, appendMissingNULLonIncoming);
	};
}
