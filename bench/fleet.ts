/**
 * Fleets through the real ActiveMQ of the single-host lab (127.0.0.1:61613, under the lab lock):
 * the practice range's simulated nodes attach to it (`practice --broker … --nodes N
 * --connections C`), then `mco-wizard ping --expect-file` (every simulated identity) and the real
 * `mco ping` are timed at the same N: replies seen, whole-process wall time, peak RSS.
 * The range has a psk of its own (see benchAnswers), so its nodes answer the bench alone.
 * BENCH_FLEET_SIZES (default 1000,5000,20000,100000), BENCH_RUNS (default 3), BENCH_CLI.
 * Numbers are never asserted.
 */
import {type ChildProcess, spawn} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {loadavg, tmpdir} from 'node:os';
import {join} from 'node:path';
import {withLab} from '../test/helpers/lab.js';
import {runOnce, summarize} from './measure.js';

const SIZES = (process.env.BENCH_FLEET_SIZES ?? '1000,5000,20000,100000').split(',').map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const CLI = process.env.BENCH_CLI ?? 'dist/cli.mjs';
const OUT = process.env.BENCH_OUT ?? 'bench/results/fleet.md';
const ANSWERS = `${process.env.MCO_LAB_DIR ?? '/var/lib/mco-wizard-lab'}/answers.ini`;

/**
 * The lab's answers with a psk of the bench's own. The simulated nodes share the lab's broker and
 * collective, so with the lab's psk they would answer every other `mco ping` on the lab too: N
 * replies to a client that stopped reading after its own node, which fill ActiveMQ's 64 MiB
 * memory limit (producer flow control then stalls every producer, the lab's node1 included) and
 * load the simulator in the middle of a measurement. With its own psk the range's nodes drop
 * those requests (as a node with another psk does) and answer only the bench's pings.
 */
function benchAnswers(dir: string): string {
	const path = join(dir, 'bench-answers.ini');
	const psk = `bench-${randomBytes(12).toString('hex')}`;
	writeFileSync(path, readFileSync(ANSWERS, 'utf8').replace(/^psk = .*$/m, `psk = ${psk}`), {mode: 0o600});
	return path;
}

/** Starts the range and resolves once it printed that it is up (its nodes are subscribed). */
function startRange(n: number, dir: string): Promise<ChildProcess> {
	const connections = Math.max(10, Math.ceil(n / 2000));
	const answers = benchAnswers(dir);
	const child = spawn(
		process.execPath,
		[CLI, 'practice', '--broker', '127.0.0.1:61613', '--answers', answers, '--nodes', String(n)].concat([
			'--connections',
			String(connections),
			'--dir',
			dir,
		]),
		{stdio: ['ignore', 'pipe', 'pipe']},
	);
	return new Promise((resolve, reject) => {
		let text = '';
		const timer = setTimeout(() => reject(new Error(`range of ${n} not up in 120 s: ${text}`)), 120_000);
		const onData = (chunk: Buffer) => {
			text += chunk.toString();
			if (/practice range is up/i.test(text)) {
				clearTimeout(timer);
				resolve(child);
			}
		};
		child.stdout.on('data', onData);
		child.stderr.on('data', onData);
		child.on('exit', (code) => reject(new Error(`range exited ${code}: ${text}`)));
	});
}

function stop(child: ChildProcess): Promise<void> {
	return new Promise((resolve) => {
		child.removeAllListeners('exit');
		child.on('exit', () => resolve());
		child.kill('SIGTERM');
		setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
	});
}

const ours = (out: string) =>
	Number(/^(\d+) (?:of \d+ )?answered/m.exec(out)?.[1] ?? /^(\d+) replies/m.exec(out)?.[1] ?? 0);
const mcos = (out: string) => Number(/^(\d+) replies/m.exec(out)?.[1] ?? 0);
const mib = (kb: number | null) => (kb === null ? 'n/a' : `${(kb / 1024).toFixed(0)} MiB`);

const rows: string[] = [];
const loadBefore = loadavg()[0]?.toFixed(2);
await withLab(async () => {
	for (const n of SIZES) {
		const dir = mkdtempSync(join(tmpdir(), `bench-fleet-${n}-`));
		const range = await startRange(n, dir);
		try {
			const list = join(dir, 'expect.txt');
			writeFileSync(list, Array.from({length: n}, (_, i) => `node${i + 1}.practice`).join('\n'));
			const timeoutS = String(Math.max(10, Math.ceil(n / 2000)));
			const cfg = join(dir, 'client.cfg');
			// One ping first, not counted: it warms ActiveMQ's JIT (other engineers' tests restart the
			// lab's broker), and it would absorb a node not yet subscribed (before the range printed
			// "up" only once its nodes were subscribed, a first ping at 1,000 saw 999).
			runOnce(process.execPath, [CLI, 'ping', '-c', cfg, '--expect-file', list, '-t', timeoutS], {
				timeoutMs: 300_000,
			});
			const samples = [];
			for (let i = 0; i < RUNS; i++) {
				samples.push(
					runOnce(process.execPath, [CLI, 'ping', '-c', cfg, '--expect-file', list, '-t', timeoutS], {
						timeoutMs: 300_000,
					}),
				);
			}
			const s = summarize(samples);
			const seen = samples.map((x) => ours(x.stdout));
			rows.push(
				`| ${n} | mco-wizard ping --expect-file | ${RUNS} | ${Math.min(...seen)}–${Math.max(...seen)} | ${s.medianMs} | ${s.minMs}–${s.maxMs} | ${s.medianCpuMs ?? 'n/a'} | ${mib(s.peakRssKb)} |`,
			);
			const m = runOnce('mco', ['ping', '-c', cfg, '-t', timeoutS], {timeoutMs: 300_000});
			rows.push(
				`| ${n} | mco ping -t ${timeoutS} | 1 | ${mcos(m.stdout)} | ${Math.round(m.ms)} | - | ${m.cpuMs === null || m.cpuMs === undefined ? 'n/a' : Math.round(m.cpuMs)} | ${mib(m.rssKb)} |`,
			);
			console.log(rows.slice(-2).join('\n'));
		} finally {
			await stop(range);
		}
	}
});
const lines = [
	'# Fleets through the real ActiveMQ (simulated nodes)',
	'',
	`Measured ${new Date().toISOString()} on ${process.platform}/${process.arch}, Node ${process.version}, bundle ${CLI}; the lab's ActiveMQ 5.17 (-Xmx256M) on 127.0.0.1:61613; simulated nodes: the practice range's, max(10, N/2000) connections; 1-min load average ${loadBefore} before, ${loadavg()[0]?.toFixed(2)} after (2 cores, shared).`,
	'',
	"mco-wizard stops when every listed identity answered (`--expect-file`); mco always waits out `-t`. One uncounted mco-wizard ping runs first at each size (the range's nodes subscribed, ActiveMQ warm). The range has a psk of its own, so the lab's node1 (another psk) does not answer and other users' pings on the lab get no replies from the range.",
	'',
	'| nodes | what | runs | replies seen | median ms | min–max ms | CPU ms | peak RSS |',
	'|---|---|---|---|---|---|---|---|',
	...rows,
	'',
];
writeFileSync(OUT, lines.join('\n'));
console.log(lines.join('\n'));
