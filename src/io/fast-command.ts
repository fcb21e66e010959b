/**
 * Runs `ping` without commander and the program (~20 ms of start-up, bench/results/ping.md):
 * argv parsed by src/core/fast-args.ts from dist/args.json (written by scripts/build.mjs from
 * the program's definition). Without the file (running from src/) or on any doubt about argv,
 * it declines and commander parses as before.
 *
 * Ping itself comes from dist/ping.cjs, one CommonJS script of its whole path compiled with a V8
 * code cache (src/io/code-cache.ts): no ES module loader for its ~12 chunks, and no compile of
 * what the last successful run compiled. Without that file, its ES module chunk as before.
 */
import {readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {codeCacheDir} from '../core/code-cache.js';
import {type FastArgSpecs, fastParse} from '../core/fast-args.js';
import {runCachedScript} from './code-cache.js';

/** Beside the bundle's chunks, like help.json; this module is bundled into one of them. */
const ARGS_FILE = new URL('args.json', import.meta.url);
const PING_SCRIPT = new URL('ping.cjs', import.meta.url);

type PingModule = typeof import('../commands/ping.js');

function readSpecs(): FastArgSpecs | undefined {
	try {
		return JSON.parse(readFileSync(ARGS_FILE, 'utf8')) as FastArgSpecs;
	} catch {
		return undefined;
	}
}

/** dist/ping.cjs with its code cache, saved at exit after a run that succeeded when it had none. */
async function loadPing(): Promise<PingModule> {
	const script = await runCachedScript(fileURLToPath(PING_SCRIPT), codeCacheDir(process.env));
	if (!script) return import('../commands/ping.js');
	const {save} = script;
	// Exit code 0: the exchange ran to the end, so the cache holds the functions a ping needs.
	if (save) process.once('exit', (code) => code === 0 && save());
	return script.exports as PingModule;
}

/** True when the command ran (its exit code set as commander's action sets it); false: commander's turn. */
export async function runFastCommand(argv: readonly string[] = process.argv): Promise<boolean> {
	const [name, ...args] = argv.slice(2);
	if (name !== 'ping') return false;
	const spec = readSpecs()?.[name];
	if (!spec) return false;
	const opts = fastParse(args, spec);
	if (!opts) return false;
	const {pingAction} = await loadPing();
	await pingAction(opts as Parameters<typeof pingAction>[0]);
	return true;
}
