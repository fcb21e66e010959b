/**
 * Listening TCP sockets from /proc/net/tcp and /proc/net/tcp6 (what `ss -ltn` reads), so the
 * broker check can say which address the STOMP port is really bound to without needing `ss`.
 * Addresses there are hex in host byte order (little-endian on the x86/ARM hosts this runs on).
 */

export type ListeningSocket = {readonly address: string; readonly port: number};

const LISTEN = '0A';

function ipv4(hex: string): string {
	const bytes = hex.match(/../g) ?? [];
	return bytes
		.map((b) => Number.parseInt(b, 16))
		.reverse()
		.join('.');
}

function ipv6(hex: string): string {
	// four 32-bit words, each little-endian
	const words = hex.match(/.{8}/g) ?? [];
	const bytes = words.flatMap((w) => (w.match(/../g) ?? []).reverse());
	const groups: string[] = [];
	for (let i = 0; i < bytes.length; i += 2)
		groups.push(Number.parseInt(`${bytes[i]}${bytes[i + 1]}`, 16).toString(16));
	const text = groups.join(':');
	if (text === '0:0:0:0:0:0:0:0') return '::';
	if (text === '0:0:0:0:0:0:0:1') return '::1';
	const mapped = /^0:0:0:0:0:ffff:([0-9a-f]+):([0-9a-f]+)$/.exec(text);
	if (mapped) {
		const hi = Number.parseInt(mapped[1] ?? '0', 16);
		const lo = Number.parseInt(mapped[2] ?? '0', 16);
		return `::ffff:${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
	}
	return text;
}

/** The LISTEN rows of one /proc/net/tcp or tcp6 text. */
export function parseProcNetTcp(text: string): ListeningSocket[] {
	const out: ListeningSocket[] = [];
	for (const line of text.split('\n').slice(1)) {
		const cols = line.trim().split(/\s+/);
		const local = cols[1];
		if (!local || cols[3] !== LISTEN) continue;
		const [addr = '', port = ''] = local.split(':');
		out.push({address: addr.length === 8 ? ipv4(addr) : ipv6(addr), port: Number.parseInt(port, 16)});
	}
	return out;
}

/** Wildcard binds: reachable on every address of the host. */
export function isWildcard(address: string): boolean {
	return address === '0.0.0.0' || address === '::';
}

export function isLoopback(address: string): boolean {
	return (
		address.startsWith('127.') ||
		address === '::1' ||
		address.startsWith('::ffff:127.') ||
		address === 'localhost'
	);
}
