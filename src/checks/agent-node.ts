/**
 * Landmark 5 on the node itself (the client host's part is agent.ts): the openshift agent's files
 * in the libdir server.cfg names, the node log since the last start (a load error names the
 * missing library), and `rpcutil agent_inventory` addressed to this node's own identity with
 * server.cfg's credentials and psk (native client, no `mco`). Every verdict rests on files and
 * lines of THIS host.
 */
import {join} from 'node:path';
import {
	agentSwitchedOffBy,
	type OwnActivation,
	ownActivationRef,
	ownActivationRule,
} from '../core/agent-activation.js';
import {logRef, type McoLogEvent} from '../core/log-classify.js';
import {toPlain} from '../mcollective/marshal.js';
import {eventsSinceLastStart} from './node-log.js';
import {requestSelf, type SelfRequestSend} from './self-request.js';
import type {Ladder, RungInput, RungOutcome} from './types.js';

const AGENT_FILE = 'openshift.rb';

/**
 * The agent directories of server.cfg's libdirs, each with whether it exists on this host, and
 * for the agent file found there whether it brings its own activation rule.
 */
export async function agentDirs(input: RungInput, libdirs: readonly string[]) {
	const dirs: {dir: string; exists: boolean; agentFile?: string; ownActivation?: OwnActivation}[] = [];
	for (const libdir of libdirs) {
		const dir = join(libdir, 'mcollective', 'agent');
		const file = join(dir, AGENT_FILE);
		const read = await input.ctx.io.readFile(file);
		if ('text' in read) {
			const rule = ownActivationRule(read.text);
			dirs.push({dir, exists: true, agentFile: file, ...(rule ? {ownActivation: {file, ...rule}} : {})});
		} else {
			// reading a directory fails with EISDIR: it is there; ENOENT: it is not
			const probe = await input.ctx.io.readFile(dir);
			dirs.push({dir, exists: !('text' in probe) && probe.error === 'EISDIR'});
		}
	}
	return dirs;
}

async function agentFiles(input: RungInput): Promise<RungOutcome> {
	const server = await input.state.serverConfig();
	if (!server.settings)
		return {
			ok: false,
			evidence: `${server.path} cannot be read (${server.error})`,
			data: {serverConfigRead: false},
		};
	const dirs = await agentDirs(input, server.settings.libdirs);
	const found = dirs.find((d) => d.agentFile);
	if (found?.agentFile) return {ok: true, evidence: found.agentFile, data: {agentFile: found.agentFile}};
	const there = dirs.filter((d) => d.exists).map((d) => d.dir);
	const absent = dirs.filter((d) => !d.exists).map((d) => d.dir);
	return {
		ok: false,
		evidence: `no ${AGENT_FILE} in server.cfg's libdir${there.length ? `: ${there.join(', ')} holds no ${AGENT_FILE}` : ''}${absent.length ? `; ${absent.length} libdir(s) have no mcollective/agent directory here` : ''}`,
		data: {agentFile: false, searched: there, identity: server.settings.identity},
	};
}

async function agentLoad(input: RungInput): Promise<RungOutcome> {
	const path = await input.state.nodeLog();
	const log = await eventsSinceLastStart(input.ctx.io, path);
	if (!log.readable)
		return {
			ok: true,
			skipped: true,
			evidence: `not read: ${path} cannot be read here; the request below asks the node instead`,
			data: {nodeLogReadable: false, nodeLogPath: path},
		};
	const agentEvents = log.events.filter((e) => e.kind.startsWith('agent-'));
	const failed = agentEvents.find(
		(e) =>
			(e.kind === 'agent-load-failed' || e.kind === 'agent-activation-failed') && /openshift/i.test(e.agent),
	);
	const started = log.events.find((e) => e.kind === 'started');
	const since = started
		? `since the start at ${started.entry.time ?? `line ${started.entry.lineNo}`}${started.entry.file ? ` (${started.entry.file})` : ''}`
		: '';
	if (failed)
		return {
			ok: false,
			evidence: `${logRef(path, failed.entry)}: ${failed.entry.message}`,
			data: {events: agentEvents, nodeLogReadable: true, nodeLogPath: path},
		};
	// agents load at start-up: with the start rotated out of every kept file, a load error would
	// have rotated away with it, so "no load error" is not an observation
	if (log.fromStart === false)
		return {
			ok: true,
			skipped: true,
			evidence: `not judged: ${path} no longer holds mcollectived's start (rotated away), where a load error would be; the request below asks the node instead`,
			data: {events: agentEvents, nodeLogReadable: true, nodeLogFromStart: false, nodeLogPath: path},
		};
	return {
		ok: true,
		evidence: `${path}${since ? ` ${since}` : ''}: no load error for the openshift agent`,
		data: {events: agentEvents, nodeLogReadable: true, nodeLogPath: path},
	};
}

