#!/usr/bin/env node
/**
 * Entry point. At a terminal, the wizard's first frame is drawn before anything heavy loads
 * (src/io/first-frame-shell.ts); then the command line is parsed by src/cli-program.ts, imported
 * here dynamically so that the frame does not wait for commander, Ink or React. `--help` is
 * printed from text made at build time when it can be (src/io/fast-help.ts), without either.
 */
import {printFastHelp} from './io/fast-help.js';
import {drawFirstFrame} from './io/first-frame-shell.js';

if (!printFastHelp()) {
	drawFirstFrame();
	await import('./cli-program.js');
}
