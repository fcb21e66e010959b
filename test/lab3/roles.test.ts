// Roles on the three-host lab: the wizard's `check` run AS each host detects which host it is on
// (hostname, daemons, config files) and runs that host's landmarks against the real ActiveMQ,
// mcollectived and mco; a landmark of another host is refused with exit 4 and the command to run there.
import assert from 'node:assert/strict';
import {join} from 'node:path';
import {describe, it} from 'node:test';
import {fileURLToPath} from 'node:url';
import type {RunResult} from '../helpers/lab.js';
import {type HostName, LAB3, onHost, requireLab3, withLab3} from '../helpers/lab3.js';
import {out} from './helpers.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const cli = join(repo, 'src', 'cli.tsx');

/** `mco-wizard check …` run as `host`, with that host's answers file. */
const checkAs = (host: HostName, args: readonly string[] = []): Promise<RunResult> =>
	onHost(
		host,
		process.execPath,
		['--import', 'tsx', cli, 'check', '--answers', LAB3.answers(host), ...args],
		{
			timeoutMs: 90_000,
		},
	);

type Landmark = {step: string; ran?: boolean; ok?: boolean};

describe('three-host lab: roles', () => {
	it('as broker, `check` detects the OpenShift broker and runs client, e2e and agent; all pass', async (t) => {
		if (!(await requireLab3(t))) return;
		await withLab3(async () => {
			const r = await checkAs('broker', ['--json']);
			assert.equal(r.code, 0, out(r));
			const body = JSON.parse(r.stdout) as {host: string; role: string[]; ok: boolean; landmarks: Landmark[]};
			assert.equal(body.host, 'broker.infra.example.com');
			assert.deepEqual(body.role, ['client']);
			assert.deepEqual(
				body.landmarks.map((l) => [l.step, l.ran, l.ok]),
				[
					['client', undefined, true],
					['e2e', undefined, true],
					['agent', undefined, true],
				],
				out(r),
			);
		});
	});

	it("as node1, `check` detects a node and runs the server landmark and the node's part of the agent landmark", async (t) => {
		if (!(await requireLab3(t))) return;
		await withLab3(async () => {
			const r = await checkAs('node1');
			assert.equal(r.code, 0, out(r));
			assert.match(r.stdout, /Host node1\.infra\.example\.com \(node\): 2 landmark\(s\), all passed/);
			assert.match(r.stdout, /3 MCollective server\s+PASSED/);
			assert.match(r.stdout, /5 OpenShift agent\s+PASSED/);
			assert.doesNotMatch(r.stdout, /Landmark (client|e2e):/);
		});
	});

	it('`check --step server` on broker exits 4, names the nodes and the command, diagnoses nothing', async (t) => {
		if (!(await requireLab3(t))) return;
		await withLab3(async () => {
			const r = await checkAs('broker', ['--step', 'server']);
			assert.equal(r.code, 4, out(r));
			assert.match(r.stdout, /does not run on this host \(broker\.infra\.example\.com: OpenShift broker/);
			assert.match(r.stdout, /node1\.infra\.example\.com, node2\.infra\.example\.com/);
			assert.ok(
				r.stdout.includes(`mco-wizard check --role node --step server --answers ${LAB3.answers('broker')}`),
				out(r),
			);
			assert.doesNotMatch(r.stdout, /\bF\d+\b|mcollective\.log/, 'no diagnosis, no file of another host');
			const j = await checkAs('broker', ['--step', 'server', '--json']);
			assert.equal(j.code, 4, out(j));
			const body = JSON.parse(j.stdout);
			assert.deepEqual(
				[body.ran, body.reason, body.role, body.runOn.role],
				[false, 'not-here', ['client'], 'node'],
			);
		});
	});

	it('`check --step e2e` on node1 exits 4 and names the OpenShift broker', async (t) => {
		if (!(await requireLab3(t))) return;
		await withLab3(async () => {
			const r = await checkAs('node1', ['--step', 'e2e', '--json']);
			assert.equal(r.code, 4, out(r));
			const body = JSON.parse(r.stdout);
			assert.deepEqual(body.runOn.hosts, ['broker.infra.example.com']);
			assert.deepEqual(body.role, ['node']);
		});
	});
});