/** Agent names out of an `rpcutil agent_inventory` reply's data (`agents: [{agent: …}, …]`). */
export function inventoryAgents(data: unknown): string[] {
	const plain = data === undefined ? undefined : (toPlain(data as Parameters<typeof toPlain>[0]) as unknown);
	const list = (plain as {agents?: unknown} | undefined)?.agents;
	if (!Array.isArray(list)) return [];
	return list
		.map((a) => (a && typeof a === 'object' ? (a as {agent?: unknown}).agent : undefined))
		.filter((a): a is string => typeof a === 'string');
}

async function agentSelf(input: RungInput): Promise<RungOutcome> {
	const rpc = input.ctx.io.rpcWith;
	const server = await input.state.serverConfig();
	const settings = server.settings;
	const identity = settings?.identity;
	if (!rpc || !settings || !identity)
		return {
			ok: true,
			skipped: true,
			evidence: `not applicable: no native RPC or no identity in ${server.path}`,
		};
	const logPath = await input.state.nodeLog();
	const send: SelfRequestSend = (s, o) =>
		rpc(
			s,
			'rpcutil',
			'agent_inventory',
			{},
			{
				timeoutMs: o.timeoutMs,
				connectTimeoutMs: o.connectTimeoutMs,
				identities: [o.identity],
				signal: o.signal,
				onSent: o.onSent,
				now: input.ctx.io.now,
			},
		);
	const sent = await requestSelf(input, settings, identity, logPath, send);
	const failure = sent.result.failure;
	const facts = {
		identity,
		nodeLogPath: logPath,
		nodeLogReadable: sent.logReadable,
		signedWith: 'server.cfg',
		handled: sent.handled,
		events: sent.events,
	};
	if (failure)
		return {
			ok: false,
			evidence: `rpcutil agent_inventory to ${identity} with ${server.path}'s credentials failed at ${failure.phase}: ${failure.brokerMessage ?? failure.detail}`,
			data: {
				...facts,
				probe: {
					outcome: failure.outcome,
					code: failure.code,
					brokerMessage: failure.brokerMessage,
					...(settings.pool[0] ? {host: settings.pool[0].host, port: settings.pool[0].port} : {}),
				},
			},
		};
	const reply = sent.result.replies.find((r) => r.identity === identity);
	if (!reply)
		return {
			ok: false,
			evidence: `${identity} did not answer rpcutil agent_inventory addressed to itself${sent.logReadable && sent.events.length === 0 ? `; nothing about it in ${logPath}` : ''}`,
			data: {...facts, answered: false},
		};
	const agents = inventoryAgents(reply.data);
	if (agents.includes('openshift'))
		return {
			ok: true,
			evidence: `${identity} lists the openshift agent (agents: ${agents.join(', ')})`,
			data: {identity, agents},
		};
	// why it is not loaded: the log since the last start (a load error names the library), and
	// server.cfg switching the agent off (2.12 logs that only at debug level) unless the agent file
	// brings its own activate_when, which replaces that rule
	const log = await eventsSinceLastStart(input.ctx.io, logPath);
	const switchedOff = agentSwitchedOffBy(settings, 'openshift');
	const own = (await agentDirs(input, settings.libdirs)).find((d) => d.agentFile)?.ownActivation;
	return {
		ok: false,
		evidence: `${identity} answers rpcutil agent_inventory without openshift (agents: ${agents.join(', ')})${switchedOff ? `; ${server.path}: ${switchedOff}` : ''}${own ? `; ${ownActivationRef(own)}` : ''}`,
		data: {
			identity,
			agents,
			answered: true,
			...(switchedOff ? {switchedOff, serverConfigPath: server.path} : {}),
			...(own ? {ownActivation: own} : {}),
			...startLevel(log.events),
			events: log.events.filter((e) => e.kind.startsWith('agent-')),
			nodeLogReadable: log.readable,
			...(log.fromStart === false ? {nodeLogFromStart: false} : {}),
			nodeLogPath: logPath,
		},
	};
}

/**
 * The level the daemon logs at since its last start (`started logging at debug level`): 2.12 writes
 * why activate? said no only at debug level, so without it a missing line proves nothing.
 */
export function startLevel(events: readonly McoLogEvent[]): {startLoglevel?: string} {
	const started = events.find((e) => e.kind === 'started');
	return started?.kind === 'started' ? {startLoglevel: started.loglevel} : {};
}

export const agentNodeLadder: Ladder = {
	'agent-files': {run: agentFiles},
	'agent-load': {run: agentLoad},
	'agent-self': {run: agentSelf},
};
