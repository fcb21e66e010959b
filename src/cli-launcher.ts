/**
 * The package's bin, dist/cli.cjs (CommonJS, built by scripts/build.mjs): `--help` and a plain
 * `ping` run from here without Node's ES module loader and dist/cli.mjs's module graph (~7 ms
 * of CPU on ping's path: README "ping's script and its code cache"). Everything else is
 * dist/cli.mjs, imported as before; it asks the same two questions again (no for both, cheap).
 */
import {runFastCommand} from './io/fast-command.js';
import {printFastHelp} from './io/fast-help.js';

/** Beside this file in dist/; a variable, so esbuild leaves the import to Node. */
const CLI = new URL('cli.mjs', import.meta.url).href;

async function main(): Promise<void> {
	if (printFastHelp() || (await runFastCommand())) return;
	await import(CLI);
}

void main();
