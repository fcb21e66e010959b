// The wizard's `check` run AS a host of the three-host lab, for each fault: on broker (only
// client.cfg, no node log, no server.cfg) the right entry from evidence it saw, or the candidates
// and the one command for the node, never a wrong entry, and no evidence line naming a file that
// host does not have; on node1 (its own log) the right entry.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
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

/** The right entry, or not decided with it among the candidates and a command for the node. */
function rightOrUndecided(j: Json, right: readonly string[], what: string) {
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
	}
	// broker has no server.cfg and no node log: nothing may claim to have read them
	for (const line of [...d.evidence, ...j.checks.map((c) => c.evidence)]) {
		assert.doesNotMatch(
			line,
			/mcollective\.log:|server\.cfg|both files|never reached the node|no load error/,
			`${what}: ${line}`,
		);
	}
}

const ON_BROKER: Array<[Fault3, string, readonly string[]]> = [
	['psk-mismatch', 'e2e', ['F13']],
	['node-stopped', 'e2e', ['F10']],
	['node-wrong-password', 'e2e', ['F11']],
	['clock-skew', 'e2e', ['F14']],
	['node2-psk-mismatch', 'e2e', ['F13']],
	['node-wrong-broker', 'e2e', ['F9', 'F12']],
	['agent-broken', 'agent', ['F17']],
];

describe('three-host lab: the wizard diagnoses from where it runs', () => {
	for (const [fault, step, right] of ON_BROKER)
		it(`as broker, ${fault}: check --step ${step} names ${right.join('/')} or leaves it among the candidates`, async (t) => {
			if (!(await requireLab3(t))) return;
			await fault3Test(fault, async () => {
				const j = await checkAs('broker', step);
				assert.equal(j.ok, false, JSON.stringify(j));
				rightOrUndecided(j, right, `${fault} as broker`);
			});
		});

	it('as broker, clock-skew: proven F14 by the clock probe, without node1 log', async (t) => {
		if (!(await requireLab3(t))) return;
		await fault3Test('clock-skew', async () => {
			const j = await checkAs('broker', 'e2e');
			assert.equal(j.diagnosis?.id, 'F14', JSON.stringify(j.diagnosis, null, 1));
		});
	});

	it('as node1, node-wrong-password: check --step server names F11 from its own log', async (t) => {
		if (!(await requireLab3(t))) return;
		await fault3Test('node-wrong-password', async () => {
			const j = await checkAs('node1', 'server');
			assert.equal(j.diagnosis?.id, 'F11', JSON.stringify(j, null, 1));
		});
	});
});

void LAB3;
