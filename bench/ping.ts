/**
 * Native ping vs the real `mco ping` on the lab: wall time and peak RSS of whole processes.
 * - ours: `node dist/cli.mjs ping -c <lab client.cfg> --expect 1` (returns once node1 answered),
 *   and without --expect (waits the full 5 s, like mco);
 * - mco: `mco ping` (fixed 5 s wait) and `mco ping -t 1`.
 * Run `npm run build` first and have the lab up (`npm run lab -- up`). Writes bench/results/ping.md.
 * Not a test: numbers are reported, never asserted.
 */
import {existsSync, mkdtempSync, writeFileSync} from 'node:fs';
import {loadavg, tmpdir} from 'node:os';
import {join} from 'node:path';
import {withLab} from '../test/helpers/lab.js';
import {repeat, row, TABLE_HEAD} from './measure.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const CLI = process.env.BENCH_CLI ?? 'dist/cli.mjs';
/** The package's bin (src/cli-launcher.ts): a plain ping without the ES module loader. */
const BIN = process.env.BENCH_BIN ?? 'dist/cli.cjs';
const OUT = process.env.BENCH_OUT ?? 'bench/results/ping.md';
const dir = process.env.MCO_LAB_DIR ?? '/var/lib/mco-wizard-lab';
const cfg =
	process.env.MCO_CLIENT_CFG ??
	(existsSync(`${dir}/good/client.cfg`) ? `${dir}/good/client.cfg` : `${dir}/etc/client.cfg`);

if (!existsSync(CLI)) throw new Error(`${CLI} missing: run npm run build`);
if (!existsSync(cfg)) throw new Error(`${cfg} missing: start the lab (npm run lab -- up)`);

const cli = (args: string[]): [string, string[]] => [process.execPath, [CLI, ...args]];
const EMPTY_MJS = join(mkdtempSync(join(tmpdir(), 'bench-ping-')), 'empty.mjs');
writeFileSync(EMPTY_MJS, 'export {};\n');
// Under the lab lock: no other process switches a fault on while we measure.
const results = await withLab(() => [
	// The warm-up run saves ping's code cache (src/io/code-cache.ts) if there was none; every
	// other ping row then runs with it, except the next one.
	row(
		'mco-wizard ping --expect 1 (the bin, dist/cli.cjs)',
		repeat(RUNS, process.execPath, [BIN, 'ping', '-c', cfg, '--expect', '1']),
	),
	row(
		'mco-wizard ping --expect 1 (node dist/cli.mjs)',
		repeat(RUNS, ...cli(['ping', '-c', cfg, '--expect', '1'])),
	),
	row(
		'mco-wizard ping --expect 1, no code cache (MCO_WIZARD_CODE_CACHE=0)',
		repeat(RUNS, ...cli(['ping', '-c', cfg, '--expect', '1']), {
			env: {...process.env, MCO_WIZARD_CODE_CACHE: '0'},
		}),
	),
	row(
		'mco-wizard rpc rpcutil ping -I node1',
		repeat(RUNS, ...cli(['rpc', 'rpcutil', 'ping', '-c', cfg, '-I', 'node1.infra.example.com'])),
	),
	row(
		'mco-wizard rpc openshift echo msg=foo',
		repeat(RUNS, ...cli(['rpc', 'openshift', 'echo', 'msg=foo', '-c', cfg, '--expect', '1'])),
	),
	row('mco ping -t 1', repeat(RUNS, 'mco', ['ping', '-t', '1', '-c', cfg])),
	row('mco-wizard ping (full 5 s wait, like mco)', repeat(Math.min(RUNS, 3), ...cli(['ping', '-c', cfg]))),
	row('mco ping (default 5 s wait)', repeat(Math.min(RUNS, 3), 'mco', ['ping', '-c', cfg])),
	row(
		'mco rpc openshift echo msg=foo',
		repeat(Math.min(RUNS, 3), 'mco', ['rpc', 'openshift', 'echo', 'msg=foo', '-c', cfg]),
	),
	// Where ping's start-up goes, step by step: commander and the program (help printed by
	// commander, not the fast path; a plain `ping` no longer loads them, src/io/fast-command.ts),
	// then every module ping loads (a config that does not exist: no connection), then the ping
	// itself (the first row).
	row(
		'start-up: node dist/cli.mjs ping --help --json (commander + program, which plain ping skips)',
		repeat(RUNS, ...cli(['ping', '--help', '--json'])),
	),
	row(
		'start-up: the bin, ping -c /nonexistent (all of ping loaded, no connection, no ES module loader)',
		repeat(RUNS, process.execPath, [BIN, 'ping', '-c', '/nonexistent/client.cfg', '--expect', '1']),
	),
	row(
		'start-up: ping -c /nonexistent (all of ping loaded, no commander, no connection)',
		repeat(RUNS, ...cli(['ping', '-c', '/nonexistent/client.cfg', '--expect', '1'])),
	),
	row(
		'start-up: an empty .mjs (the ES module loader dist/cli.mjs pays)',
		repeat(RUNS, process.execPath, [EMPTY_MJS]),
	),
	row('baseline: node -e 0', repeat(RUNS, process.execPath, ['-e', '0'])),
]);
const load = loadavg()[0]?.toFixed(2);
const lines = [
	'# ping / rpc: mco-wizard (Node, no Ruby) vs mco 2.12.5',
	'',
	`Measured ${new Date().toISOString()} on ${process.platform}/${process.arch}, Node ${process.version}, against the lab (${cfg}); runs after one warm-up each. Whole-process wall time and peak RSS (GNU time). 1-min load average ${load} (2 cores, shared).`,
	'',
	TABLE_HEAD,
	...results,
	'',
	'The "start-up" rows split what every mco-wizard row pays before its first packet: the ES module loader for dist/cli.mjs (the bin, dist/cli.cjs, skips it for a plain ping or rpc), ping\'s and rpc\'s script (dist/mco.cjs: the STOMP client, Marshal, the config reader) compiled with its code cache; commander and the program only when argv is not plain enough for the fast parse (src/io/fast-command.ts). The code cache is saved by the first successful ping or rpc (the warm-up) in ~/.cache/mco-wizard; the "no code cache" row compiles every time.',
	'',
	'`--expect 1` (and `-I` for rpc, which skips discovery like mco) lets mco-wizard return as soon as the node answered; mco always waits its timeout for ping (5 s, or `-t`) and the 2 s discovery for rpc.',
	'',
];
writeFileSync(OUT, lines.join('\n'));
console.log(lines.join('\n'));
