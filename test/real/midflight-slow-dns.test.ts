/**
 * Slow DNS on the real lab: the broker's name is served by a resolver that answers late (a DNS
 * server on 127.0.0.1:53 inside a network namespace this test creates, with its own resolv.conf;
 * the lab's broker is bridged into the namespace through a unix socket). `check --step client`
 * run inside the namespace ends at the dns rung's bound with F3 naming the late resolver, exits
 * without waiting for the pending lookup, prints no stack trace; once the resolver answers at once
 * (Retry), the whole client ladder passes against the real broker. Lab lock held; the
 * namespace, its resolv.conf and every process are removed in a finally.
 */
import assert from 'node:assert/strict';
import {type ChildProcess, spawn} from 'node:child_process';
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import type {Server} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, it} from 'node:test';
import {LAB, requireLab, runBounded, withLab} from '../helpers/lab.js';
import {assertNoStackTrace, type CheckJson, parseCheck} from './midflight-helpers.js';
import {unixToTcp} from './netns-helpers.js';

const NS = `mco-slowdns-${process.pid}`;
const NAME = 'msg1.slow.test';
const TIMEOUT_S = 5;
/** Later than glibc waits (its timeout is capped at 30 s): a process that waits for the lookup exits after >= 30 s. */
const LATE_MS = 60_000;
/** The check's own bound plus process start-up on a loaded machine, well under glibc's 30 s. */
const EXIT_WITHIN_MS = 25_000;
const REPO = join(import.meta.dirname, '..', '..');
const HELPERS = join(import.meta.dirname, 'netns-helpers.ts');
const CLI = join(REPO, 'src', 'cli.tsx');

const ip = async (...args: string[]) => {
	const r = await runBounded('ip', args, {timeoutMs: 10_000});
	assert.equal(r.code, 0, `ip ${args.join(' ')}: ${r.stderr}`);
};

/** Starts a helper inside the namespace; resolves once it printed that it is ready. */
function inNamespace(args: string[]): Promise<ChildProcess> {
	const child = spawn('ip', ['netns', 'exec', NS, process.execPath, '--import', 'tsx', HELPERS, ...args], {
		cwd: REPO,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`${args[0]} helper not ready`)), 30_000);
		child.stdout?.on('data', (d: Buffer) => {
			if (/ready/.test(d.toString())) {
				clearTimeout(timer);
				resolve(child);
			}
		});
		child.once('exit', (code) => reject(new Error(`${args[0]} helper exited (${code})`)));
	});
}

/** mco-wizard run inside the namespace, bounded well past glibc's 30 s (a hang shows as a time). */
function cliInNamespace(args: readonly string[]) {
	return runBounded('ip', ['netns', 'exec', NS, process.execPath, '--import', 'tsx', CLI, ...args], {
		timeoutMs: 90_000,
	});
}

async function checkInNamespace(answers: string): Promise<{json: CheckJson; ms: number}> {
	const r = await runBounded(
		'ip',
		['netns', 'exec', NS, process.execPath, '--import', 'tsx', CLI, 'check', '--step', 'client'].concat([
			'--answers',
			answers,
			'--json',
			'--timeout',
			`${TIMEOUT_S}`,
		]),
		{timeoutMs: 90_000},
	);
	assert.equal(r.timedOut, false, 'the check hung');
	assertNoStackTrace(r);
	return {json: parseCheck(r), ms: r.ms};
}

