/**
 * `check` and this host's role, through runCheck with a fake host and a fake ladder: a landmark
 * of another host is not run (exit 4, the command for that host), `check` without --step runs
 * this host's landmarks in order with one summary and the worst exit code.
 */
import assert from 'node:assert/strict';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {type CheckDeps, type CheckOptions, EXIT_NOT_HERE, runCheck} from '../../src/commands/check.js';
import type {HostFacts} from '../../src/core/role.js';
import type {LandmarkReport} from '../../src/core/types.js';
import {nodeCheckIO} from '../../src/io/check-io.js';

const PSK = 'PskNeverPrinted42';
let dir = '';
let answers = '';
before(async () => {
	dir = await mkdtemp(join(tmpdir(), 'mco-wizard-check-roles-'));
	answers = join(dir, 'answers.ini');
	const body = (role?: string) =>
		[
			'[ingredients]',
			'brokerHost = msg1.infra.example.com',
			'topicPassword = TopicNeverPrinted1',
			'adminPassword = AdminNeverPrinted1',
			`psk = ${PSK}`,
			'clientHost = broker.infra.example.com',
			'nodeIdentities = node1.infra.example.com, node2.infra.example.com',
			'platform = plain',
			'[system]',
			'configDir = /nonexistent/etc',
			...(role ? [`role = ${role}`] : []),
		].join('\n');
	await writeFile(answers, body());
	await writeFile(join(dir, 'node-answers.ini'), body('node'));
	await writeFile(join(dir, 'bad-role.ini'), body('broker'));
});
after(() => rm(dir, {recursive: true, force: true}));

const named = (hostname: string): HostFacts => ({hostname, addresses: [], files: {}});

/** A fake host and a ladder that records what ran; `fail` lists landmarks whose report fails. */
function fakeHost(facts: HostFacts, fail: string[] = []) {
	const ran: string[] = [];
	const deps: CheckDeps = {
		facts: async () => facts,
		io: nodeCheckIO,
		run: async (step): Promise<LandmarkReport> => {
			ran.push(step);
			const ok = !fail.includes(step);
			return {
				step,
				ok,
				checks: [{id: `${step}-rung`, ok, ms: 1, evidence: `${step} seen`}],
				diagnosis: ok ? null : {id: 'F13', evidence: ['invalid signature'], fix: ['same psk']},
			};
		},
	};
	return {deps, ran};
}

async function check(opts: Partial<CheckOptions>, deps: CheckDeps) {
	let out = '';
	let err = '';
	const code = await runCheck(
		{answers, timeout: 5, ...opts},
		(t) => {
			out += t;
		},
		(t) => {
			err += t;
		},
		deps,
	);
	return {code, out, err};
}

describe('check on a host that is not the landmark’s', () => {
	it('--step server on the OpenShift broker runs nothing, exits 4 and names the node command', async () => {
		const host = fakeHost(named('broker.infra.example.com'));
		const r = await check({step: 'server'}, host.deps);
		assert.equal(r.code, EXIT_NOT_HERE);
		assert.equal(EXIT_NOT_HERE, 4);
		assert.deepEqual(host.ran, []);
		assert.match(r.out, /does not run on this host \(broker\.infra\.example\.com/);
		assert.match(r.out, /node1\.infra\.example\.com, node2\.infra\.example\.com/);
		assert.ok(r.out.includes(`mco-wizard check --role node --step server --answers ${answers}`));
		assert.doesNotMatch(r.out, /F\d+/, 'no diagnosis from a file that is not here');
	});

	it('--json: ran false, reason not-here, this host’s role and where to run it', async () => {
		const r = await check({step: 'e2e', json: true}, fakeHost(named('node1.infra.example.com')).deps);
		assert.equal(r.code, 4);
		assert.deepEqual(JSON.parse(r.out), {
			step: 'e2e',
			ran: false,
			reason: 'not-here',
			role: ['node'],
			runOn: {
				role: 'client',
				hosts: ['broker.infra.example.com'],
				command: `mco-wizard check --role client --step e2e --answers ${answers}`,
			},
		});
	});

	it('the landmark of this host runs as before; --role and [system] role override detection', async () => {
		const host = fakeHost(named('node1.infra.example.com'));
		const r = await check({step: 'server', json: true}, host.deps);
		assert.equal(r.code, 0);
		assert.deepEqual(host.ran, ['server']);
		assert.deepEqual(Object.keys(JSON.parse(r.out)).sort(), ['checks', 'diagnosis', 'ok', 'step']);
		const forced = fakeHost(named('node1.infra.example.com'));
		assert.equal((await check({step: 'server', role: ['client']}, forced.deps)).code, 4);
		const byFile = fakeHost(named('broker.infra.example.com'));
		assert.equal(
			(await check({step: 'server', answers: join(dir, 'node-answers.ini')}, byFile.deps)).code,
			0,
		);
		assert.deepEqual(byFile.ran, ['server']);
	});

	it('an unknown role in the answers file is a usage error (exit 2)', async () => {
		const r = await check({step: 'server', answers: join(dir, 'bad-role.ini')}, fakeHost(named('x')).deps);
		assert.equal(r.code, 2);
		assert.match(r.err, /system\.role: unknown role 'broker'/);
	});
});

describe('check without --step', () => {
	it('on the OpenShift broker runs client, e2e, agent in order: one summary, worst exit wins', async () => {
		const host = fakeHost(named('broker.infra.example.com'), ['e2e']);
		const r = await check({}, host.deps);
		assert.deepEqual(host.ran, ['client', 'e2e', 'agent']);
		assert.equal(r.code, 1);
		assert.match(
			r.out,
			/Host broker\.infra\.example\.com \(OpenShift broker\): 3 landmark\(s\), not all passed/,
		);
		assert.match(
			r.out,
			/2 MCollective client\s+PASSED\n\s+4 End to end\s+FAILED \(F13\)\n\s+5 OpenShift agent\s+PASSED/,
		);
		assert.ok(!r.out.includes(PSK));
	});

	it('on a node runs server and its part of the agent landmark; --json is one object with every report', async () => {
		const host = fakeHost(named('node1.infra.example.com'));
		const r = await check({json: true}, host.deps);
		// the node's part of landmark 5 (the agent on the node) runs there too
		assert.deepEqual(host.ran, ['server', 'agent']);
		assert.equal(r.code, 0);
		const body = JSON.parse(r.out);
		assert.deepEqual([body.host, body.role, body.ok], ['node1.infra.example.com', ['node'], true]);
		assert.deepEqual(
			body.landmarks.map((l: {step: string; ran?: boolean; ok: boolean}) => [l.step, l.ran, l.ok]),
			[
				['server', undefined, true],
				['agent', undefined, true],
			],
		);
	});

	it('a host of unknown role runs every landmark and says how to name the role', async () => {
		const host = fakeHost(named('mystery.example.com'));
		const r = await check({}, host.deps);
		assert.deepEqual(host.ran, ['activemq', 'client', 'server', 'e2e', 'agent']);
		assert.match(r.err, /role is not known.*--role/s);
	});
});
