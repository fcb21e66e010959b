/**
 * MCollective's psk security provider (security/psk.rb, 2.12.5): the digest that signs a message
 * body, the callerid forms, and the callerid check the server applies.
 */
import {createHash} from 'node:crypto';

/** `Digest::MD5.hexdigest(body + psk)`: lowercase hex MD5 of the raw body bytes then the psk's UTF-8 bytes. */
export function pskDigest(body: Uint8Array, psk: string): string {
	return createHash('md5').update(body).update(Buffer.from(psk, 'utf8')).digest('hex');
}

export type CallerType = 'uid' | 'gid' | 'group' | 'user' | 'identity';

export const CALLER_TYPES: readonly CallerType[] = ['uid', 'gid', 'group', 'user', 'identity'];

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

/** Why a psk would differ from what the file seems to say (inline comment, non-ASCII, empty). */
export function pskWarnings(psk: string): string[] {
	const warnings: string[] = [];
	if (psk === 'unset') warnings.push("plugin.psk is the Debian template's literal 'unset'");
	if (/\s#/.test(psk))
		warnings.push('plugin.psk contains " #": MCollective keeps inline comments as part of the value');
	if (/[^\x20-\x7e]/.test(psk)) {
		warnings.push(
			'plugin.psk has non-ASCII or control characters: Ruby may fail to sign bodies with bytes >= 0x80',
		);
	}
	return warnings;
}
