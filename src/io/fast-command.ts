/**
 * Runs `ping` without commander and the program (~20 ms of start-up, bench/results/ping.md):
 * argv parsed by src/core/fast-args.ts from dist/args.json (written by scripts/build.mjs from
 * the program's definition). Without the file (running from src/) or on any doubt about argv,
 * it declines and commander parses as before.
 */
import {readFileSync} from 'node:fs';
import {type FastArgSpecs, fastParse} from '../core/fast-args.js';

/** Beside the bundle's chunks, like help.json; this module is bundled into one of them. */
const ARGS_FILE = new URL('args.json', import.meta.url);

function readSpecs(): FastArgSpecs | undefined {
	try {
		return JSON.parse(readFileSync(ARGS_FILE, 'utf8')) as FastArgSpecs;
	} catch {
		return undefined;
	}
}

/** True when the command ran (its exit code set as commander's action sets it); false: commander's turn. */
export async function runFastCommand(argv: readonly string[] = process.argv): Promise<boolean> {
	const [name, ...args] = argv.slice(2);
	if (name !== 'ping') return false;
	const spec = readSpecs()?.[name];
	if (!spec) return false;
	const opts = fastParse(args, spec);
	if (!opts) return false;
	const {pingAction} = await import('../commands/ping.js');
	await pingAction(opts as Parameters<typeof pingAction>[0]);
	return true;
}
