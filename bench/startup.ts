/**
 * Start-up cost of the CLI against a bare `node -e 0`, on the same machine in the same minute:
 * - the wizard's first frame under a real pty (`script`, see pty.ts), against a Node one-liner
 *   that prints one word on the same pty;
 * - the same for a bundle that renders one Ink <Text> (bench/ink-floor.tsx): what any Ink app pays;
 * - `--help` and `ping --help` (printed from dist/help.json, src/io/fast-help.ts) and the same
 *   help through commander (`ping --help --json`), whole process, through pipes.
 * `ping` against the lab is in ping.ts. BENCH_CLI points at another bundle (e.g. an older build
 * for a before/after table). Numbers are reported, never asserted. Writes bench/results/startup.md.
 */
import {execFileSync} from 'node:child_process';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {loadavg, tmpdir} from 'node:os';
import {join} from 'node:path';
import {repeat, row, summarize, TABLE_HEAD} from './measure.js';
import {firstVisible} from './pty.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const CLI = process.env.BENCH_CLI ?? 'dist/cli.mjs';
/** The package's bin (src/cli-launcher.ts): --help without the ES module loader. */
const BIN = process.env.BENCH_BIN ?? 'dist/cli.cjs';
const OUT = process.env.BENCH_OUT ?? 'bench/results/startup.md';
// A fresh HOME and progress file: the first launch a new user sees (no saved progress).
const home = mkdtempSync(join(tmpdir(), 'bench-startup-'));
const env = {...process.env, HOME: home};
const node = JSON.stringify(process.execPath);
// The Ink floor (bench/ink-floor.tsx: one <Text>), built exactly as the CLI is.
const floorDir = join(home, 'ink-floor');
execFileSync(process.execPath, [
	'scripts/build.mjs',
	'--quiet',
	'--entry=bench/ink-floor.tsx',
	`--outdir=${floorDir}`,
]);

/** Ink's end-of-frame bracket (synchronized output): Ink has drawn a frame; the app shell never writes it. */
const INK_FRAME_DONE = (written: string) => written.includes('\u001B[?2026l');

async function ptyRow(
	name: string,
	command: string,
	until?: (written: string) => boolean,
	before?: () => void,
): Promise<string> {
	before?.();
	await firstVisible(command, env, 10_000, until); // warm-up (file cache)
	const samples = [];
	for (let i = 0; i < RUNS; i++) {
		before?.();
		const s = await firstVisible(command, env, 10_000, until);
		if (!s.seen) throw new Error(`${name}: nothing visible within the timeout`);
		samples.push({ms: s.ms, rssKb: null, code: 0, stdout: '', cpuMs: s.cpuMs});
	}
	return row(name, summarize(samples));
}

const load = () => loadavg()[0]?.toFixed(2);
const wizard = `${node} ${BIN} --state ${join(home, 'progress.ini')}`;
const noCache = () => rmSync(join(home, 'first-frame.json'), {force: true});
const loadBefore = load();
// Interleaved in one minute, baseline first, so the load is alike for every row.
const rows = [
	await ptyRow(
		'pty: node one-liner printing "Landmark 1" (baseline)',
		`${node} -e "process.stdout.write('Landmark 1')"`,
	),
	await ptyRow(
		'pty: Ink floor: a bundle rendering one <Text> (bench/ink-floor.tsx)',
		`${node} ${join(floorDir, 'ink-floor.mjs')}`,
	),
	// A first launch: no frame cached (the cache file is removed before each run), so the app shell
	// draws content/shell.md's plain lines.
	await ptyRow('pty: wizard first frame, first launch (app shell: plain frame)', wizard, undefined, noCache),
	// Ink's own first frame (drawn over the shell's): the screen that takes keys. Leaves the cache.
	await ptyRow("pty: wizard, Ink's first frame (first launch)", wizard, INK_FRAME_DONE, noCache),
	// The next launch: the frame Ink drew last time, cached, is on the screen before Ink loads
	// (the plain frame has no "Landmark 1"; were the cache missed this row would time Ink's frame).
	await ptyRow('pty: wizard first frame, next launch (app shell: cached Ink frame)', wizard, (w) =>
		w.includes('Landmark 1'),
	),
	row('node -e 0 (baseline)', repeat(RUNS, process.execPath, ['-e', '0'], {env})),
	row('mco-wizard --help (the bin, dist/cli.cjs)', repeat(RUNS, process.execPath, [BIN, '--help'], {env})),
	row('node dist/cli.mjs --help', repeat(RUNS, process.execPath, [CLI, '--help'], {env})),
	row('node dist/cli.mjs ping --help', repeat(RUNS, process.execPath, [CLI, 'ping', '--help'], {env})),
	// An extra option leaves help to commander (src/core/fast-help.ts): the cost the fast path saves.
	row(
		'node dist/cli.mjs ping --help --json (commander)',
		repeat(RUNS, process.execPath, [CLI, 'ping', '--help', '--json'], {env}),
	),
];
const lines = [
	'# Start-up',
	'',
	`Measured ${new Date().toISOString()} on ${process.platform}/${process.arch}, Node ${process.version}, ${RUNS} runs after one warm-up; bundle ${CLI} (pty rows: the bin, ${BIN}); 1-min load average ${loadBefore} before, ${load()} after (2 cores, shared).`,
	'',
	'"pty" rows: launch to the first visible character on a real pseudo-terminal (`script -qfec`), i.e. the first frame; their CPU is what the program (and its `script` wrapper\'s shell) used up to that moment. Other rows: whole process through pipes. On this shared machine CPU time is the comparable number; wall time moves with the load.',
	'',
	TABLE_HEAD,
	...rows,
	'',
];
writeFileSync(OUT, lines.join('\n'));
console.log(lines.join('\n'));
