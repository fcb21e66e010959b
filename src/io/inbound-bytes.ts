/**
 * What NodeStompSocket hands stompjs for each inbound chunk: the chunk's bytes in a Uint8Array
 * that prints as a short label. With `logRawCommunication` (src/io/stomp-session.ts: so stompjs
 * never serialises a frame for its no-op debug log) stompjs decodes every ArrayBuffer chunk as
 * text for that log (3 % of a 20,000-reply ping's CPU profile) but only interpolates anything else
 * into a string, which here is this label. Real bytes, not a stand-in: stompjs's own Parser copies
 * them as it would an ArrayBuffer's, so nothing depends on our parser being installed; ours
 * (src/core/stomp-frame-parser.ts) reads them in place.
 */
export class InboundBytes extends Uint8Array {
	override toString(): string {
		return `[${this.length} bytes]`;
	}
}
