/**
 * MCollective's psk security provider (security/psk.rb, 2.12.5): the digest that signs a message
 * body, the callerid forms, and the callerid check the server applies.
 */
import {createHash} from 'node:crypto';
import type {CallerType} from '../core/mco-config/model.js';

/** `Digest::MD5.hexdigest(body + psk)`: lowercase hex MD5 of the raw body bytes then the psk's UTF-8 bytes. */
export function pskDigest(body: Uint8Array, psk: string): string {
	return createHash('md5').update(body).update(Buffer.from(psk, 'utf8')).digest('hex');
}

/** psk.rb:72-101: `uid=<uid>` by default; the value comes from the caller's process. */
export function callerId(
	type: CallerType,
	who: {uid?: number; gid?: number; user?: string; group?: string; identity?: string},
): string {
	switch (type) {
		case 'uid':
			return `uid=${who.uid ?? 0}`;
		case 'gid':
			return `gid=${who.gid ?? 0}`;
		case 'group':
			return `group=${who.group ?? ''}`;
		case 'user':
			return `user=${who.user ?? ''}`;
		case 'identity':
			return `identity=${who.identity ?? ''}`;
	}
}

/**
 * message.rb:203 checks `callerid =~ /^[\w]+=[\w\.\-]+$/`. Ruby's ^ and $ are LINE anchors, so the
 * `m` flag reproduces exactly what the server accepts (a callerid with a newline can pass).
 */
const CALLERID = /^[\w]+=[\w.-]+$/m;

export function validCallerId(callerid: string): boolean {
	return CALLERID.test(callerid);
}
