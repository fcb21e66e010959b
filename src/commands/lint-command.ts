/** Registers `lint`. Its implementation (lint.ts and the file linters) is imported only when it runs. */
import type {Command, CommanderError} from 'commander';
import {say} from './help-text.js';
import type {LintOptions} from './lint.js';

export function register(program: Command): void {
	program
		.command('lint')
		.description(say('lint'))
		.argument('[files...]', say('lint-files'))
		.option('--json', say('lint-json'))
		.option('--answers <bundle>', say('lint-answers'))
		.option('--passphrase-file <file>', say('lint-passphrase-file'))
		.option('--remote-clients', say('lint-remote-clients'))
		// usage errors exit 2, as the README promises, not commander's 1
		.exitOverride((error: CommanderError) => {
			process.exit(error.exitCode === 0 ? 0 : 2);
		})
		.action(async (files: string[], opts: LintOptions) => {
			const {runLint} = await import('./lint.js');
			process.exitCode = await runLint(
				files,
				opts,
				(t) => process.stdout.write(t),
				(t) => process.stderr.write(t),
			);
		});
}
