import type {Command} from 'commander';
import {register as registerCheck} from './check.js';
import {register as registerPing} from './ping.js';
import {register as registerPractice} from './practice-command.js';
import {register as registerRpc} from './rpc.js';
import {register as registerWizard} from './wizard-command.js';

/**
 * Every command module exports `register(program)`; this is the one list of them, in the order
 * `--help` shows. Each command owns its own options.
 */
export function registerCommands(program: Command): void {
	registerWizard(program);
	registerCheck(program);
	registerPing(program);
	registerRpc(program);
	registerPractice(program);
}
