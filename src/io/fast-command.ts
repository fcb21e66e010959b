/**
 * Runs `ping` and `rpc` without commander and the program (~20 ms of start-up,
 * bench/results/ping.md): argv parsed by src/core/fast-args.ts from dist/args.json (written by
 * scripts/build.mjs from the program's definition). Without the file (running from src/) or on
 * any doubt about argv, it declines and commander parses as before.
 *
 * The commands themselves come from dist/mco.cjs, one CommonJS script of both their paths
 * compiled with a V8 code cache (src/io/code-cache.ts): no ES module loader for ~12 chunks, and
 * no compile of what the last successful run compiled. Without that file, the command's ES
 * module chunk as before.
 */
import {readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {codeCacheDir} from '../core/code-cache.js';
import {type FastArgSpecs, type FastParsed, fastParse} from '../core/fast-args.js';
import {runCachedScript} from './code-cache.js';

/** Beside the bundle's chunks, like help.json; this module is bundled into one of them. */
const ARGS_FILE = new URL('args.json', import.meta.url);
const SCRIPT = new URL('mco.cjs', import.meta.url);

type Runner = (parsed: FastParsed) => Promise<void>;

/** How a command runs from the script's exports, and its ES module chunk when the script is missing. */
const COMMANDS: Readonly<Record<string, {load: () => Promise<unknown>; run: (m: unknown) => Runner}>> = {
	ping: {
		load: () => import('../commands/ping.js'),
		run: (m) => (p) => (m as typeof import('../commands/ping.js')).pingAction(p.opts as never),
	},
	rpc: {
		load: () => import('../commands/rpc.js'),
		run: (m) => (p) => {
			const [agent, action, pairs] = p.operands as [string, string, string[]];
			return (m as typeof import('../commands/rpc.js')).rpcAction(agent, action, pairs, p.opts as never);
		},
	},
};

function readSpecs(): FastArgSpecs | undefined {
	try {
		return JSON.parse(readFileSync(ARGS_FILE, 'utf8')) as FastArgSpecs;
	} catch {
		return undefined;
	}
}

/** dist/mco.cjs with its code cache, saved at exit after a run that succeeded when it had none. */
async function loadCommand(command: (typeof COMMANDS)[string]): Promise<unknown> {
	const script = await runCachedScript(fileURLToPath(SCRIPT), codeCacheDir(process.env));
	if (!script) return command.load();
	const {save} = script;
	// Exit code 0: the exchange ran to the end, so the cache holds the functions the command needs.
	if (save) process.once('exit', (code) => code === 0 && save());
	return script.exports;
}

/** True when the command ran (its exit code set as commander's action sets it); false: commander's turn. */
export async function runFastCommand(argv: readonly string[] = process.argv): Promise<boolean> {
	const [name, ...args] = argv.slice(2);
	const command = name === undefined ? undefined : Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
	if (!command || !name) return false;
	const spec = readSpecs()?.[name];
	if (!spec) return false;
	const parsed = fastParse(args, spec);
	if (!parsed) return false;
	await command.run(await loadCommand(command))(parsed);
	return true;
}
