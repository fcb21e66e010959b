#!/usr/bin/env node
/**
 * Entry point. At a terminal, the wizard's first frame is drawn before anything heavy loads
 * (src/io/first-frame-shell.ts); then the command line is parsed by src/cli-program.ts, imported
 * here dynamically so that the frame does not wait for commander, Ink or React.
 */
import {drawFirstFrame} from './io/first-frame-shell.js';

drawFirstFrame();
await import('./cli-program.js');
