/**
 * The command line's definition: commander's program with every command registered, not parsed.
 * src/cli-program.ts parses argv with it; scripts/build.mjs asks it for the help texts that
 * src/io/fast-help.ts prints without loading commander (src/help-texts.ts).
 */
import {Command} from 'commander';
import {say} from './commands/help-text.js';
import {registerCommands} from './commands/index.js';

export function createProgram(): Command {
	const program = new Command('mco-wizard').description(say('program')).version('0.1.0');
	registerCommands(program);
	return program;
}
