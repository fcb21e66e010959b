/**
 * A new user's walk through one practice scenario in a real terminal (a tmux pane of a given
 * size), shared by test/practice/practice-terminal-scenarios-*.test.ts: `mco-wizard practice
 * --scenario NAME` starts, Enter runs each landmark, the first failing one opens its debugging
 * screen; the fix is read off that screen (scrolled through like a reader would) and done the way
 * it reads — `$ command` lines run in a shell, `+ line` lines put into the file the comment above
 * them names — then `r` retries. A wrong or incomplete fix text on the screen therefore fails the
 * walk; nothing here knows a scenario's fix. At the end the done screen must list the screen met
 * as fixed.
 */
import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';
import {loadAnswers} from '../../src/io/answers-file.js';
import {SCENARIOS, type Scenario} from '../../src/practice/scenarios.js';
import {capturePane, delay, killSession, startSession, tmux} from '../helpers/tmux.js';
import {DIAGNOSED_ELSEWHERE} from './scenario-exercise.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export type Size = {readonly cols: number; readonly rows: number};

export type Walk = {
	/** The catalogue entries of the debugging screens met, in order (the first is the scenario's). */
	readonly screens: string[];
	/** Each fix as it was read off the screen and done (for a failure message). */
	readonly fixes: string[][];
	/** The done screen. */
	readonly done: string;
};

/**
 * The states a landmark run settles in: a question (the restart's y/n, asked while the checks
 * run), or an end (never while its checks are still running).
 */
const SETTLED =
	/now\? y\/n|^(?![\s\S]*Checking…)[\s\S]*(All five landmarks verified|Reached the end|Landmark \d verified|✗ Landmark \S+ failed at|Enter runs the checks|Type each value|\? y\/n|Enter to continue to the next landmark)/;
/** The key line's scroll range on a debugging screen: `↑/↓ 1–21/39`. */
const SCROLL = /↑\/↓ (\d+)–(\d+)\/(\d+)/;

async function waitFor(
	session: string,
	pattern: RegExp,
	timeoutMs: number,
	unlike?: string,
	sameTwice = false,
): Promise<string> {
	const deadline = Date.now() + timeoutMs;
	let pane = '';
	while (Date.now() < deadline) {
		const seen = capturePane(session);
		// a frame drawn half-way is not read: a match twice in a row (a running check's clock
		// ticks, so the pane itself need not stay the same), and the same page when scrolling
		const matched = (p: string) => pattern.test(p) && (unlike === undefined || p !== unlike);
		if (matched(seen) && matched(pane) && (!sameTwice || seen === pane)) return seen;
		pane = seen;
		await delay(100);
	}
	throw new Error(`${session}: pane never matched ${pattern}; last:\n${pane}`);
}

const keys = (session: string, ...k: string[]) => tmux('send-keys', '-t', session, ...k);

/**
 * The debugging screen's whole body, as a reader scrolls it: PgDn until the key line's range
 * reaches the end. Rows below the map line are the body's rows `from`…`to`.
 */
async function readDebugScreen(session: string, first: string): Promise<string[]> {
	// the screen as it settles, not the first frame that names the failure (on a loaded machine
	// a capture can land before the rest of the screen is drawn: CI once read an empty Fix)
	let pane = await waitFor(session, /✗ Landmark \S+ failed at/, 10_000, undefined, true).catch(() => first);
	const body: string[] = [];
	for (let page = 0; page < 30; page++) {
		const lines = pane.split('\n');
		const range = SCROLL.exec(pane);
		if (!range) {
			// it fits: everything between the map line and the key line
			const last = lines.findLastIndex((l) => l.trim() !== '');
			return lines.slice(1, last);
		}
		const [from, to, total] = range.slice(1).map(Number) as [number, number, number];
		for (let i = from; i <= to; i++) body[i - 1] = lines[i - from + 1] ?? '';
		// rows above a page read later (a second reading starts where the first one scrolled to) stay ''
		if (to >= total) return Array.from(body, (l) => l ?? '');
		const before = pane;
		keys(session, 'PageDown');
		pane = await waitFor(session, SCROLL, 10_000, before, true);
	}
	throw new Error(`${session}: the debugging screen never ended`);
}

/**
 * The Fix section's lines, unwrapped: each item starts `  $ `, `  + ` or `  # ` (the screen's
 * indent); a row that does not is the previous item's continuation. A row that ends short of the
 * width ended at a space the terminal does not show; a full one may have cut a word.
 */
