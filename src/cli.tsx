#!/usr/bin/env node
/**
 * Entry point. At a terminal, the wizard's first frame is drawn before anything heavy loads
 * (src/io/first-frame-shell.ts); then the command line is parsed by src/cli-program.ts, imported
 * here dynamically so that the frame does not wait for commander, Ink or React. `--help` is
 * printed from text made at build time when it can be (src/io/fast-help.ts), and a plain `ping`
 * runs from an option spec made at build time (src/io/fast-command.ts), both without commander.
 */
import {runFastCommand} from './io/fast-command.js';
import {printFastHelp} from './io/fast-help.js';

if (!printFastHelp() && !(await runFastCommand())) {
	// Imported here, not above: `--help` and `ping` never draw it (~2 ms of their start-up).
	(await import('./io/first-frame-shell.js')).drawFirstFrame();
	await import('./cli-program.js');
}
