/**
 * The agents a simulated node runs, answering as mcollectived 2.12.5's do: `discovery` (not an
 * RPC agent: "ping" → "pong"), `rpcutil` (ping, inventory, agent_inventory, daemon_stats,
 * collective_info) and the lab's `openshift` stand-in (echo, lab/mcollective/plugins/…/openshift.rb).
 * Pure: request body in, reply body out.
 */
import {type MarshalInput, type MarshalValue, stringOf, symbolKey} from '../mcollective/marshal.js';

export const MCOLLECTIVE_VERSION = '2.12.5';

/** What a node counts (runnerstats.rb), shown by `rpcutil daemon_stats`. */
export type NodeStats = {
	validated: number;
	unvalidated: number;
	passed: number;
	filtered: number;
	total: number;
	replies: number;
	ttlexpired: number;
};

export function newNodeStats(): NodeStats {
	return {validated: 0, unvalidated: 0, passed: 0, filtered: 0, total: 0, replies: 0, ttlexpired: 0};
}

export type AgentContext = {
	readonly identity: string;
	/** The node's clock, epoch ms. */
	readonly nowMs: number;
	readonly startedS: number;
	readonly mainCollective: string;
	readonly collectives: readonly string[];
	/** Loaded agents, discovery and rpcutil included. */
	readonly agents: readonly string[];
	readonly configFile: string;
	readonly pid: number;
	readonly stats: NodeStats;
};

/** Agents every mcollectived loads from the library itself. */
export const BUILTIN_AGENTS = ['discovery', 'rpcutil'] as const;
/** Agents a simulated node knows how to run. */
export const KNOWN_AGENTS = [...BUILTIN_AGENTS, 'openshift'] as const;

const AGENT_META: Readonly<Record<string, {description: string; timeout: number}>> = {
	rpcutil: {
		description: 'General helpful actions that expose stats and internals to SimpleRPC clients',
		timeout: 10,
	},
	openshift: {description: 'Lab stand-in for the OpenShift Origin node agent', timeout: 10},
	discovery: {description: 'Discovery Agent', timeout: 5},
};

type RpcReply = {statuscode: number; statusmsg: string; data: {[key: string]: MarshalInput}};

const ok = (data: {[key: string]: MarshalInput}): RpcReply => ({statuscode: 0, statusmsg: 'OK', data});
const invalid = (message: string, data: {[key: string]: MarshalInput} = {}): RpcReply => ({
	statuscode: 4,
	statusmsg: message,
	data,
});

/** `Time.now.utc.strftime("%Y-%m-%dT%H:%M:%S.%6NZ")` */
function rubyUtcTime(ms: number): string {
	return `${new Date(ms).toISOString().slice(0, 23)}000Z`;
}

function rpcutil(action: string, ctx: AgentContext): RpcReply {
	const nowS = Math.floor(ctx.nowMs / 1000);
	switch (action) {
		case 'ping':
			return ok({pong: nowS});
		case 'inventory':
			return ok({
				agents: [...ctx.agents].sort(),
				facts: {},
				classes: [],
				version: MCOLLECTIVE_VERSION,
				main_collective: ctx.mainCollective,
				collectives: [...ctx.collectives],
				data_plugins: [],
			});
		case 'agent_inventory':
			return ok({
				agents: [...ctx.agents]
					.filter((a) => a !== 'discovery')
					.sort()
					.map((agent) => ({
						agent,
						license: 'unknown',
						timeout: AGENT_META[agent]?.timeout ?? 10,
						description: AGENT_META[agent]?.description ?? 'unknown',
						name: agent,
						url: 'unknown',
						version: 'unknown',
						author: 'unknown',
					})),
			});
		case 'daemon_stats':
			return ok({
				threads: [],
				agents: [...ctx.agents].sort(),
				pid: ctx.pid,
				times: {},
				configfile: ctx.configFile,
				version: MCOLLECTIVE_VERSION,
				starttime: ctx.startedS,
				validated: ctx.stats.validated,
				unvalidated: ctx.stats.unvalidated,
				passed: ctx.stats.passed,
				filtered: ctx.stats.filtered,
				total: ctx.stats.total,
				replies: ctx.stats.replies,
				ttlexpired: ctx.stats.ttlexpired,
			});
		case 'collective_info':
			return ok({main_collective: ctx.mainCollective, collectives: [...ctx.collectives]});
		default:
			return invalid(`Attempted to call action ${action} for rpcutil but it's not declared in the DDL`);
	}
}

/** openshift.ddl: msg is a String matching ^.+$ of at most 90 characters. */
function openshift(action: string, data: MarshalValue | undefined, ctx: AgentContext): RpcReply {
	if (action !== 'echo')
		return invalid(`Attempted to call action ${action} for openshift but it's not declared in the DDL`);
	const raw = symbolKey(data ?? null, 'msg') ?? (data instanceof Map ? data.get('msg') : undefined);
	const msg = raw === undefined || raw === null ? undefined : stringOf(raw);
	const empty = {msg: null, time: null};
	if (msg === undefined) return invalid('Action echo needs a msg argument', empty);
	if (msg.length > 90)
		return invalid('Cannot validate input msg: Input string is longer than 90 character(s)', empty);
	if (!/^.+$/.test(msg)) return invalid('Cannot validate input msg: value should match ^.+$', empty);
	return ok({msg, time: rubyUtcTime(ctx.nowMs)});
}

/**
 * The reply body for a request the node accepted, or undefined when mcollectived sends none
 * (an agent it has not loaded: `Execution of X failed: No plugin X_agent defined`).
 */
export function answer(agent: string, body: MarshalValue, ctx: AgentContext): MarshalInput | undefined {
	if (!ctx.agents.includes(agent)) return undefined;
	if (agent === 'discovery') {
		const text = stringOf(body);
		return text === 'ping' ? 'pong' : `Unknown Request: ${text ?? ''}`;
	}
	const action = stringOf(symbolKey(body, 'action')) ?? '';
	const data = symbolKey(body, 'data');
	switch (agent) {
		case 'rpcutil':
			return rpcutil(action, ctx);
		case 'openshift':
			return openshift(action, data, ctx);
		default:
			return undefined;
	}
}

/** Whether the caller wants a reply (`:process_results` inside :data, default true). */
export function wantsReply(body: MarshalValue): boolean {
	return symbolKey(symbolKey(body, 'data'), 'process_results') !== false;
}
