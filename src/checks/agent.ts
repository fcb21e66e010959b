/**
 * Landmark 5 (OpenShift agent): the seed's packages where rpm exists, the agent in each node's
 * inventory (and, when it is missing, the node log's reason), then `openshift echo msg=foo` with
 * the DDL's input rules checked before sending. `Time: nil` in the answer is normal (F22).
 */
import {join} from 'node:path';
import {agentSwitchedOffBy, ownActivationRef} from '../core/agent-activation.js';
import {CLIENT_PACKAGES, NODE_PACKAGES, platformPackage} from '../core/catalogue.js';
import {agentDirs, startLevel} from './agent-node.js';
import {eventsSinceLastStart} from './node-log.js';
import type {Ladder, RungInput, RungOutcome} from './types.js';

/**
 * `mco` could not be started: nothing reached any node, so this says only that the client program
 * is missing here (no node or agent verdict; the data carries `mcoMissing` for diagnose).
 */
function mcoMissing(mco: string, error: string | undefined): RungOutcome {
	return {
		ok: false,
		evidence: `the MCollective client program ${mco} could not be started on this host (${error ?? 'ENOENT'}): nothing was sent to any node`,
		data: {mcoMissing: true, mco},
	};
}

async function packages(input: RungInput): Promise<RungOutcome> {
	const {io} = input.ctx;
	const probe = await io.exec('rpm', ['--version'], {timeoutMs: input.timeoutMs});
	if (probe.spawnError)
		return {
			ok: true,
			skipped: true,
			evidence:
				'not applicable: no rpm on this host (not an RPM-based system); the agent inventory below checks the node instead',
			data: {applicable: false},
		};
	const client = await input.state.clientConfig();
	const server = await input.state.serverConfig();
	const platform = input.ctx.ingredients.platform;
	const wanted = [
		...(client.text !== undefined ? CLIENT_PACKAGES : []),
		...(server.text !== undefined ? NODE_PACKAGES : []),
	].map((p) => platformPackage(p, platform));
	const missing: string[] = [];
	for (const p of wanted) {
		const r = await io.exec('rpm', ['-q', p], {timeoutMs: input.timeoutMs});
		if (r.code !== 0) missing.push(p);
	}
	return {
		ok: missing.length === 0,
		evidence: missing.length ? `missing: ${missing.join(', ')}` : `installed: ${wanted.join(', ')}`,
		data: {applicable: true, missing, present: wanted.filter((p) => !missing.includes(p))},
	};
}

/**
 * When the node without the agent is this host (server.cfg here names its identity), what this
 * host's files say: whether server.cfg's libdir holds the agent file, whether that file brings its
 * own activate_when (then server.cfg's activate_agent is not read), and whether server.cfg switches
 * the agent off. Undefined for any other node: its files are not observed from here.
 */
async function nodeHere(input: RungInput, identity: string | undefined) {
	const server = await input.state.serverConfig();
	const settings = server.settings;
	if (!settings || !identity || settings.identity !== identity) return undefined;
	const dirs = await agentDirs(input, settings.libdirs);
	const found = dirs.find((d) => d.agentFile);
	const switchedOff = agentSwitchedOffBy(settings, 'openshift');
	return {
		serverConfigPath: server.path,
		agentFileHere: found?.agentFile ?? false,
		libdirsHere: settings.libdirs,
		...(switchedOff ? {switchedOff} : {}),
		...(found?.ownActivation ? {ownActivation: found.ownActivation} : {}),
	};
}

async function agentInventory(input: RungInput): Promise<RungOutcome> {
	const client = await input.state.clientConfig();
	const fix = await input.state.fix();
	const found: string[] = [];
	const without: string[] = [];
	let agents: string[] = [];
	const nodes = input.ctx.ingredients.nodeIdentities;
	// no node to ask is not "loaded on every node": a pass here would name nobody
	if (nodes.length === 0)
		return {
			ok: false,
			evidence: 'no node to ask: the ingredients name no node identity, so no inventory was asked for',
			data: {noNodes: true, agents: []},
		};
	for (const identity of nodes) {
		const r = await input.ctx.io.mcoRpc({
			mco: fix.mco,
			config: client.path,
			agent: 'rpcutil',
			action: 'agent_inventory',
			identity,
			timeoutMs: input.timeoutMs + 2000,
			signal: input.signal,
		});
		if (r.programMissing) return mcoMissing(fix.mco, r.error);
		const reply = r.replies.find((x) => x.sender === identity);
		if (!reply)
			return {
				ok: false,
				evidence: `${identity} did not answer rpcutil agent_inventory: ${r.error ?? 'no reply'}`,
				data: {identity, answered: false, agents: []},
			};
		const its = ((reply.data.agents as Array<{agent: string}> | undefined) ?? []).map((a) => a.agent);
		(its.includes('openshift') ? found : without).push(identity);
		// the agents shown are those of the first node without openshift, not of the last one asked
		if (without.length === 0 || without[0] === identity) agents = its;
	}
	if (without.length === 0)
		return {ok: true, evidence: `openshift agent loaded on ${found.join(', ')}`, data: {agents}};
	const log = await eventsSinceLastStart(input.ctx.io, await input.state.nodeLog());
	const failure = log.events.find((e) => e.kind === 'agent-load-failed' && /openshift/i.test(e.agent));
	const here = await nodeHere(input, without[0]);
	return {
		ok: false,
		evidence: `no openshift agent on ${without.join(', ')} (agents: ${agents.join(', ')})${failure ? `; node log: ${failure.entry.message}` : ''}${here?.switchedOff ? `; ${here.serverConfigPath}: ${here.switchedOff}` : ''}${here?.ownActivation ? `; ${ownActivationRef(here.ownActivation)}` : ''}`,
		data: {
			identity: without[0],
			agents,
			...(here ?? {}),
			events: log.events.filter((e) => e.kind.startsWith('agent-')),
			...startLevel(log.events),
			nodeLogReadable: log.readable,
			// agents load at start-up: a log rotated past the start no longer holds their load errors
			...(log.fromStart === false ? {nodeLogFromStart: false} : {}),
			nodeLogPath: await input.state.nodeLog(),
		},
	};
}

