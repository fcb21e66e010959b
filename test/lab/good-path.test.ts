import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {describe, it} from 'node:test';
import {LAB, labSh, requireLab, runMco, withLab} from '../helpers/lab.js';

describe('real lab, good path', () => {
	it('real mco ping gets a reply from node1', async (t) => {
		if (!(await requireLab(t))) return;
		const r = await withLab(() =>
			runMco(['ping', '-t', '1', '--connection-timeout', '5'], {timeoutMs: 15_000}),
		);
		assert.equal(r.code, 0, r.stderr);
		assert.match(r.stdout, /^node1\.infra\.example\.com +time=[\d.]+ ms$/m);
		assert.match(r.stdout, /^1 replies max:/m);
	});

	it('real mco rpc openshift echo msg=foo returns foo', async (t) => {
		if (!(await requireLab(t))) return;
		const r = await withLab(() =>
			runMco(['rpc', 'openshift', 'echo', 'msg=foo', '--dt', '1'], {timeoutMs: 15_000}),
		);
		assert.equal(r.code, 0, r.stderr);
		assert.match(r.stdout, /^\s+Message: foo$/m);
		assert.match(r.stdout, /^\s+Time: \d{4}-\d\d-\d\dT/m);
		assert.match(r.stdout, /Finished processing 1 \/ 1 hosts/);
	});

	it('the client DDL rejects a msg longer than 90 characters, like the OpenShift agent DDL', async (t) => {
		if (!(await requireLab(t))) return;
		const long = await withLab(() =>
			runMco(['rpc', 'openshift', 'echo', `msg=${'x'.repeat(91)}`, '--dt', '1'], {timeoutMs: 15_000}),
		);
		assert.notEqual(long.code, 0);
		assert.match(long.stderr + long.stdout, /longer than 90/i);
	});

	it('lab.sh up is idempotent: a second up keeps the same processes and the node answers', async (t) => {
		if (!(await requireLab(t))) return;
		await withLab(async () => {
			const pids = () =>
				['activemq', 'mcollectived'].map((n) => readFileSync(`${LAB.dir}/run/${n}.pid`, 'utf8').trim());
			const before = pids();
			const up = await labSh(['up'], {timeoutMs: 120_000});
			assert.equal(up.code, 0, up.stderr);
			assert.match(up.stderr, /node node1\.infra\.example\.com answers mco ping/);
			assert.deepEqual(pids(), before);
		});
	});

	it('lab.sh status shows both PIDs, the port and the node answering', async (t) => {
		if (!(await requireLab(t))) return;
		const s = await withLab(() => labSh(['status'], {timeoutMs: 30_000}));
		assert.equal(s.code, 0, s.stdout + s.stderr);
		assert.match(s.stdout, /^activemq: +running pid \d+$/m);
		assert.match(s.stdout, /^mcollectived: +running pid \d+$/m);
		assert.match(s.stdout, /^stomp: +127\.0\.0\.1:61613 accepting$/m);
		assert.match(s.stdout, /^node: +node1\.infra\.example\.com answers mco ping$/m);
		assert.match(s.stdout, /^fault: +none$/m);
	});

	it('answers.ini points the wizard at the lab', async (t) => {
		if (!(await requireLab(t))) return;
		const text = readFileSync(LAB.answers, 'utf8');
		assert.match(text, new RegExp(`^configDir = ${LAB.etc}$`, 'm'));
		assert.match(text, new RegExp(`^nodeLog = ${LAB.nodeLog}$`, 'm'));
		assert.match(text, /^serviceRestart = bash \S+\/lab\/lab\.sh restart-server$/m);
		assert.match(text, /^identity = node1\.infra\.example\.com$/m);
	});
});
