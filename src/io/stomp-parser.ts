/**
 * Has @stomp/stompjs read inbound frames with src/core/stomp-frame-parser.ts (same reading, a run
 * of bytes at a time: see there why). stompjs builds its Parser inside its connection handler and
 * offers no option for another, so its one public method is routed to ours, per Parser instance.
 * The frame callback and ping callback stay stompjs's own. Idempotent; affects this process only.
 */
import {Parser} from '@stomp/stompjs';
import {StompFrameParser} from '../core/stomp-frame-parser.js';

let installed = false;

export function installFastStompParser(): void {
	if (installed) return;
	installed = true;
	const ours = new WeakMap<Parser, StompFrameParser>();
	Parser.prototype.parseChunk = function parseChunk(
		this: Parser,
		segment: string | ArrayBuffer | Uint8Array,
		appendMissingNULLonIncoming = false,
	): void {
		let parser = ours.get(this);
		if (!parser) {
			parser = new StompFrameParser(this.onFrame, this.onIncomingPing);
			ours.set(this, parser);
		}
		parser.parseChunk(segment, appendMissingNULLonIncoming);
	};
}