/** The DDL's rules for the echo action's msg input (OpenShift's: ^.+$, at most 90 characters). */
export function ddlRules(ddl: string): {validation: RegExp; maxlength: number} {
	const block = /input\s+:msg\s*,([\s\S]*?)(?:\n\s*\n|output|end)/.exec(ddl)?.[1] ?? '';
	const validation = /:validation\s*=>\s*(['"/])(.*?)\1/.exec(block)?.[2] ?? '^.+$';
	const maxlength = Number(/:maxlength\s*=>\s*(\d+)/.exec(block)?.[1] ?? 90);
	return {validation: new RegExp(validation), maxlength};
}

export function checkEchoInput(
	msg: string,
	rules: {validation: RegExp; maxlength: number},
): string | undefined {
	if (!rules.validation.test(msg)) return `msg '${msg}' does not match ${rules.validation.source}`;
	if (rules.maxlength > 0 && msg.length > rules.maxlength)
		return `msg is ${msg.length} characters, the DDL allows ${rules.maxlength}`;
	return undefined;
}

async function echo(input: RungInput): Promise<RungOutcome> {
	const client = await input.state.clientConfig();
	const fix = await input.state.fix();
	const msg = 'foo';
	let ddl: string | undefined;
	for (const dir of client.settings?.libdirs ?? [fix.libdir]) {
		const read = await input.ctx.io.readFile(join(dir, 'mcollective', 'agent', 'openshift.ddl'));
		ddl = 'text' in read ? read.text : undefined;
		if (ddl) break;
	}
	if (!ddl)
		return {
			ok: false,
			evidence: `no openshift.ddl in the client's libdir (${(client.settings?.libdirs ?? []).join(', ')})`,
			data: {ddlFound: false},
		};
	const inputError = checkEchoInput(msg, ddlRules(ddl));
	if (inputError) return {ok: false, evidence: inputError, data: {ddlFound: true, inputError}};
	const r = await input.ctx.io.mcoRpc({
		mco: fix.mco,
		config: client.path,
		agent: 'openshift',
		action: 'echo',
		args: {msg},
		timeoutMs: input.timeoutMs + 3000,
		discoveryS: 2,
		signal: input.signal,
	});
	if (r.programMissing) return mcoMissing(fix.mco, r.error);
	const reply = r.replies.find((x) => x.statuscode === 0 && x.data.msg === msg);
	if (reply) {
		const time = reply.data.time;
		return {
			ok: true,
			evidence: `${reply.sender}: Message: ${String(reply.data.msg)}, Time: ${time ?? 'nil'}${time == null ? " (normal: OpenShift's echo only sets msg, F22)" : ''}`,
			data: {ddlFound: true, replies: r.replies.length, time: time ?? null},
		};
	}
	const log = await eventsSinceLastStart(input.ctx.io, await input.state.nodeLog());
	return {
		ok: false,
		evidence: r.nothingDiscovered
			? 'No request sent, we did not discover any nodes.'
			: `echo failed: ${r.replies[0]?.statusmsg ?? r.error ?? `exit ${r.exitCode}`}`,
		data: {
			ddlFound: true,
			discovered: r.nothingDiscovered ? 0 : r.replies.length,
			events: log.events.filter((e) => e.kind.startsWith('agent-')),
			nodeLogReadable: log.readable,
			// agents load at start-up: a log rotated past the start no longer holds their load errors
			...(log.fromStart === false ? {nodeLogFromStart: false} : {}),
			nodeLogPath: await input.state.nodeLog(),
		},
	};
}

export const agentLadder: Ladder = {
	packages: {run: packages},
	'agent-inventory': {run: agentInventory},
	echo: {run: echo},
};
