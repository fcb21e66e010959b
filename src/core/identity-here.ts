/**
 * A node answering under another identity (#12): this host's mcollectived answered as its
 * server.cfg identity, which no ingredient expected, while an expected identity stayed silent.
 * The facts ping-nodes leaves for src/core/diagnose.ts; src/checks/identity-here.ts proves (with
 * IO) which silent names are this host.
 */
import {parseMcoConfig} from './mco-config/parse.js';

/** How a silent expected name was proven to be this host (JSON-safe rung data). */
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

/** The facts for `identity` answering here: its server.cfg line, and the proofs for the names still silent. */
export function identityHere(
	identity: string,
	serverCfgText: string,
	proofs: readonly (ThisHostProof | undefined)[],
	missing: readonly string[],
): IdentityHere {
	const line = identityLine(serverCfgText);
	return {
		identity,
		...(line !== undefined ? {line} : {}),
		proven: proofs.filter((p): p is ThisHostProof => p !== undefined && missing.includes(p.name)),
	};
}
