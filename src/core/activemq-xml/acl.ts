/**
 * ActiveMQ's authorization rules, as DefaultAuthorizationMap applies them: every entry whose
 * destination pattern matches a destination contributes its groups (the union, not the most
 * specific entry), so `queue=">" admins` next to `queue="mcollective.>" mcollective` lets both
 * groups in. Patterns are `.`-separated; `*` matches one segment, `>` the rest; a comma list is
 * several patterns.
 */
import type {AuthorizationEntry, BrokerUser} from './parse.js';

export type Operation = 'read' | 'write' | 'admin';
export const OPERATIONS: readonly Operation[] = ['read', 'write', 'admin'];

export function patternMatches(pattern: string, destination: string): boolean {
	return pattern
		.split(',')
		.map((p) => p.trim())
		.some((p) => {
			const want = p.split('.');
			const got = destination.split('.');
			for (let i = 0; i < want.length; i++) {
				const w = want[i];
				if (w === '>') return got.length > i;
				if (i >= got.length) return false;
				if (w !== '*' && w !== got[i]) return false;
			}
			return want.length === got.length;
		});
}

/** The groups allowed `operation` on one destination. */
export function allowedGroups(
	entries: readonly AuthorizationEntry[],
	kind: 'topic' | 'queue',
	destination: string,
	operation: Operation,
): Set<string> {
	const groups = new Set<string>();
	for (const e of entries) {
		if (e.kind !== kind || !patternMatches(e.destination, destination)) continue;
		for (const g of e[operation]) groups.add(g);
	}
	return groups;
}

/** The operations `user` may NOT do on a destination (empty: all allowed). */
export function deniedOperations(
	entries: readonly AuthorizationEntry[],
	user: Pick<BrokerUser, 'groups'>,
	kind: 'topic' | 'queue',
	destination: string,
): Operation[] {
	return OPERATIONS.filter((op) => {
		const allowed = allowedGroups(entries, kind, destination, op);
		return !user.groups.some((g) => allowed.has(g));
	});
}

/**
 * Destinations MCollective's activemq connector uses for one collective (wire spec §2.2), each as
 * a concrete sample name: the agent topics, the reply queue of a client, the direct-addressing
 * queue, and the advisory topics ActiveMQ creates for them.
 */
export function mcollectiveDestinations(
	collective: string,
): readonly {kind: 'topic' | 'queue'; destination: string; what: string}[] {
	return [
		{kind: 'topic', destination: `${collective}.discovery.agent`, what: 'agent topics'},
		{kind: 'queue', destination: `${collective}.reply.mco-wizard_1`, what: 'reply queues'},
		{kind: 'queue', destination: `${collective}.nodes`, what: 'the direct-addressing queue'},
		{
			kind: 'topic',
			destination: `ActiveMQ.Advisory.Consumer.Queue.${collective}.reply.mco-wizard_1`,
			what: 'advisory topics',
		},
	];
}
