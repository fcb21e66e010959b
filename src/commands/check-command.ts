/**
 * Registers `check`. The ladders (check.ts, src/checks) are imported only when it runs, so
 * `--help` and the other commands never load them.
 */
import {type Command, Option} from 'commander';
import type {CheckOptions} from './check.js';
import {secondsUpTo} from './options.js';
import {roleOption} from './role-option.js';

export const CHECK_STEPS = ['activemq', 'client', 'server', 'e2e', 'agent'] as const;

export type CheckStep = (typeof CHECK_STEPS)[number];

export function register(program: Command): void {
	program
		.command('check')
		.description('run a landmark’s live checks without a terminal (all of this host’s without --step)')
		.addOption(
			new Option('--step <landmark>', 'which landmark (default: every landmark of this host)').choices([
				...CHECK_STEPS,
			]),
		)
		.option(
			'--role <roles>',
			'this host is message-broker, client or node (comma list; default: detected)',
			roleOption,
		)
		.requiredOption('--answers <file>', 'INI answers file ([ingredients] and optional [system])')
		.option('--json', 'print one JSON object {step, ok, checks, diagnosis}')
		.option('--timeout <seconds>', 'per-check timeout', secondsUpTo(600), 5)
		.option('--yes', 'run the service restart of the server landmark without asking')
		.option(
			'--passphrase-file <file>',
			'passphrase of an encrypted bundle given as --answers (else typed, no echo)',
		)
		.action(async (opts: CheckOptions) => {
			const {runCheck} = await import('./check.js');
			process.exitCode = await runCheck(
				opts,
				(t) => process.stdout.write(t),
				(t) => process.stderr.write(t),
			);
		});
}
