import type {Command} from 'commander';
import {register as registerBroker} from './broker-command.js';
import {register as registerCheck} from './check-command.js';
import {register as registerExport} from './export-command.js';
import {register as registerLint} from './lint-command.js';
import {register as registerPing} from './ping-command.js';
import {register as registerPractice} from './practice-command.js';
import {register as registerReport} from './report-command.js';
import {register as registerRpc} from './rpc-command.js';
import {register as registerWizard} from './wizard-command.js';

/**
 * Every command has a `*-command` module exporting `register(program)`; this is the one list of
 * them, in the order `--help` shows. Each command owns its own options. A register module imports
 * only commander and small helpers; the command's implementation is imported when it runs, so
 * `--help` and the wizard's first frame do not load every command's code (bench/startup.ts).
 */
export function registerCommands(program: Command): void {
	exitTwoOnUsageErrors(program);
	registerWizard(program);
	registerCheck(program);
	registerPing(program);
	registerRpc(program);
	registerPractice(program);
	registerBroker(program);
	registerLint(program);
	registerExport(program);
	registerReport(program);
}

/** README: exit 2 for usage errors. */
const USAGE_EXIT = 2;

/**
 * Commander exits 1 on a bad option and may print the whole help after it; the README promises 2
 * and one line. Set on the program before any `.command()`, so every command inherits it.
 */
function exitTwoOnUsageErrors(program: Command): void {
	program.showHelpAfterError(false).exitOverride((error) => {
		process.exit(error.exitCode === 0 ? 0 : USAGE_EXIT);
	});
}
