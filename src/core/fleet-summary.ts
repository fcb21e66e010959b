/**
 * A fleet at a glance: what a ping of thousands of nodes comes down to for a person (answered
 * of expected, the slowest few, the silent ones by name, per collective) instead of one line per
 * node. Pure: `ping`'s human output and the end-to-end evidence both format replies with it.
 */

/** Past this many replies (or expected nodes) a person gets the summary, not one line per node. */
export const FLEET_SUMMARY_FROM = 200;

export type FleetReply = {
	readonly identity: string;
	readonly ms: number;
	/** The collective the reply came in on, when the caller pinged more than one. */
	readonly collective?: string;
};

export type CollectiveCount = {readonly collective: string; readonly answered: number};

export type FleetSummary = {
	/** Distinct identities that answered (of the expected ones, when a list was given). */
	readonly answered: number;
	/** Identities that answered but are not on the expected list. */
	readonly unlisted: number;
	/** How many were expected (a count, or the length of the identity list); undefined: unknown. */
	readonly expected: number | undefined;
	/** The slowest replies, slowest first. */
	readonly slowest: readonly FleetReply[];
	/** Expected identities with no reply, in the order given, at most `silentShown` of them. */
	readonly silent: readonly string[];
	/** How many expected identities gave no reply (may exceed `silent.length`). */
	readonly silentCount: number;
	readonly byCollective: readonly CollectiveCount[];
	readonly minMs: number | undefined;
	readonly avgMs: number | undefined;
	readonly maxMs: number | undefined;
};

export type SummaryOptions = {
	/** Identities that should answer, or how many should. */
	readonly expected?: readonly string[] | number;
	readonly slowestShown?: number;
	readonly silentShown?: number;
};

/** One pass over the replies (bounded memory beyond the input): safe at 100,000 nodes. */
export function summarizeFleet(replies: readonly FleetReply[], options: SummaryOptions = {}): FleetSummary {
	const slowestShown = options.slowestShown ?? 5;
	const silentShown = options.silentShown ?? 20;
	const slowest: FleetReply[] = [];
	const perCollective = new Map<string, number>();
	const answered = new Set<string>();
	let sum = 0;
	let min = Number.POSITIVE_INFINITY;
	let max = Number.NEGATIVE_INFINITY;
	for (const reply of replies) {
		answered.add(reply.identity);
		sum += reply.ms;
		if (reply.ms < min) min = reply.ms;
		if (reply.ms > max) max = reply.ms;
		if (reply.collective !== undefined)
			perCollective.set(reply.collective, (perCollective.get(reply.collective) ?? 0) + 1);
		keepSlowest(slowest, reply, slowestShown);
	}
	const expectedSet = Array.isArray(options.expected)
		? new Set(options.expected as readonly string[])
		: undefined;
	const silent: string[] = [];
	let silentCount = 0;
	let listedAnswered = 0;
	if (expectedSet) {
		for (const identity of expectedSet) {
			if (answered.has(identity)) {
				listedAnswered++;
				continue;
			}
			silentCount++;
			if (silent.length < silentShown) silent.push(identity);
		}
	} else if (typeof options.expected === 'number') {
		silentCount = Math.max(0, options.expected - answered.size);
	}
	const n = replies.length;
	return {
		answered: expectedSet ? listedAnswered : answered.size,
		unlisted: expectedSet ? answered.size - listedAnswered : 0,
		expected: expectedSet ? expectedSet.size : (options.expected as number | undefined),
		slowest,
		silent,
		silentCount,
		byCollective: [...perCollective]
			.map(([collective, count]) => ({collective, answered: count}))
			.sort((a, b) => a.collective.localeCompare(b.collective)),
		minMs: n > 0 ? min : undefined,
		avgMs: n > 0 ? sum / n : undefined,
		maxMs: n > 0 ? max : undefined,
	};
}

/** Insert into a short list kept sorted slowest first, never longer than `limit`. */
function keepSlowest(list: FleetReply[], reply: FleetReply, limit: number): void {
	if (limit <= 0) return;
	if (list.length === limit && reply.ms <= (list[limit - 1] as FleetReply).ms) return;
	let at = list.length;
	while (at > 0 && (list[at - 1] as FleetReply).ms < reply.ms) at--;
	list.splice(at, 0, reply);
	if (list.length > limit) list.pop();
}

const ms = (x: number) => `${x.toFixed(2)} ms`;

/** The summary as lines for a terminal (mco's `---- ping statistics ----` style). */
export function formatFleetSummary(s: FleetSummary): string {
	const lines: string[] = ['---- fleet summary ----'];
	const of = s.expected === undefined ? `${s.answered} answered` : `${s.answered} of ${s.expected} answered`;
	lines.push(s.unlisted > 0 ? `${of} (and ${s.unlisted} not on the list)` : of);
	if (s.minMs !== undefined && s.avgMs !== undefined && s.maxMs !== undefined)
		lines.push(`time min: ${ms(s.minMs)} avg: ${ms(s.avgMs)} max: ${ms(s.maxMs)}`);
	if (s.byCollective.length > 0)
		lines.push(`by collective: ${s.byCollective.map((c) => `${c.collective} ${c.answered}`).join(', ')}`);
	if (s.slowest.length > 0) {
		lines.push('slowest:');
		for (const r of s.slowest) lines.push(`  ${r.identity.padEnd(40)} time=${ms(r.ms)}`);
	}
	if (s.silentCount > 0) {
		const more = s.silentCount - s.silent.length;
		lines.push(
			`silent: ${s.silentCount}${s.silent.length > 0 ? '' : ' (no names: only a count was expected)'}`,
		);
		for (const identity of s.silent) lines.push(`  ${identity}`);
		if (more > 0 && s.silent.length > 0) lines.push(`  … and ${more} more`);
	}
	return lines.join('\n');
}

/** The summary on one line, for a check's evidence (the wizard's end-to-end screen). */
export function fleetSummaryLine(s: FleetSummary): string {
	const parts = [
		s.expected === undefined ? `${s.answered} replied` : `${s.answered} of ${s.expected} replied`,
	];
	if (s.unlisted > 0) parts[0] += ` (and ${s.unlisted} not on the list)`;
	if (s.minMs !== undefined && s.avgMs !== undefined && s.maxMs !== undefined)
		parts.push(`time min ${ms(s.minMs)} avg ${ms(s.avgMs)} max ${ms(s.maxMs)}`);
	if (s.byCollective.length > 0)
		parts.push(`by collective: ${s.byCollective.map((c) => `${c.collective} ${c.answered}`).join(', ')}`);
	if (s.slowest.length > 0)
		parts.push(`slowest: ${s.slowest.map((r) => `${r.identity} ${ms(r.ms)}`).join(', ')}`);
	if (s.silentCount > 0) {
		const more = s.silentCount - s.silent.length;
		parts.push(
			s.silent.length > 0
				? `silent: ${s.silent.join(', ')}${more > 0 ? ` and ${more} more` : ''}`
				: `silent: ${s.silentCount}`,
		);
	}
	return parts.join('; ');
}

/** A file of identities, one a line; blank lines and `#` comments ignored; duplicates once. */
export function parseIdentityList(text: string): string[] {
	const out = new Set<string>();
	for (const raw of text.split(/\r?\n/)) {
		const line = raw.replace(/#.*/, '').trim();
		if (line !== '') out.add(line);
	}
	return [...out];
}