describe('slow DNS on the real lab', () => {
	it('a resolver answering late: F3 at the dns bound, no wait for the answer; Retry passes when it answers', async (t) => {
		if (!(await requireLab(t))) return;
		await withLab(async () => {
			const dir = mkdtempSync(join(tmpdir(), 'mco-slowdns-'));
			const etc = join('/etc/netns', NS);
			const children: ChildProcess[] = [];
			let bridge: Server | undefined;
			try {
				await ip('netns', 'add', NS);
				// ip netns exec bind-mounts /etc/netns/NS/resolv.conf over /etc/resolv.conf
				mkdirSync(etc, {recursive: true});
				writeFileSync(join(etc, 'resolv.conf'), 'nameserver 127.0.0.1\noptions timeout:30 attempts:1\n');
				await ip('netns', 'exec', NS, 'ip', 'link', 'set', 'lo', 'up');
				const delay = join(dir, 'delay-ms');
				writeFileSync(delay, String(LATE_MS));
				children.push(await inNamespace(['dns', delay, NAME]));
				const sock = join(dir, 'broker.sock');
				bridge = await unixToTcp(sock, LAB.port);
				children.push(await inNamespace(['bridge', String(LAB.port), sock]));

				const cfg = join(dir, 'client.cfg');
				writeFileSync(
					cfg,
					readFileSync(LAB.goodClientCfg, 'utf8').replace(
						/^(plugin\.activemq\.pool\.1\.host\s*=).*$/m,
						`$1 ${NAME}`,
					),
					{mode: 0o600},
				);
				const answers = join(dir, 'answers.ini');
				writeFileSync(
					answers,
					readFileSync(LAB.answers, 'utf8')
						.replace(/^clientConfig = .*$/m, `clientConfig = ${cfg}`)
						.replace(/^brokerHost = .*$/m, `brokerHost = ${NAME}`),
					{mode: 0o600},
				);

				const {json, ms} = await checkInNamespace(answers);
				t.diagnostic(`late resolver: ${Math.round(ms)} ms, ${JSON.stringify(json.diagnosis)}`);
				assert.equal(json.ok, false);
				const dns = json.checks.find((c) => c.id === 'dns');
				assert.ok(dns && !dns.ok, 'the dns rung failed');
				assert.ok(dns.ms < TIMEOUT_S * 1000 + 1000, `the dns rung ended at its bound (${dns.ms} ms)`);
				assert.equal(json.diagnosis?.id, 'F3');
				assert.match(json.diagnosis?.evidence.join('\n') ?? '', /no answer within|did not answer/);
				// the process did not wait for the pending lookup before exiting
				assert.ok(
					ms < EXIT_WITHIN_MS,
					`the check exited without waiting for the lookup (${Math.round(ms)} ms)`,
				);

				// ping, rpc and the e2e landmark resolve the name in their own connects (no dns rung before
				// them): each ends within its own bound and exits without waiting for the lookup
				for (const args of [
					['ping', '-c', cfg, '-t', `${TIMEOUT_S}`, '--json'],
					['rpc', 'rpcutil', 'ping', '-c', cfg, '-t', `${TIMEOUT_S}`, '--json'],
					['check', '--step', 'e2e', '--answers', answers, '--json', '--timeout', `${TIMEOUT_S}`],
				]) {
					const r = await cliInNamespace(args);
					t.diagnostic(`${args[0]} with the late resolver: exit ${r.code} after ${Math.round(r.ms)} ms`);
					assert.equal(r.timedOut, false, `${args[0]} hung`);
					assertNoStackTrace(r);
					assert.notEqual(r.code, 0, `${args[0]} cannot succeed without the name: ${r.stdout.slice(-500)}`);
					assert.ok(
						r.ms < EXIT_WITHIN_MS,
						`${args[0]} exited without waiting for the lookup (${Math.round(r.ms)} ms)`,
					);
				}

				// Retry: the resolver answers at once now; the whole ladder runs against the real broker
				writeFileSync(delay, '0');
				const again = await checkInNamespace(answers);
				assert.equal(again.json.ok, true, JSON.stringify(again.json.diagnosis ?? again.json.checks));
			} finally {
				for (const c of children) c.kill('SIGKILL');
				bridge?.close();
				await runBounded('ip', ['netns', 'del', NS], {timeoutMs: 10_000});
				rmSync(etc, {recursive: true, force: true});
				rmSync(dir, {recursive: true, force: true});
			}
		});
	});
});
