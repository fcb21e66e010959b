/**
 * Landmark 4 (end to end): a ping every expected node must answer, with each node's time; when
 * nodes stay silent, the evidence that tells the three look-alikes apart is gathered right
 * away: what the node logged DURING this ping (invalid signature = psk, "seconds old" = clock,
 * nothing = different wire or node down), the client.cfg/server.cfg comparison, the daemon.
 * Then each node's clock against the message TTL.
 */

import {mcoPingCli, mcoRpcCli} from './mco-cli.js';
import {eventsDuring} from './node-log.js';
import {pairDifferences} from './pair.js';
import {findDaemons} from './process.js';
import type {Ladder, RungInput, RungOutcome} from './types.js';

async function pingNodes(input: RungInput): Promise<RungOutcome> {
	const client = await input.state.clientConfig();
	const fix = await input.state.fix();
	const expected = input.ctx.ingredients.nodeIdentities;
	const waitS = Math.max(1, Math.min(5, Math.floor(input.timeoutMs / 2000)));
	const {
		result: r,
		events,
		readable,
	} = await eventsDuring(await input.state.nodeLog(), () =>
		mcoPingCli({
			mco: fix.mco,
			config: client.path,
			timeoutMs: input.timeoutMs + waitS * 1000,
			waitS,
			signal: input.signal,
		}),
	);
	const answered = new Set(r.replies.map((x) => x.identity));
	const missing = expected.filter((n) => !answered.has(n));
	const times = r.replies.map((x) => `${x.identity} time=${x.ms} ms`).join(', ');
	if (r.delivered && missing.length === 0)
		return {ok: true, evidence: `${r.replies.length} replied: ${times}`, data: {replies: r.replies, missing}};
	const server = await input.state.serverConfig();
	const daemons = await findDaemons();
	const data = {
		replies: r.replies,
		missing,
		events,
		nodeLogReadable: readable,
		...(client.settings && server.settings ? {pair: pairDifferences(client.settings, server.settings)} : {}),
		...(daemons !== undefined && server.text !== undefined ? {daemonRunning: daemons.length > 0} : {}),
	};
	if (!r.delivered)
		return {
			ok: false,
			evidence: `${fix.mco} ping failed: ${r.error ?? `exit ${r.exitCode}`}`,
			data: {...data, probe: {outcome: 'error'}},
		};
	return {
		ok: false,
		evidence: `${r.replies.length ? `${times}; ` : 'No responses received; '}silent: ${missing.join(', ')}`,
		data,
	};
}

async function clockOffset(input: RungInput): Promise<RungOutcome> {
	const client = await input.state.clientConfig();
	const fix = await input.state.fix();
	const ttl = client.settings?.ttl ?? 60;
	const now = input.ctx.now ?? Date.now;
	const before = now();
	const r = await mcoRpcCli({
		mco: fix.mco,
		config: client.path,
		agent: 'rpcutil',
		action: 'ping',
		timeoutMs: input.timeoutMs + 2000,
		discoveryS: 1,
		signal: input.signal,
	});
	const after = now();
	if (!r.ok)
		return {ok: false, evidence: `rpcutil ping failed: ${r.error ?? `exit ${r.exitCode}`}`, data: {ttl}};
	// pong is the node's epoch seconds: compare with the middle of our request window (±1 s resolution)
	const mid = (before + after) / 2 / 1000;
	const offsets = r.replies.map((x) => ({
		identity: x.sender,
		offsetS: Math.round((Number(x.data.pong) - mid) * 10) / 10,
	}));
	const worst = offsets.reduce((m, o) => Math.max(m, Math.abs(o.offsetS)), 0);
	const red = ttl / 2;
	return {
		ok: worst < red,
		evidence: `${offsets.map((o) => `${o.identity} ${o.offsetS >= 0 ? '+' : ''}${o.offsetS} s`).join(', ')} (TTL ${ttl} s; warn at ${red} s)`,
		data: {offsets, ttl},
	};
}

export const e2eLadder: Ladder = {
	step: 'e2e',
	rungs: [
		{id: 'ping-nodes', run: pingNodes},
		{id: 'clock-offset', run: clockOffset},
	],
};
