/**
 * A node answering under another identity (#12): this host's mcollectived answered as its
 * server.cfg identity, which no ingredient expected, while an expected identity stayed silent.
 * That silent name is proven to be THIS host only when it is this host's name or resolves (the
 * bounded resolver) to one of this host's addresses; otherwise the answer stays a candidate cause.
 */
import {parseMcoConfig} from '../core/mco-config/parse.js';
import type {CheckIO} from '../io/check-io.js';

/** How a silent expected name was proven to be this host (JSON-safe, for src/core/diagnose.ts). */
export type ThisHostProof = {
	readonly name: string;
	readonly via: 'hostname' | 'address';
	/** The hostname it equals, or the address of this host it resolves to. */
	readonly value: string;
};

/** This host's node answering under a name nobody expected (data of the ping-nodes rung). */
export type IdentityHere = {
	/** server.cfg's identity: the name this host's node answered as. */
	readonly identity: string;
	/** The line of server.cfg that sets it; absent: no such line (the host name is the default). */
	readonly line?: number;
	/** The silent expected names proven to be this host. */
	readonly proven: readonly ThisHostProof[];
};

/** The `identity = …` line MCollective uses (the last one wins). */
export function identityLine(serverCfgText: string): number | undefined {
	return parseMcoConfig(serverCfgText)
		.entries.filter((e) => e.key === 'identity')
		.at(-1)?.line;
}

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
