// The wizard's `check` run AS a host of the three-host lab, for EVERY fault of `hosts.sh fault
// list`: on broker (only client.cfg, no node log, no server.cfg) the right entry from evidence it
// saw, or the candidates and the one command for the node, never a wrong entry; on the node the
// fault is on, the right entry from its own log, files and its request to itself (landmark 3 or
// the node's part of landmark 5). For every case, every absolute path
// cited as evidence exists on the host the wizard ran on (`hosts.sh on HOST test -e PATH`).
import assert from 'node:assert/strict';
import {it} from 'node:test';
import {fileURLToPath} from 'node:url';
import {type Fault3, type HostName, LAB3, onHost, requireLab3} from '../helpers/lab3.js';
import {fault3Test} from './helpers.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));

type Json = {
	ok: boolean;
	checks: {id: string; ok: boolean; evidence: string}[];
	diagnosis: null | {
		id: string | null;
		evidence: string[];
		candidates: {id: string; why: string}[];
		decide: null | {host: string; command: string};
	};
};

/** `mco-wizard check --step STEP --json` as `host`, with that host's answers file. */
async function checkAs(host: HostName, step: string): Promise<Json> {
	const answers = `/var/lib/mco-wizard-lab3/hosts/${host}/answers.ini`;
	const r = await onHost(
		host,
		'bash',
		[
			'-c',
			`cd '${repo}' && node --import tsx src/cli.tsx check --step ${step} --json --timeout 5 --answers ${answers}`,
		],
		{timeoutMs: 60_000},
	);
	const line = r.stdout.trim().split('\n').at(-1) ?? '';
	try {
		return JSON.parse(line) as Json;
	} catch {
		throw new Error(`check as ${host} printed no JSON: rc ${r.code}\n${r.stdout}\n${r.stderr}`);
	}
}

