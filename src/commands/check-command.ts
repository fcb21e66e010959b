/**
 * Registers `check`. The ladders (check.ts, src/checks) are imported only when it runs, so
 * `--help` and the other commands never load them.
 */
import {type Command, Option} from 'commander';
import type {CheckOptions} from './check.js';
import {say} from './help-text.js';
import {secondsUpTo} from './options.js';
import {roleOption} from './role-option.js';

export const CHECK_STEPS = ['activemq', 'client', 'server', 'e2e', 'agent'] as const;

export type CheckStep = (typeof CHECK_STEPS)[number];

export function register(program: Command): void {
	program
		.command('check')
		.description(say('check'))
		.addOption(new Option('--step <landmark>', say('check-step')).choices([...CHECK_STEPS]))
		.option('--role <roles>', say('role'), roleOption)
		.requiredOption('--answers <file>', say('check-answers'))
		.option('--json', say('check-json'))
		.option('--timeout <seconds>', say('check-timeout'), secondsUpTo(600), 5)
		.option('--yes', say('check-yes'))
		.option('--passphrase-file <file>', say('check-passphrase-file'))
		.action(async (opts: CheckOptions) => {
			const {runCheck} = await import('./check.js');
			process.exitCode = await runCheck(
				opts,
				(t) => process.stdout.write(t),
				(t) => process.stderr.write(t),
			);
		});
}
