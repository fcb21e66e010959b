/** Registers `export`. Its implementation (export.ts, the bundle's crypto) is imported only when it runs. */
import type {Command} from 'commander';
import {defaultProgressPath} from '../io/progress-path.js';
import type {ExportOptions} from './export.js';
import {withValueLine} from './options.js';

export function register(program: Command): void {
	const command = program
		.command('export')
		.description(
			'write a bundle of the ingredients to carry to the next host (secrets left out or encrypted)',
		)
		.option('--out <file>', 'where to write the bundle', 'mco-wizard.bundle')
		.option('--encrypt', 'include the secrets, encrypted with a passphrase (scrypt + AES-256-GCM)')
		.option(
			'--passphrase-file <file>',
			'read the passphrase from the first line of this file (else typed, no echo)',
		)
		.option(
			'--answers <file>',
			'take the values from this answers file or bundle (default: the saved progress)',
		)
		.option('--state <file>', 'saved progress to export');
	withValueLine(
		command,
		'--state <file>',
		'saved progress to export (default',
		`${defaultProgressPath()})`,
	).action(async (opts: ExportOptions) => {
		const {runExport} = await import('./export.js');
		process.exitCode = await runExport(
			opts,
			(t) => process.stdout.write(t),
			(t) => process.stderr.write(t),
		);
	});
}
