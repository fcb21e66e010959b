/**
 * A node answering under another identity (#12): whether a silent expected name is THIS host,
 * proven only when it is this host's name or resolves (the bounded resolver) to one of this host's
 * addresses; otherwise the answer stays a candidate cause (src/core/identity-here.ts the facts).
 */
import type {ThisHostProof} from '../core/identity-here.js';
import type {CheckIO} from '../io/check-io.js';

const norm = (name: string) => name.trim().toLowerCase().replace(/\.$/, '');

/**
 * Whether `name` is this host: its very host name, or a name resolving to one of its addresses
 * (loopback included: /etc/hosts maps a host's own name to 127.0.1.1). Undefined: not proven.
 */
export async function provenThisHost(
	io: CheckIO,
	name: string,
	timeoutMs: number,
): Promise<ThisHostProof | undefined> {
	const host = await io.thisHost?.();
	if (!host) return undefined;
	if (norm(name) !== '' && norm(name) === norm(host.hostname))
		return {name, via: 'hostname', value: host.hostname};
	const r = await io.resolveHost(name, timeoutMs);
	if (r.outcome !== 'resolved') return undefined;
	const mine = new Set(host.addresses.map((a) => a.toLowerCase()));
	const at = r.addresses.find((a) => mine.has(a.toLowerCase()) || a.startsWith('127.') || a === '::1');
	return at === undefined ? undefined : {name, via: 'address', value: at};
}
