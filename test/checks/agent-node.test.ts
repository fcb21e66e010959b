/**
 * Landmark 5 on the node (roles ['node']) over a fake host: the agent file in server.cfg's libdir,
 * the node log since the last start, and `rpcutil agent_inventory` addressed to this node itself
 * through an injected native RPC (CheckIO.rpcWith). F17 not installed, F17 failed to load (the
 * package named), F18 installed after the start; no client.cfg and no `mco` on this host.
 */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {runLandmark} from '../../src/checks/index.js';
import type {LandmarkReport} from '../../src/core/types.js';
import type {McoResult} from '../../src/io/check-io.js';
import {marshalDump, marshalLoad} from '../../src/mcollective/marshal.js';
import {checksHere, stepFor} from '../../steps/index.js';
import {type FakeHost, fakeIO} from './fake-io.js';
import {
	allInOne,
	CLIENT_CFG,
	CONNECTED,
	context,
	ingredientsAt,
	LIBDIR,
	logLine,
	NODE,
	NODE_LOG,
	SERVER_CFG,
	STARTED,
} from './fake-lab.js';

const failedRung = (r: LandmarkReport) => r.checks.find((c) => !c.ok && !c.skipped);
// nothing here talks to a broker: the RPC is injected
const ingredients = ingredientsAt(1);
const AGENT_DIR = `${LIBDIR}/mcollective/agent`;
const AGENT_RB = `${AGENT_DIR}/openshift.rb`;
const LOAD_FAILED = logLine(
	'E',
	'Loading agent openshift failed: cannot load such file -- openshift-origin-container-selinux',
).replace("runner.rb:206:in `receive'", "agents.rb:71:in `rescue in loadagent'");

/** The reply of a node whose inventory holds `agents`, as the wire client returns it. */
function inventory(agents: readonly string[] | 'silent'): McoResult {
	const base = {rejected: [], directed: true, elapsedMs: 5, stoppedEarly: false, requestId: 'r1'};
	if (agents === 'silent') return {...base, ok: false, replies: [], missing: [NODE], discovered: [NODE]};
	const data = marshalLoad(marshalDump({agents: agents.map((agent) => ({agent}))} as never));
	return {
		...base,
		ok: true,
		replies: [{identity: NODE, ms: 3, statuscode: 0, statusmsg: 'OK', data, body: data}],
		missing: [],
		discovered: [NODE],
	};
}

/** A node host: server.cfg, its log, the agent file; no client.cfg. */
function nodeHost(more: Partial<FakeHost> = {}): FakeHost {
	const h = allInOne(ingredients, more);
	h.files.delete(CLIENT_CFG);
	h.files.set(AGENT_DIR, {error: 'EISDIR'});
	h.files.set(AGENT_RB, 'module MCollective; module Agent; class Openshift < RPC::Agent; end; end; end\n');
	return h;
}

async function agentOnNode(h: FakeHost, answer: McoResult) {
	const asked: string[][] = [];
	const io = {
		...fakeIO(h),
		rpcWith: async (
			_settings: unknown,
			agent: string,
			action: string,
			_args: unknown,
			o: {identities?: readonly string[]},
		) => {
			asked.push([agent, action, ...(o.identities ?? [])]);
			return answer;
		},
	};
	const r = await runLandmark('agent', context(io, ingredients, {roles: ['node']}));
	return {r, asked};
}