export function fixSection(body: readonly string[], cols: number): string[] {
	const start = body.findIndex((l) => l.trim() === 'Fix');
	if (start < 0) return [];
	const items: string[] = [];
	let previous = '';
	for (const row of body.slice(start + 1)) {
		if (row.trim() === '') break;
		if (/^ {2}[$+#] /.test(row)) items.push(row.slice(2));
		else if (items.length > 0) {
			const joint = previous.length < cols && !row.startsWith(' ') ? ' ' : '';
			items[items.length - 1] += joint + row;
		}
		previous = row;
	}
	return items;
}

/** The secret a `read -rs NAME` line asks the learner to type, from the range's answers file. */
function secretFor(name: string, ingredients: Record<string, unknown>): string {
	const field = {PSK: 'psk', TOPIC_PASSWORD: 'topicPassword'}[name];
	const value = field ? ingredients[field] : undefined;
	if (typeof value !== 'string')
		throw new Error(`the screen asks for ${name}: no such secret in the answers`);
	return value;
}

/**
 * Does the fix as it reads: commands run in one bash (its `read -rs` lines get the secret typed on
 * stdin), `+ line`s go into the file the comment above them names (unless it holds them already).
 * `mco-wizard` alone is the other way the screen offers (landmark 1 rewrites the file), not a step.
 */
async function doFix(fix: readonly string[], dir: string): Promise<{rewrite: boolean}> {
	const answers = await loadAnswers(join(dir, 'answers.ini'));
	const ingredients = answers.ingredients as Record<string, unknown>;
	const script: string[] = [];
	const typed: string[] = [];
	let named: string | undefined;
	const fileLines = new Map<string, string[]>();
	let rewrite = false;
	for (const item of fix) {
		const text = item.slice(2);
		if (item.startsWith('# ')) {
			named = /(\/\S+?)[),:;]?(\s|$)/.exec(text)?.[1] ?? named;
		} else if (item.startsWith('+ ')) {
			if (!named) throw new Error(`a file line with no file named above it: ${text}`);
			fileLines.set(named, [...(fileLines.get(named) ?? []), text]);
		} else {
			const command = text.replace(/\s+#.*$/, '');
			// `mco-wizard` with landmark 1 in the comment: in this very wizard, landmark 1 writes the files
			if (/^mco-wizard$/.test(command.trim())) {
				rewrite = true;
				continue;
			}
			// the range promises never to send the learner outside its directory (never /etc): a
			// fix that names another file is a product defect, and is not run as root on this machine
			const outside = (command.match(/(?<=^|[\s>])\/[^\s'"|;&)]+/g) ?? []).filter(
				(path) => !path.startsWith(`${dir}/`) && path !== '/dev/null',
			);
			if (outside.length > 0)
				throw new Error(`the fix names ${outside.join(', ')}, outside the practice dir: ${command}`);
			const read = /^read -rs (\w+)/.exec(command);
			if (read) typed.push(secretFor(read[1] as string, ingredients));
			// the file lines come before the commands after them (a restart reads the edited file)
			for (const [file, lines] of fileLines) {
				const have = await readFile(file, 'utf8');
				const missing = lines.filter((l) => !have.split('\n').includes(l));
				await writeFile(file, `${have.replace(/\n?$/, '\n')}${missing.map((l) => `${l}\n`).join('')}`);
			}
			fileLines.clear();
			script.push(command);
		}
	}
	if (fileLines.size > 0) throw new Error('file lines with no command after them');
	if (script.length === 0 && !rewrite) throw new Error(`the fix has nothing to do:\n${fix.join('\n')}`);
	// as typed at a prompt: a command that fails (a log not there yet) does not stop the next
	const child = run('bash', ['-c', script.join('\n')], {timeout: 60_000, cwd: dir});
	// a script that reads nothing may be gone before its stdin is written: EPIPE then is no failure
	child.child.stdin?.on('error', () => undefined);
	child.child.stdin?.end(typed.map((s) => `${s}\n`).join(''));
	await child.catch(() => undefined);
	return {rewrite};
}

/** In the Ingredients form: Node identities without the nodes the evidence lists as silent. */
async function dropSilentNodes(session: string, body: readonly string[]): Promise<void> {
	const silent =
		/silent: ([\w.,\- ]+)/
			.exec(body.join('\n'))?.[1]
			?.split(/,\s*/)
			.map((n) => n.trim()) ?? [];
	if (silent.length === 0) throw new Error(`no silent node in the evidence:\n${body.join('\n')}`);
	let pane = await waitFor(session, /Type each value/, 10_000);
	for (let i = 0; i < 12 && !/^❯ Node identities/m.test(pane); i++) {
		keys(session, 'Down');
		await delay(150);
		pane = capturePane(session);
	}
	const value = /^❯ Node identities\s+(.*)$/m.exec(pane)?.[1]?.trim();
	if (!value) throw new Error(`no Node identities field in focus:\n${pane}`);
	const kept = value.split(/,\s*/).filter((n) => !silent.includes(n));
	for (let i = 0; i < value.length; i++) keys(session, 'BSpace');
	tmux('send-keys', '-t', session, '-l', kept.join(', '));
	await waitFor(
		session,
		new RegExp(`^❯ Node identities\\s+${kept.join(', ').replace(/\./g, '\\.')}\\s*$`, 'm'),
		10_000,
	);
}

/**
 * Walks scenario `name` in a tmux session of `size` until the done screen; returns the screens
 * met and the done screen. Throws (with the pane) where a new user would be stuck.
 */
export async function walkScenario(name: string, size: Size, session: string): Promise<Walk> {
	const dir = await mkdtemp(join(tmpdir(), `mco-walk-${name}-`));
	const screens: string[] = [];
	const fixes: string[][] = [];
	const commands = [
		`node dist/cli.cjs practice --scenario ${name} --dir ${dir}`,
		'echo EXIT=$?',
		'sleep 120',
	];
	try {
		startSession(session, {cwd: ROOT, commands, cols: size.cols, rows: size.rows});
		let pane = await waitFor(session, SETTLED, 60_000);
		for (let step = 0; step < 80; step++) {
			if (process.env.MCO_WALK_DEBUG) console.log(`--- ${session} step ${step}\n${pane}`);
			if (/All five landmarks verified|Reached the end/.test(pane)) {
				return {screens, fixes, done: pane};
			}
			const before = pane;
			if (/✗ Landmark \S+ failed at/.test(pane)) {
				const id = /failed at \S+ — (F\d+)/.exec(pane)?.[1] ?? 'no catalogue entry';
				screens.push(id);
				if (screens.length > 4) throw new Error(`${name}: still failing after ${screens.join(' → ')}`);
				let body = await readDebugScreen(session, pane);
				let fix = fixSection(body, size.cols);
				if (fix.length === 0) {
					// read once more, a moment later, before calling the screen's fix empty
					await delay(1000);
					body = await readDebugScreen(session, capturePane(session));
					fix = fixSection(body, size.cols);
				}
				fixes.push(fix);
				const {rewrite} = await doFix(fix, dir);
				if (rewrite) {
					// the map, its first landmark (Ingredients): the form, then its write, go on from there
					keys(session, 'm');
					await waitFor(session, /Progress map/, 10_000);
					for (let i = 0; i < 6; i++) keys(session, 'Up');
					keys(session, 'Enter');
					// "take the silent node(s) above out of Node identities": the evidence's `silent:` list
					if (fix.some((l) => /out of Node identities/.test(l))) await dropSilentNodes(session, body);
				} else keys(session, 'r');
			} else if (/Write .*\? y\/n/.test(pane)) keys(session, 'y');
			// the secrets stay in the range's answers file only
			else if (/Keep the secrets[\s\S]*y\/n/.test(pane)) keys(session, 'n');
			else if (/now\? y\/n/.test(pane)) keys(session, 'y');
			else keys(session, 'Enter');
			// the next settled state; a retry that fails the same way may redraw nothing new
			pane = await waitFor(session, SETTLED, 8_000, before).catch(() => capturePane(session));
			pane = await waitFor(session, SETTLED, 90_000);
		}
		throw new Error(`${name}: no end after 80 steps; last:\n${pane}`);
	} finally {
		keys(session, 'q');
		await delay(300);
		killSession(session);
		await rm(dir, {recursive: true, force: true, maxRetries: 10, retryDelay: 100});
	}
}

/** Known gaps of the walk: still run and reported by the runner (`todo`), not failures. */
export const WALK_GAPS: Readonly<Record<string, string>> = {};

/**
 * The assertions of one walk: the first debugging screen is the scenario's catalogue entry (or the
 * one named in DIAGNOSED_ELSEWHERE), and the done screen's practice record lists it as fixed.
 */
export async function walkAndCheck(scenario: Scenario, size: Size, session: string): Promise<void> {
	const walk = await walkScenario(scenario.name, size, session);
	if (!scenario.catalogue) {
		assert.deepEqual(walk.screens, [], `${scenario.name}: no debugging screen`);
		assert.match(walk.done, /No debugging screen yet/);
		return;
	}
	const expected = DIAGNOSED_ELSEWHERE[scenario.name] ?? scenario.catalogue;
	assert.equal(walk.screens[0], expected, `${scenario.name}: the first debugging screen`);
	for (const id of new Set(walk.screens)) {
		assert.match(walk.done, new RegExp(`✓ ${id} \\(landmark \\d, fixed\\)`), `${id} listed as fixed`);
	}
	assert.doesNotMatch(walk.done, /not fixed yet/);
}

/** The scenarios of part `part` of `parts` (MCO_SCENARIO=name runs just that one). */
export function walkPart(part: number, parts: number): Scenario[] {
	const only = process.env.MCO_SCENARIO;
	return SCENARIOS.filter((s, i) => i % parts === part && (!only || s.name === only));
}
