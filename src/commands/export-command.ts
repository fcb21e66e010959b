/** Registers `export`. Its implementation (export.ts, the bundle's crypto) is imported only when it runs. */
import type {Command} from 'commander';
import {defaultProgressPath} from '../io/progress-path.js';
import type {ExportOptions} from './export.js';
import {say} from './help-text.js';
import {withValueLine} from './options.js';

export function register(program: Command): void {
	const command = program
		.command('export')
		.description(say('export'))
		.option('--out <file>', say('export-out'), 'mco-wizard.bundle')
		.option('--encrypt', say('export-encrypt'))
		.option('--passphrase-file <file>', say('export-passphrase-file'))
		.option('--answers <file>', say('export-answers'))
		.option('--state <file>');
	withValueLine(command, '--state <file>', say('export-state'), defaultProgressPath()).action(
		async (opts: ExportOptions) => {
			const {runExport} = await import('./export.js');
			process.exitCode = await runExport(
				opts,
				(t) => process.stdout.write(t),
				(t) => process.stderr.write(t),
			);
		},
	);
}
