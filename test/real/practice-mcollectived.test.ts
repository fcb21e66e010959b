import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {existsSync, readFileSync, writeFileSync} from 'node:fs';
import {join, resolve} from 'node:path';
import {describe, it} from 'node:test';
import {fileURLToPath} from 'node:url';
import {runPing} from '../../src/commands/ping.js';
import {renderServerCfg} from '../../src/core/mco-config/render.js';
import type {PracticeRange} from '../../src/practice/range.js';
import {type ConfigEdit, editConfig} from '../../src/practice/scenarios.js';
import {MCOLLECTIVED, mco, requireMcollective, withRange} from './practice-helpers.js';

const LAB_PLUGINS = resolve(fileURLToPath(new URL('../../lab/mcollective/plugins', import.meta.url)));

async function until(check: () => boolean, timeoutMs: number): Promise<boolean> {
	const end = Date.now() + timeoutMs;
	while (Date.now() < end) {
		if (check()) return true;
		await new Promise((r) => setTimeout(r, 200));
	}
	return false;
}

/** Our own mcollectived process (identity realnode.practice) on the range's broker, stopped by PID. */
async function withRealNode(
	range: PracticeRange,
	edits: ConfigEdit,
	fn: (log: string) => Promise<void>,
): Promise<void> {
	const cfg = join(range.dir, 'realnode-server.cfg');
	const log = join(range.dir, 'realnode.log');
	const text = renderServerCfg(range.ingredients, {
		identity: 'realnode.practice',
		logfile: log,
		libdir: `/usr/share/mcollective/plugins:${LAB_PLUGINS}`,
		loglevel: 'debug',
		factsFile: null,
		daemonize: false,
	});
	writeFileSync(cfg, editConfig(text, edits), {mode: 0o600});
	const daemon = spawn(MCOLLECTIVED, [`--config=${cfg}`, '--no-daemonize'], {stdio: 'ignore'});
	try {
		assert.ok(
			await until(
				() =>
					existsSync(log) &&
					/Subscribing to \/topic\/mcollective\.openshift\.agent/.test(readFileSync(log, 'utf8')),
				20_000,
			),
			'mcollectived subscribed',
		);
		assert.match(readFileSync(log, 'utf8'), /Connected to stomp:\/\/mcollective@127\.0\.0\.1:\d+/);
		await fn(log);
	} finally {
		if (daemon.exitCode === null && daemon.signalCode === null) {
			const exited = new Promise((r) => daemon.once('exit', r));
			daemon.kill('SIGTERM');
			await exited;
		}
	}
	assert.match(readFileSync(log, 'utf8'), /Exiting after signal: SIGTERM/);
}

describe('practice broker with a REAL mcollectived', () => {
	it('the real node connects, and the real mco ping lists it beside the simulated ones', async (t) => {
		if (!requireMcollective(t)) return;
		await withRange({nodes: 2}, async (range) => {
			await withRealNode(range, [], async () => {
				assert.ok(await range.waitReady(5000));
				const r = await mco(['ping', '-t', '2'], range.files.clientCfg);
				assert.equal(r.code, 0, r.stderr);
				for (const id of ['realnode.practice', 'node1.practice', 'node2.practice'])
					assert.ok(r.stdout.includes(id), `${id} in:\n${r.stdout}`);
				const echo = await mco(
					['rpc', 'openshift', 'echo', 'msg=foo', '-I', 'realnode.practice'],
					range.files.clientCfg,
				);
				assert.equal(echo.code, 0, echo.stderr);
				assert.match(echo.stdout, /realnode\.practice[\s\S]*Message: foo/);
				const out: string[] = [];
				const code = await runPing(
					{config: range.files.clientCfg, timeout: 3, expect: 3, json: true},
					(s) => out.push(s),
					() => {},
				);
				assert.equal(code, 0);
				assert.ok(out.join('').includes('realnode.practice'), 'our ping hears the real node too');
			});
		});
	});

	it('with STOMP 1.1 heart-beats configured on both ends (plugin.activemq.heartbeat_interval)', async (t) => {
		if (!requireMcollective(t)) return;
		const heartbeat: ConfigEdit = [['plugin.activemq.heartbeat_interval', '30']];
		await withRange({nodes: 1}, async (range) => {
			writeFileSync(
				range.files.clientCfg,
				editConfig(readFileSync(range.files.clientCfg, 'utf8'), heartbeat),
			);
			await withRealNode(range, heartbeat, async (log) => {
				assert.doesNotMatch(readFileSync(log, 'utf8'), /Connecting without STOMP 1\.1 heartbeats/);
				const r = await mco(['ping', '-t', '2'], range.files.clientCfg);
				assert.equal(r.code, 0, r.stderr);
				assert.ok(r.stdout.includes('realnode.practice') && r.stdout.includes('node1.practice'), r.stdout);
			});
		});
	});
});
