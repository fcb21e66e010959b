/**
 * Shared pieces of the fuzz suite. `npm test` runs each parser with a short budget (a few seconds);
 * `npm run fuzz` (FUZZ_RUNS=1000000 by default there) runs the long one. Every case is timed: a
 * case slower than SLOW_MS (CPU time) is reported with its size and time per byte (never asserted: the unit
 * run asserts only no crash and correctness), so the long run lists the inputs worth a look.
 */
import {appendFileSync, existsSync, readdirSync, readFileSync, statSync} from 'node:fs';
import {join} from 'node:path';
import fc from 'fast-check';
import {FRAMES_DIR} from '../helpers/shared.js';

/** Cases per property: FUZZ_RUNS for the long run, a short default for `npm test`. */
export const RUNS = Number(process.env.FUZZ_RUNS ?? 200);
/** The on-demand run (`npm run fuzz`): long runs go to their full length there. */
export const LONG = process.env.FUZZ_RUNS !== undefined;
export const SLOW_MS = 100;
/**
 * Cases of each parser's mass property: small inputs (mutations of the real seeds with short
 * runs), so the on-demand run can reach 10^6 cases per parser in minutes; the long-run
 * properties above cover the big inputs. FUZZ_MASS sets it, else FUZZ_RUNS, else the short budget.
 */
export const MASS = Number(process.env.FUZZ_MASS ?? RUNS);
/** Most bytes a mass case adds to its seed in one long run. */
export const MASS_MAX_RUN = 256;

/**
 * A case over SLOW_MS on its first run. `rerunMs` is the least of up to three re-runs of the same
 * input alone (after a full GC when node runs with --expose-gc): a GC pause or a descheduled
 * process makes the first run slow and the re-runs fast; a super-linear input is slow every time.
 */
export type SlowCase = {
	parser: string;
	bytes: number;
	ms: number;
	rerunMs: number;
	msPerKB: number;
	sample: string;
};
const slow: SlowCase[] = [];
type Seen = {count: number; maxMs: number; startedAt: number};
const cases = new Map<string, Seen>();
/** FUZZ_PROGRESS=N prints a line every N cases of a parser, so a long run can be watched. */
const PROGRESS = Number(process.env.FUZZ_PROGRESS ?? 0);
/** FUZZ_PROGRESS_LOG=file: the progress lines are appended there too, as they happen. */
const PROGRESS_LOG = process.env.FUZZ_PROGRESS_LOG;
const RERUNS = 3;
const gc = (globalThis as {gc?: () => void}).gc;

/**
 * One run of `fn` in ms: the lesser of CPU time and wall time. CPU time alone counts V8's helper
 * threads (concurrent marking, compilation) that run beside the case; wall time alone counts the
 * time a nice-19 process waits for a core on a shared machine. A case that really does 100 ms of
 * work is over 100 ms on both.
 */
function measure<T>(fn: () => T): {ms: number; value?: T; error?: unknown} {
	const cpu = process.cpuUsage();
	const wall = performance.now();
	try {
		const value = fn();
		return {ms: elapsed(cpu, wall), value};
	} catch (error) {
		return {ms: elapsed(cpu, wall), error};
	}
}

function elapsed(cpu: NodeJS.CpuUsage, wall: number): number {
	const used = process.cpuUsage(cpu);
	return Math.min((used.user + used.system) / 1000, performance.now() - wall);
}

/**
 * Runs `fn`, recording it when it is slow; returns what `fn` returned (or throws what it threw).
 * A slow case is run again alone to tell a pause from a slow input (SlowCase.rerunMs); only a case
 * slow on every re-run counts as "over 100 ms" in the report.
 */
export function timed<T>(parser: string, size: number, sample: () => string, fn: () => T): T {
	const seen = cases.get(parser) ?? {count: 0, maxMs: 0, startedAt: performance.now()};
	cases.set(parser, seen);
	seen.count++;
	if (PROGRESS > 0 && seen.count % PROGRESS === 0) {
		const line = `${parser}: ${seen.count} cases, slowest ${seen.maxMs.toFixed(1)} ms, RSS ${Math.round(process.memoryUsage.rss() / 2 ** 20)} MiB\n`;
		process.stderr.write(line);
		// the spec reporter prints a file's output only after the files before it: a side log is live
		if (PROGRESS_LOG) appendFileSync(PROGRESS_LOG, line);
	}
	const first = measure(fn);
	let ms = first.ms;
	if (ms > SLOW_MS) {
		let rerunMs = Number.POSITIVE_INFINITY;
		for (let i = 0; i < RERUNS && rerunMs > SLOW_MS; i++) {
			gc?.();
			rerunMs = Math.min(rerunMs, measure(fn).ms);
		}
		slow.push({
			parser,
			bytes: size,
			ms: Math.round(ms),
			rerunMs: Math.round(rerunMs),
			msPerKB: rerunMs / Math.max(1, size / 1024),
			sample: sample().slice(0, 120),
		});
		// the slowest case is the slowest of what the input needs, not of a pause
		ms = rerunMs;
	}
	seen.maxMs = Math.max(seen.maxMs, ms);
	if ('error' in first) throw first.error;
	return first.value as T;
}

