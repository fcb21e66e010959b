/**
 * Shared measuring helpers for bench/: run a command N times, report wall-time and peak RSS.
 * Peak RSS comes from GNU time (`/usr/bin/time -f %M`, kilobytes) because Node cannot read a
 * child's rusage; where it is missing we report wall time only.
 */
import {spawn, spawnSync} from 'node:child_process';
import {existsSync} from 'node:fs';

/** cpuMs: user+system CPU of the child (GNU time): on a shared, loaded machine it moves far less than wall time. */
export type Sample = {
	ms: number;
	rssKb: number | null;
	code: number | null;
	stdout: string;
	cpuMs?: number | null;
};
export type Summary = {
	runs: number;
	medianMs: number;
	minMs: number;
	maxMs: number;
	peakRssKb: number | null;
	medianCpuMs: number | null;
};

const GNU_TIME = '/usr/bin/time';

export function runOnce(
	command: string,
	args: string[],
	opts: {env?: NodeJS.ProcessEnv; timeoutMs?: number} = {},
): Sample {
	const useTime = existsSync(GNU_TIME);
	const started = performance.now();
	const result = useTime
		? spawnSync(GNU_TIME, ['-f', '__RSS__%M __CPU__%U %S', command, ...args], {
				encoding: 'utf8',
				env: opts.env ?? process.env,
				timeout: opts.timeoutMs ?? 60_000,
				maxBuffer: 256 * 1024 * 1024,
			})
		: spawnSync(command, args, {
				encoding: 'utf8',
				env: opts.env ?? process.env,
				timeout: opts.timeoutMs ?? 60_000,
			});
	const ms = performance.now() - started;
	const match = /__RSS__(\d+)/.exec(result.stderr ?? '');
	const cpu = /__CPU__([\d.]+) ([\d.]+)/.exec(result.stderr ?? '');
	return {
		ms,
		rssKb: match ? Number(match[1]) : null,
		code: result.status,
		stdout: result.stdout ?? '',
		cpuMs: cpu ? (Number(cpu[1]) + Number(cpu[2])) * 1000 : null,
	};
}

/** runOnce without blocking the event loop: for a bench that serves the child from its own process. */
export function runOnceAsync(
	command: string,
	args: string[],
	opts: {env?: NodeJS.ProcessEnv; timeoutMs?: number} = {},
): Promise<Sample> {
	const started = performance.now();
	const child = spawn(GNU_TIME, ['-f', '__RSS__%M __CPU__%U %S', command, ...args], {
		env: opts.env ?? process.env,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
	let stdout = '';
	let stderr = '';
	child.stdout.on('data', (b: Buffer) => {
		stdout += b.toString();
	});
	child.stderr.on('data', (b: Buffer) => {
		stderr += b.toString();
	});
	return new Promise((resolve) => {
		child.on('close', (code) => {
			clearTimeout(timer);
			const match = /__RSS__(\d+)/.exec(stderr);
			const cpu = /__CPU__([\d.]+) ([\d.]+)/.exec(stderr);
			resolve({
				ms: performance.now() - started,
				rssKb: match ? Number(match[1]) : null,
				code,
				stdout,
				cpuMs: cpu ? (Number(cpu[1]) + Number(cpu[2])) * 1000 : null,
			});
		});
	});
}

function medianOf(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

export function summarize(samples: Sample[]): Summary {
	const sorted = samples.map((s) => s.ms).sort((a, b) => a - b);
	const median = medianOf(sorted);
	const cpu = samples.map((s) => s.cpuMs).filter((x): x is number => typeof x === 'number');
	const rss = samples.map((s) => s.rssKb).filter((x): x is number => x !== null);
	return {
		runs: samples.length,
		medianMs: Math.round(median),
		minMs: Math.round(sorted[0] ?? 0),
		maxMs: Math.round(sorted.at(-1) ?? 0),
		peakRssKb: rss.length > 0 ? Math.max(...rss) : null,
		medianCpuMs: cpu.length > 0 ? Math.round(medianOf(cpu)) : null,
	};
}

export function repeat(
	n: number,
	command: string,
	args: string[],
	opts?: Parameters<typeof runOnce>[2],
): Summary {
	runOnce(command, args, opts); // warm-up (file cache)
	const samples: Sample[] = [];
	for (let i = 0; i < n; i++) samples.push(runOnce(command, args, opts));
	return summarize(samples);
}

export function row(name: string, s: Summary): string {
	const rss = s.peakRssKb === null ? 'n/a' : `${(s.peakRssKb / 1024).toFixed(1)} MiB`;
	const cpu = s.medianCpuMs === null ? 'n/a' : String(s.medianCpuMs);
	return `| ${name} | ${s.runs} | ${s.medianMs} | ${s.minMs}–${s.maxMs} | ${cpu} | ${rss} |`;
}

export const TABLE_HEAD =
	'| what | runs | median ms | min–max ms | median CPU ms (user+sys) | peak RSS |\n|---|---|---|---|---|---|';
