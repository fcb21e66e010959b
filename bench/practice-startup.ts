/**
 * First frame of the wizard in a terminal (a tmux pane, 80×24): the normal wizard with an answers
 * file, and `practice` (range start + wizard in one process), beside a Node one-liner printing
 * the same words. Two times per launch: the first frame (anything on the pane: the app shell's
 * frame, src/io/first-frame-shell.ts) and Ink's own frame ("Landmark 1: Ingredients", the screen
 * that takes keys). Then Ctrl-C. Records numbers, asserts nothing.
 */
import {execFileSync, spawnSync} from 'node:child_process';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {loadavg, tmpdir} from 'node:os';
import {join} from 'node:path';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const tmux = (...args: string[]) => execFileSync('tmux', args, {encoding: 'utf8'});
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function firstFrameMs(command: string): Promise<{first: number; ink: number}> {
	const session = `mco-bench-${process.pid}`;
	const started = performance.now();
	tmux('new-session', '-d', '-s', session, '-x', '80', '-y', '24', `${command}; sleep 30`);
	let first: number | undefined;
	try {
		for (;;) {
			const pane = tmux('capture-pane', '-p', '-t', session);
			if (first === undefined && pane.trim() !== '') first = performance.now() - started;
			if (/Landmark 1: Ingredients/.test(pane)) return {first: first ?? 0, ink: performance.now() - started};
			if (performance.now() - started > 20_000) throw new Error(`no first frame: ${command}`);
			await sleep(5);
		}
	} finally {
		tmux('send-keys', '-t', session, 'C-c');
		await sleep(800);
		// Ctrl-C may have ended the pane's shell already (the one-liner's `sleep`), and with it the session
		spawnSync('tmux', ['kill-session', '-t', session]);
	}
}

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

if (spawnSync('tmux', ['-V']).status !== 0) {
	console.log('tmux is not installed: nothing measured');
	process.exit(0);
}
const dir = mkdtempSync(join(tmpdir(), 'mco-bench-practice-'));
const answers = join(dir, 'answers.ini');
writeFileSync(answers, '[ingredients]\nbrokerHost = 127.0.0.1\nplatform = plain\n');
const cases: [string, string][] = [
	['baseline: node -e (the same words)', `node -e "console.log('Landmark 1: Ingredients')"`],
	[
		'wizard: node dist/cli.cjs --answers FILE',
		`node dist/cli.cjs --answers ${answers} --config-dir ${dir}/etc --state ${dir}/p.ini`,
	],
	['practice: node dist/cli.cjs practice', `node dist/cli.cjs practice --dir ${dir}/practice`],
];
const lines = [
	'# First frame (tmux pane, 80×24)',
	'',
	`Measured ${new Date().toISOString()} on ${process.platform}/${process.arch}, Node ${process.version}, ${RUNS} runs after one warm-up; polling the pane every ~5 ms (tmux adds a few ms). Load average at the start: ${loadavg()
		.map((l) => l.toFixed(1))
		.join(' ')} (numbers from a busy shared machine are only comparable with each other).`,
	'',
	"| command | first frame: median ms (min–max) | Ink's frame: median ms (min–max) |",
	'|---|---|---|',
];
const cell = (v: number[]) =>
	`${Math.round(median(v))} (${Math.round(Math.min(...v))}–${Math.round(Math.max(...v))})`;
for (const [label, command] of cases) {
	await firstFrameMs(command);
	const samples: {first: number; ink: number}[] = [];
	for (let i = 0; i < RUNS; i++) samples.push(await firstFrameMs(command));
	lines.push(`| ${label} | ${cell(samples.map((s) => s.first))} | ${cell(samples.map((s) => s.ink))} |`);
}
rmSync(dir, {recursive: true, force: true});
writeFileSync('bench/results/practice-startup.md', `${lines.join('\n')}\n`);
console.log(lines.join('\n'));
