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
import {drawFirstFrame} from './io/first-frame-shell.js';

if (!printFastHelp() && !(await runFastCommand())) {
	drawFirstFrame();
	await import('./cli-program.js');
}
