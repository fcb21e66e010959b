/**
 * The wizard as a new user meets it, in a tmux pane (100×40, fresh HOME, no saved progress), on
 * the single-host lab with its psk-mismatch fault switched on (under the lab lock, taken here by
 * test/helpers/lab.ts's withFault, which switches the fault off again whatever happens):
 * - launch to the first frame, beside a Node one-liner printing one word in the same pane;
 * - Enter on landmark 4 (End to end) to the psk-mismatch diagnosis (F13) on the screen.
 * The pane is polled every few ms (tmux capture-pane), so each time is a bound from above. Beside
 * the wall time, the wizard process's own CPU time (utime+stime from /proc, 10 ms ticks) from
 * Enter to F13: on a shared, loaded machine the wall time is mostly waiting for a core, the CPU
 * time is what the wizard itself spends.
 * Writes bench/results/new-user-tmux.md; never asserted.
 */
import {execFileSync, spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {loadavg, tmpdir} from 'node:os';
import {join} from 'node:path';
import {withFault} from '../test/helpers/lab.js';

const LAB = process.env.MCO_LAB_DIR ?? '/var/lib/mco-wizard-lab';
const CLI = process.env.BENCH_CLI ?? 'dist/cli.cjs'; // the package's bin, what npm start runs
const OUT = process.env.BENCH_OUT ?? 'bench/results/new-user-tmux.md';
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
// per process: engineers share the tmux server
const SESSION = `speed-bench-new-user-${process.pid}`;
const tmux = (...args: string[]) => execFileSync('tmux', args, {encoding: 'utf8'});

function pane(): string {
	return tmux('capture-pane', '-p', '-t', SESSION);
}

/** Milliseconds until `seen(pane)` holds (polled), or undefined after `limitMs`. */
function until(seen: (text: string) => boolean, started: number, limitMs: number): number | undefined {
	for (;;) {
		const ms = performance.now() - started;
		if (seen(pane())) return ms;
		if (ms > limitMs) return undefined;
		spawnSync('sleep', ['0.005']);
	}
}

/** The wizard's node process in the pane (the pane's shell may have exec'd it or forked it). */
function wizardPid(): number | undefined {
	const pane = Number(tmux('display-message', '-p', '-t', SESSION, '#{pane_pid}').trim());
	const comm = (pid: number) => readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
	if (comm(pane) === 'node') return pane;
	const children = readFileSync(`/proc/${pane}/task/${pane}/children`, 'utf8')
		.trim()
		.split(/\s+/)
		.map(Number);
	return children.find((pid) => comm(pid) === 'node');
}

/** CPU milliseconds the process has used (utime+stime, fields 14 and 15 of /proc/PID/stat). */
function cpuMs(pid: number): number {
	const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	const ticks = Number(fields[11]) + Number(fields[12]);
	return (ticks * 1000) / CLOCK_TICKS;
}
const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], {encoding: 'utf8'}).trim()) || 100;

function launch(command: string): number {
	spawnSync('tmux', ['kill-session', '-t', SESSION]);
	const started = performance.now();
	tmux('new-session', '-d', '-s', SESSION, '-x', '100', '-y', '40', command);
	return started;
}

const rows: string[] = [];
const load = () => loadavg()[0]?.toFixed(2);
const loadBefore = load();
await withFault('psk-mismatch', () => {
	try {
		runs();
	} finally {
		spawnSync('tmux', ['kill-session', '-t', SESSION]);
	}
});

function runs(): void {
	for (let i = 0; i < RUNS; i++) {
		const home = mkdtempSync(join(tmpdir(), 'bench-new-user-'));
		let started = launch(
			`${process.execPath} -e "process.stdout.write('Landmark 4'); setInterval(() => {}, 1000)"`,
		);
		const baseline = until((t) => t.includes('Landmark 4'), started, 30_000);
		started = launch(
			`HOME=${home} ${process.execPath} ${CLI} --answers ${LAB}/answers.ini --step e2e --state ${home}/progress.ini --dry-run`,
		);
		// The app shell's frame (src/io/first-frame-shell.ts: a fresh HOME, so its plain lines), then Ink's.
		const shell = until((t) => t.trim() !== '', started, 30_000);
		const frame = until((t) => t.includes('Enter runs the checks'), started, 30_000);
		const pid = wizardPid();
		const cpuBefore = pid === undefined ? undefined : cpuMs(pid);
		const enter = performance.now();
		tmux('send-keys', '-t', SESSION, 'Enter');
		const diagnosis = until((t) => /F13\b/.test(t), enter, 30_000);
		const cpu = pid === undefined || cpuBefore === undefined ? undefined : cpuMs(pid) - cpuBefore;
		const shown = pane()
			.split('\n')
			.find((l) => /F13\b/.test(l))
			?.trim();
		rows.push(
			`| ${i + 1} | ${baseline?.toFixed(0) ?? 'not seen'} | ${shell?.toFixed(0) ?? 'not seen'} | ${frame?.toFixed(0) ?? 'not seen'} | ${diagnosis?.toFixed(0) ?? 'not seen'} | ${cpu?.toFixed(0) ?? 'unknown'} | ${shown ?? ''} |`,
		);
		console.log(rows.at(-1));
		spawnSync('tmux', ['kill-session', '-t', SESSION]);
	}
}
const lines = [
	'# A new user in tmux: first frame, and the psk mismatch diagnosed',
	'',
	`Measured ${new Date().toISOString()}, Node ${process.version}, bundle ${CLI}, tmux pane 100×40, fresh HOME each run, the lab's psk-mismatch fault on; 1-min load average ${loadBefore} before, ${load()} after (2 cores, shared). Times are wall clock, polled from the pane every ~5 ms.`,
	'',
	"| run | baseline: Node one-liner's word on the pane, ms | wizard: launch to the app shell's frame, ms | wizard: launch to Ink's first frame (Landmark 4), ms | Enter on End to end to \"F13\" on the screen, ms | the wizard's CPU from Enter to F13, ms | the line shown |",
	'|---|---|---|---|---|---|---|',
	...rows,
	'',
];
writeFileSync(OUT, lines.join('\n'));
console.log(lines.join('\n'));