/** Absolute file paths an evidence line names (not STOMP destinations, not URLs). */
function pathsIn(line: string): string[] {
	return [...line.matchAll(/(?:^|[\s("'=,])(\/[A-Za-z0-9._+-]+(?:\/[A-Za-z0-9._+-]+)+)/g)]
		.map((m) => (m[1] ?? '').replace(/[.:]+$/, ''))
		.filter((p) => !/^\/(topic|queue)\//.test(p));
}

/** Every absolute path cited as evidence (the diagnosis's and each check's) exists on `host`. */
async function citedPathsExist(host: HostName, j: Json, what: string) {
	const lines = [...(j.diagnosis?.evidence ?? []), ...j.checks.map((c) => c.evidence)];
	const paths = [...new Set(lines.flatMap(pathsIn))];
	if (paths.length === 0) return;
	const r = await onHost(host, 'bash', [
		'-c',
		'for p; do test -e "$p" || echo "missing $p"; done',
		'_',
		...paths,
	]);
	assert.equal(
		r.stdout.trim(),
		'',
		`${what}: evidence cites a path that ${host} does not have\n${lines.join('\n')}`,
	);
}

/** The right entry, or not decided with it among the candidates and a command for the node. */
function rightOrUndecided(j: Json, right: readonly string[], what: string, node?: HostName) {
	const d = j.diagnosis;
	assert.ok(d, `${what}: a diagnosis`);
	const seen = JSON.stringify(d, null, 1);
	if (d.id !== null) assert.ok(right.includes(d.id), `${what}: wrong entry ${d.id}\n${seen}`);
	else {
		assert.ok(
			d.candidates.some((c) => right.includes(c.id)),
			`${what}: ${right.join('/')} not among the candidates\n${seen}`,
		);
		assert.ok(d.decide?.command, `${what}: no deciding command\n${seen}`);
		if (node)
			assert.ok(d.decide?.host.includes(LAB3.fqdn(node)), `${what}: the command is not for ${node}\n${seen}`);
	}
}

/** broker has no server.cfg and no node log: nothing may claim to have read them. */
function nothingFromTheNode(j: Json, what: string) {
	for (const line of [...(j.diagnosis?.evidence ?? []), ...j.checks.map((c) => c.evidence)]) {
		assert.doesNotMatch(
			line,
			/mcollective\.log:|server\.cfg|both files|never reached the node|no load error/,
			`${what}: ${line}`,
		);
	}
}

type Expect = {
	host: HostName;
	step: string;
	/** the entries that are right; empty with `passes` */
	right: readonly string[];
	/** the fault is not on this host: its landmark passes here (the node is fine) */
	passes?: boolean;
	/** only the entry itself will do (the evidence is on this host) */
	proven?: boolean;
	/** the node whose evidence decides, named by the deciding command */
	node?: HostName;
	/** what the diagnosis must cite from this run (with `proven`) */
	evidence?: RegExp;
};

/** Every fault of `hosts.sh fault list`: where it is diagnosed, and which entries are right. */
export const CASES: Record<Fault3, readonly Expect[]> = {
	'broker-stopped': [
		{host: 'broker', step: 'client', right: ['F1'], proven: true},
		// node1's own view: it never connects
		{host: 'node1', step: 'server', right: ['F9', 'F1'], proven: true},
	],
	// a DROP firewall hangs the e2e ping into its watchdog: landmark 2 proven again names the broker;
	// node1's request to itself cannot reach msg1 either
	'stomp-firewalled': [
		{host: 'broker', step: 'e2e', right: ['F1'], proven: true},
		{host: 'node1', step: 'server', right: ['F1'], proven: true},
	],
	// the faults of broker's client.cfg: node1 is fine and proves it (its request to itself answers)
	'wrong-port': [
		{host: 'broker', step: 'client', right: ['F1'], proven: true},
		{host: 'node1', step: 'server', right: [], passes: true},
	],
	'client-wrong-password': [
		{host: 'broker', step: 'client', right: ['F5'], proven: true},
		{host: 'node1', step: 'server', right: [], passes: true},
	],
	'psk-mismatch': [
		{host: 'broker', step: 'e2e', right: ['F13']},
		{host: 'node1', step: 'server', right: [], passes: true},
	],
	// the broker refuses the client's collective; only node1's server.cfg tells F6 from F12
	'collective-mismatch': [
		{host: 'broker', step: 'client', right: ['F6', 'F12'], node: 'node1'},
		{host: 'node1', step: 'server', right: [], passes: true},
	],
	// mco cannot even load the seed's connector: the e2e landmark says so, not a login problem
	'seed-client-cfg': [
		{host: 'broker', step: 'e2e', right: ['F29'], proven: true},
		{host: 'node1', step: 'server', right: [], passes: true},
	],
	'node-wrong-password': [
		{host: 'broker', step: 'e2e', right: ['F11'], node: 'node1'},
		{host: 'node1', step: 'server', right: ['F11'], proven: true},
	],
	'node-stopped': [
		{host: 'broker', step: 'e2e', right: ['F10'], node: 'node1'},
		// node1 answers nothing at all: a silent node, not a missing agent
		{host: 'broker', step: 'agent', right: ['F10'], node: 'node1'},
		{host: 'node1', step: 'server', right: ['F10'], proven: true},
	],
	// node1's own part of landmark 5: no openshift.rb in server.cfg's libdir
	'agent-missing': [
		{host: 'broker', step: 'agent', right: ['F17'], node: 'node1'},
		{host: 'node1', step: 'agent', right: ['F17'], proven: true},
	],
	// node1's log since the last start: the load error naming the seed's missing library
	'agent-broken': [
		{host: 'broker', step: 'agent', right: ['F17'], node: 'node1'},
		{host: 'node1', step: 'agent', right: ['F17'], proven: true},
	],
	// node1's server.cfg `plugin.openshift.activate_agent = false`: the file is there and loads,
	// the daemon never activates it. broker cannot read node1's log: F17 or F18, decided there.
	'agent-disabled': [
		{host: 'broker', step: 'agent', right: ['F17', 'F18'], node: 'node1'},
		{
			host: 'node1',
			step: 'agent',
			right: ['F18'],
			proven: true,
			// this run's answer from node1's daemon (its agents, without openshift) and node1's log line
			evidence:
				/the node's agents: (?!.*openshift).*rpcutil[\s\S]*mcollective\.log:\d+: Not activating agent openshift/,
		},
	],
	// node1's agent brings its own activate_when (false) and server.cfg says activate_agent = false:
	// 2.12 reads only the agent's rule, so the verdict is F19 with node1's log line, never the
	// server.cfg line. broker cannot read node1's log: F19 among the candidates, decided there.
	'agent-declines': [
		{host: 'broker', step: 'agent', right: ['F19'], node: 'node1'},
		{
			host: 'node1',
			step: 'agent',
			right: ['F19'],
			proven: true,
			evidence:
				/mcollective\.log:\d+: Not activating agent openshift due to agent policy in activate\? method[\s\S]*activate_agent = false has no effect here/,
		},
	],
	// proven from the client by the clock probe, without node1's log; on node1 by its own request
	// to itself, which mcollectived (under libfaketime) finds "seconds old"
	'clock-skew': [
		{host: 'broker', step: 'e2e', right: ['F14'], proven: true},
		{host: 'node1', step: 'server', right: ['F14'], proven: true},
	],
	'node-wrong-broker': [
		{host: 'broker', step: 'e2e', right: ['F9', 'F12'], node: 'node1'},
		{host: 'node1', step: 'server', right: ['F9'], proven: true},
	],
	// on node2: its request to itself signed with the answers' psk is rejected, "invalid signature"
	'node2-psk-mismatch': [
		{host: 'broker', step: 'e2e', right: ['F13'], node: 'node2'},
		{host: 'node2', step: 'server', right: ['F13'], proven: true},
	],
	'queue-not-authorized': [
		{host: 'msg1', step: 'activemq', right: ['F6'], proven: true},
		{host: 'broker', step: 'client', right: ['F6'], proven: true},
		// node1's log: ActiveMQ's ERROR frame refusing it queue://mcollective.nodes
		{host: 'node1', step: 'server', right: ['F6'], proven: true},
	],
};

/**
 * The faults by file, each file under the runner's per-file bound (every fault is also checked on
 * a node now): the node faults (diagnosis-nodes), the broker's connection faults (diagnosis), the
 * rest of the client-side and msg1 faults (diagnosis-wire).
 */
export const WIRE_FAULTS: readonly Fault3[] = [
	'psk-mismatch',
	'collective-mismatch',
	'seed-client-cfg',
	'queue-not-authorized',
];

export const NODE_FAULTS: readonly Fault3[] = [
	'node-wrong-password',
	'node-stopped',
	'agent-missing',
	'agent-broken',
	'clock-skew',
	'node-wrong-broker',
	'node2-psk-mismatch',
];

/** The agent-activation faults (F18, F19), in their own file: diagnosis-nodes is at the runner's per-file bound. */
export const AGENT_FAULTS: readonly Fault3[] = ['agent-disabled', 'agent-declines'];

/** One test per fault: fault on, each case's `check --json` as its host, fault off. */
export function faultCases(faults: readonly Fault3[]): void {
	for (const fault of faults) {
		const cases = CASES[fault];
		const named = cases
			.map((c) => `as ${c.host} --step ${c.step} ${c.passes ? 'passes' : c.right.join('/')}`)
			.join('; ');
		it(`${fault}: ${named}; every path cited exists on that host`, async (t) => {
			if (!(await requireLab3(t))) return;
			await fault3Test(fault, async () => {
				for (const c of cases) {
					const what = `${fault} as ${c.host} (--step ${c.step})`;
					const j = await checkAs(c.host, c.step);
					await citedPathsExist(c.host, j, what);
					if (c.passes) {
						assert.equal(j.ok, true, `${what}: the fault is not on ${c.host}\n${JSON.stringify(j, null, 1)}`);
						continue;
					}
					assert.equal(j.ok, false, `${what}: ${JSON.stringify(j)}`);
					if (c.proven)
						assert.ok(
							j.diagnosis?.id && c.right.includes(j.diagnosis.id),
							`${what}: expected ${c.right.join('/')}\n${JSON.stringify(j.diagnosis, null, 1)}`,
						);
					else rightOrUndecided(j, c.right, what, c.node);
					if (c.evidence)
						assert.match(
							j.diagnosis?.evidence.join('\n') ?? '',
							c.evidence,
							`${what}: ${JSON.stringify(j.diagnosis)}`,
						);
					if (c.host === 'broker') nothingFromTheNode(j, what);
				}
			});
		});
	}
}
