/**
 * Landmark 4 (end to end): a ping every expected node must answer, with each node's time; when
 * nodes stay silent, the evidence that tells the three look-alikes apart is gathered right
 * away: what the node logged DURING this ping (invalid signature = psk, "seconds old" = clock,
 * nothing = different wire or node down), the client.cfg/server.cfg comparison, the daemon.
 * Then each node's clock against the message TTL.
 */
import {FLEET_SUMMARY_FROM, fleetSummaryLine, summarizeFleet} from '../core/fleet-summary.js';
import {readMcoConfig} from '../core/mco-config/model.js';
import {eventsDuring} from './node-log.js';
import {pairDifferences} from './pair.js';
import type {Ladder, RungInput, RungOutcome} from './types.js';

/** The wizard's own ping (wire client): stops as soon as every expected node answered, bounded. */
async function nativePing(input: RungInput, waitMs: number) {
	const client = await input.state.clientConfig();
	const settings = client.settings ?? readMcoConfig('');
	return input.ctx.io.mcoPing(settings, {
		timeoutMs: waitMs,
		connectTimeoutMs: input.timeoutMs,
		expect: input.ctx.ingredients.nodeIdentities,
		signal: input.signal,
		now: input.ctx.io.now,
	});
}

async function pingNodes(input: RungInput): Promise<RungOutcome> {
	const client = await input.state.clientConfig();
	if (client.text === undefined)
		return {
			ok: false,
			evidence: `${client.path} cannot be read (${client.error})`,
			data: {probe: {outcome: 'error'}},
		};
	const expected = input.ctx.ingredients.nodeIdentities;
	const {
		result: r,
		events,
		readable,
	} = await eventsDuring(input.ctx.io, await input.state.nodeLog(), () => nativePing(input, input.timeoutMs));
	const answered = new Set(r.replies.map((x) => x.identity));
	const missing = expected.filter((n) => !answered.has(n));
	// A fleet: the summary (answered of expected, slowest, silent named) instead of one entry per node.
	const fleet = r.replies.length > FLEET_SUMMARY_FROM || expected.length > FLEET_SUMMARY_FROM;
	const summary = fleet ? fleetSummaryLine(summarizeFleet(r.replies, {expected})) : undefined;
	const times = (summary ? [] : r.replies)
		.map(
			(x) =>
				`${x.identity} time=${x.ms.toFixed(1)} ms${x.clockOffsetMs !== undefined ? ` clock ${x.clockOffsetMs >= 0 ? '+' : ''}${(x.clockOffsetMs / 1000).toFixed(1)} s` : ''}`,
		)
		.join(', ');
	const replies = r.replies.map((x) => ({identity: x.identity, ms: x.ms, clockOffsetMs: x.clockOffsetMs}));
	if (!r.failure && missing.length === 0)
		return {ok: true, evidence: summary ?? `${r.replies.length} replied: ${times}`, data: {replies, missing}};
	if (r.failure?.outcome === 'dropped' && client.settings) {
		// The broker closed a session it had accepted: a fresh look tells whether it went away.
		const {host = '', port = 0} = client.settings.pool[0] ?? {};
		const now = await input.ctx.io.tcpConnect(host, port, input.timeoutMs, input.signal);
		if (now.outcome === 'refused' || now.outcome === 'timeout')
			return {
				ok: false,
				evidence: `ping failed at ${r.failure.phase}: ${r.failure.detail}; ${host}:${port} ${now.outcome === 'refused' ? 'refuses' : 'does not answer'} new connections now`,
				data: {replies, missing, probe: {outcome: now.outcome, code: now.code, host, port}},
			};
	}
	if (r.failure)
		return {
			ok: false,
			evidence: `ping failed at ${r.failure.phase}: ${r.failure.brokerMessage ?? r.failure.detail}`,
			data: {
				replies,
				missing,
				probe: {
					outcome: r.failure.outcome,
					code: r.failure.code,
					brokerMessage: r.failure.brokerMessage,
					destination: r.failure.destination,
				},
			},
		};
	const server = await input.state.serverConfig();
	const daemons = await input.ctx.io.runningDaemons(input.ctx.ingredients.platform);
	return {
		ok: false,
		evidence:
			summary ??
			`${r.replies.length ? `${times}; ` : 'No responses received; '}silent: ${missing.join(', ')}`,
		data: {
			replies,
			missing,
			events,
			nodeLogReadable: readable,
			...(client.settings && server.settings
				? {pair: pairDifferences(client.settings, server.settings)}
				: {}),
			...(daemons !== undefined && server.text !== undefined ? {daemonRunning: daemons.length > 0} : {}),
		},
	};
}

async function clockOffset(input: RungInput): Promise<RungOutcome> {
	const client = await input.state.clientConfig();
	const ttl = client.settings?.ttl ?? 60;
	const r = await nativePing(input, input.timeoutMs);
	if (r.failure || r.replies.length === 0)
		return {
			ok: false,
			evidence: `no reply to measure: ${r.failure?.detail ?? 'No responses received'}`,
			// a failed connection is the broker's story, not the clock's (diagnose reads probe)
			data: r.failure
				? {
						ttl,
						probe: {
							outcome: r.failure.outcome,
							code: r.failure.code,
							brokerMessage: r.failure.brokerMessage,
							destination: r.failure.destination,
						},
					}
				: {ttl},
		};
	// the node's msgtime (whole seconds) against our clock: ±0.5 s
	const offsets = r.replies.map((x) => ({
		identity: x.identity,
		offsetS: Math.round((x.clockOffsetMs ?? 0) / 100) / 10,
	}));
	const worst = offsets.reduce((m, o) => Math.max(m, Math.abs(o.offsetS)), 0);
	const red = ttl / 2;
	return {
		ok: worst < red,
		evidence: `${clockList(offsets)} (TTL ${ttl} s, warning from ${red} s)`,
		data: {offsets, ttl},
	};
}

/** Each node's offset; for a fleet the five furthest off and the count, not thousands of entries. */
function clockList(offsets: readonly {identity: string; offsetS: number}[]): string {
	const say = (o: {identity: string; offsetS: number}) =>
		`${o.identity} ${o.offsetS >= 0 ? '+' : ''}${o.offsetS} s`;
	if (offsets.length <= FLEET_SUMMARY_FROM) return offsets.map(say).join(', ');
	const worst = [...offsets].sort((a, b) => Math.abs(b.offsetS) - Math.abs(a.offsetS)).slice(0, 5);
	return `${offsets.length} nodes, furthest off: ${worst.map(say).join(', ')}`;
}

export const e2eLadder: Ladder = {
	'ping-nodes': {run: pingNodes},
	'clock-offset': {run: clockOffset},
};