describe('agent landmark on the node', () => {
	it('steps/ gives the node its own rungs and the client its own', () => {
		const ids = (roles?: Parameters<typeof checksHere>[1]) =>
			checksHere(stepFor('agent'), roles).map((c) => c.id);
		assert.deepEqual(ids(['node']), ['packages', 'agent-files', 'agent-load', 'agent-self']);
		assert.deepEqual(ids(['client']), ['packages', 'agent-inventory', 'echo']);
		assert.deepEqual(ids(), ids(['client']), 'roles not known: the home host (client) rungs, as before');
		assert.deepEqual(
			ids(['client', 'node']),
			stepFor('agent').checks.map((c) => c.id),
		);
	});

	it('a good node: the file, no load error, and it lists openshift to itself (asked by its own identity)', async () => {
		const {r, asked} = await agentOnNode(nodeHost(), inventory(['discovery', 'openshift', 'rpcutil']));
		assert.equal(r.ok, true, JSON.stringify(r.checks, null, 1));
		assert.deepEqual(
			r.checks.map((c) => c.id),
			['packages', 'agent-files', 'agent-load', 'agent-self'],
		);
		assert.equal(r.checks.find((c) => c.id === 'agent-files')?.evidence, AGENT_RB);
		assert.deepEqual(asked, [['rpcutil', 'agent_inventory', NODE]]);
	});

	it('no openshift.rb in the libdir → F17, not installed; the directory cited exists here', async () => {
		const h = nodeHost();
		h.files.delete(AGENT_RB);
		const {r, asked} = await agentOnNode(h, inventory(['discovery', 'rpcutil']));
		assert.equal(failedRung(r)?.id, 'agent-files');
		assert.equal(r.diagnosis?.id, 'F17');
		assert.match(r.diagnosis?.evidence.join('\n') ?? '', new RegExp(`${AGENT_DIR} holds no openshift\\.rb`));
		assert.deepEqual(asked, [], 'nothing sent once the file is known missing');
	});

	it('a load error since the last start → F17 naming the missing library and its package', async () => {
		const h = nodeHost();
		h.files.set(NODE_LOG, STARTED + CONNECTED + LOAD_FAILED);
		const {r} = await agentOnNode(h, inventory(['discovery', 'rpcutil']));
		assert.equal(failedRung(r)?.id, 'agent-load');
		assert.equal(r.diagnosis?.id, 'F17');
		const said = r.diagnosis?.evidence.join('\n') ?? '';
		assert.match(said, /cannot load such file -- openshift-origin-container-selinux/);
		assert.match(said, /rubygem-openshift-origin-container-selinux/);
	});

	it('a load error of an earlier start does not count', async () => {
		const h = nodeHost();
		h.files.set(NODE_LOG, STARTED + LOAD_FAILED + STARTED + CONNECTED);
		const {r} = await agentOnNode(h, inventory(['discovery', 'openshift', 'rpcutil']));
		assert.equal(r.ok, true, JSON.stringify(r.checks, null, 1));
	});

	it('file there, no load error, but the daemon does not list it → F18, installed after the start', async () => {
		const {r} = await agentOnNode(nodeHost(), inventory(['discovery', 'rpcutil']));
		assert.equal(failedRung(r)?.id, 'agent-self');
		assert.equal(r.diagnosis?.id, 'F18');
		assert.match(r.diagnosis?.evidence.join('\n') ?? '', /agents: discovery, rpcutil/);
	});

	it("an agent file with its own activate_when: server.cfg's activate_agent = false is not the cause", async () => {
		const own =
			'module MCollective\n  module Agent\n    class Openshift < RPC::Agent\n      # activate_when in a comment\n      activate_when do\n        false\n      end\n    end\n  end\nend\n';
		// the real 2.12.5 line (lab fault agent-declines)
		const declined =
			"D, [2026-12-01T20:30:01.500000+00:00  #3493] DEBUG -- : agents.rb:67:in `loadagent' Not activating agent openshift due to agent policy in activate? method\n";
		const withRule = (log: string) => {
			const h = nodeHost();
			h.files.set(AGENT_RB, own);
			h.files.set(SERVER_CFG, `${String(h.files.get(SERVER_CFG))}plugin.openshift.activate_agent = false\n`);
			h.files.set(NODE_LOG, log);
			return h;
		};
		// debug level, the line there: F19, the line and the rule cited
		const debug = STARTED.replace('at info level', 'at debug level');
		const a = await agentOnNode(withRule(debug + declined + CONNECTED), inventory(['discovery', 'rpcutil']));
		assert.equal(failedRung(a.r)?.id, 'agent-self');
		assert.deepEqual(failedRung(a.r)?.data?.ownActivation, {
			file: AGENT_RB,
			line: 5,
			code: 'activate_when do',
		});
		assert.equal(a.r.diagnosis?.id, 'F19');
		assert.match(
			a.r.diagnosis?.evidence.join('\n') ?? '',
			/mcollective\.log:2: Not activating agent openshift/,
		);
		assert.match(a.r.diagnosis?.evidence.join('\n') ?? '', /activate_agent = false has no effect here/);
		// info level: nothing the log could show, undecided with the stat that decides
		const b = await agentOnNode(withRule(STARTED + CONNECTED), inventory(['discovery', 'rpcutil']));
		assert.equal(failedRung(b.r)?.data?.startLoglevel, 'info');
		assert.equal(b.r.diagnosis?.id, undefined);
		assert.equal(b.r.diagnosis?.undecided, 'undecided-agent-activation');
		assert.match(b.r.diagnosis?.decide?.command ?? '', new RegExp(`^stat -c '%y %n' ${AGENT_RB}`));
	});

	it('the log rotated past the start (no start line kept): "no load error" is not seen, so not F18 but undecided; agent-load is not judged', async () => {
		const h = nodeHost();
		const handling = logLine('I', 'Handling message 1f2e for agent discovery and collective mcollective');
		h.files.set(`${NODE_LOG}.0`, handling + handling);
		h.files.set(NODE_LOG, handling);
		const {r} = await agentOnNode(h, inventory(['discovery', 'rpcutil']));
		const load = r.checks.find((c) => c.id === 'agent-load');
		assert.equal(load?.skipped, true, JSON.stringify(load));
		assert.match(load?.evidence ?? '', /no longer holds mcollectived's start \(rotated away\)/);
		assert.equal(failedRung(r)?.id, 'agent-self');
		assert.equal(r.diagnosis?.undecided, 'undecided-agent', JSON.stringify(r.diagnosis));
		assert.deepEqual(
			r.diagnosis?.candidates?.map((c) => c.id),
			['F17', 'F18'],
		);
		// a healthy node with the same log passes
		const good = await agentOnNode(h, inventory(['discovery', 'openshift', 'rpcutil']));
		assert.equal(good.r.ok, true, JSON.stringify(good.r.checks, null, 1));
	});

	it('the node does not answer its own inventory request: the silent-node verdict, never an agent entry, never landmark 2', async () => {
		const {r} = await agentOnNode(nodeHost(), inventory('silent'));
		assert.equal(failedRung(r)?.id, 'agent-self');
		assert.notEqual(r.diagnosis?.id, 'F17');
		assert.notEqual(r.diagnosis?.id, 'F18');
		assert.equal(r.diagnosis?.undecided, 'undecided-silent-node');
		// no client.cfg here: landmark 2 is not run to explain a node-side rung
		assert.doesNotMatch(r.diagnosis?.evidence.join('\n') ?? '', /landmark 2/);
	});
});