/** The slow cases seen so far for `parser` (printed by each fuzz file's last test). */
export function slowCases(parser: string): SlowCase[] {
	return slow.filter((s) => s.parser === parser);
}

/**
 * One line per parser: cases run, the slowest (after re-runs), the cases slow on their re-runs
 * too (slow inputs) and those slow only once (pauses), the process's peak memory and the wall
 * time since the parser's first case.
 */
export function reportSlow(parser: string, log: (text: string) => void): void {
	const slowOnes = slowCases(parser);
	const inputs = slowOnes.filter((s) => s.rerunMs > SLOW_MS);
	const pauses = slowOnes.length - inputs.length;
	const seen = cases.get(parser) ?? {count: 0, maxMs: 0, startedAt: performance.now()};
	const peakMiB = Math.round(process.resourceUsage().maxRSS / 1024);
	const wallS = Math.round((performance.now() - seen.startedAt) / 1000);
	const head = `${parser}: ${seen.count} cases, slowest ${seen.maxMs.toFixed(1)} ms, peak RSS ${peakMiB} MiB, wall ${wallS} s`;
	const pauseText =
		pauses > 0 ? `, ${pauses} case(s) over ${SLOW_MS} ms once but not on re-run (pauses)` : '';
	log(
		inputs.length === 0
			? `${head}, no case over ${SLOW_MS} ms${pauseText}`
			: `${head}, ${inputs.length} case(s) over ${SLOW_MS} ms on re-run${pauseText}: ${JSON.stringify(inputs.slice(0, 5))}`,
	);
	if (pauses > 0)
		log(`${parser} pauses: ${JSON.stringify(slowOnes.filter((s) => s.rerunMs <= SLOW_MS).slice(0, 3))}`);
}

/** Every captured real frame (full STOMP frames, as sent on the wire). */
export function realFrames(): Uint8Array[] {
	if (!existsSync(FRAMES_DIR)) return [];
	const out: Uint8Array[] = [];
	for (const scenario of readdirSync(FRAMES_DIR)) {
		const dir = join(FRAMES_DIR, scenario);
		if (!statSync(dir).isDirectory()) continue;
		for (const name of readdirSync(dir)) {
			if (name.endsWith('.bin')) out.push(new Uint8Array(readFileSync(join(dir, name))));
		}
	}
	return out;
}

/** The Marshal bodies inside the real frames (SEND/MESSAGE bodies starting with 4.8). */
export function realMarshalBodies(): Uint8Array[] {
	const out: Uint8Array[] = [];
	for (const frame of realFrames()) {
		const text = Buffer.from(frame);
		const at = text.indexOf('\n\n');
		if (at < 0) continue;
		let body = frame.subarray(at + 2);
		if (body[body.length - 1] === 0) body = body.subarray(0, body.length - 1);
		if (body[0] === 4 && body[1] === 8) out.push(body);
	}
	return out;
}

/** Byte-level mutations of a seed: flip, insert, delete, duplicate a run, splice a long run. */
export function mutated(seeds: readonly Uint8Array[], maxRun = 65536): fc.Arbitrary<Uint8Array> {
	if (seeds.length === 0) return fc.uint8Array({maxLength: 256});
	return fc
		.tuple(
			fc.constantFrom(...seeds),
			fc.array(
				fc.tuple(
					fc.constantFrom('flip', 'insert', 'delete', 'repeat', 'long-run'),
					fc.nat(),
					fc.integer({min: 0, max: 255}),
					fc.integer({min: 1, max: 4096}),
				),
				{minLength: 1, maxLength: 6},
			),
		)
		.map(([seed, edits]) => {
			let bytes = Array.from(seed);
			for (const [kind, where, value, count] of edits) {
				const at = bytes.length === 0 ? 0 : where % bytes.length;
				if (kind === 'flip' && bytes.length > 0) bytes[at] = value;
				else if (kind === 'insert') bytes.splice(at, 0, value);
				else if (kind === 'delete') bytes.splice(at, 1 + (count % 8));
				else if (kind === 'repeat') {
					const run = bytes.slice(at, at + 1 + (count % 16));
					const copies: number[] = [];
					for (let i = 0; i < Math.min(64, count); i++) copies.push(...run);
					bytes.splice(at, 0, ...copies);
				} else
					bytes = [
						...bytes.slice(0, at),
						...new Array(Math.min(maxRun, count * 16)).fill(value),
						...bytes.slice(at),
					];
			}
			return Uint8Array.from(bytes);
		});
}

/** Text with long runs of one character or token: the shapes that make regexes and loops slow. */
export function longRuns(tokens: readonly string[], maxChars = 60000): fc.Arbitrary<string> {
	return fc
		.array(
			fc.oneof(
				fc.constantFrom(...tokens),
				fc
					.tuple(
						fc.constantFrom(...tokens, ' ', '\t', '\n', 'a', '=', '#', ';'),
						fc.integer({min: 1, max: 20000}),
					)
					.map(([t, n]) => t.repeat(Math.min(n, Math.ceil(maxChars / t.length)))),
				fc.string({maxLength: 40}),
			),
			{maxLength: 12},
		)
		.map((parts) => parts.join(''));
}
