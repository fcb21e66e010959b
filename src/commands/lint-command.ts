/** Registers `lint`. Its implementation (lint.ts and the file linters) is imported only when it runs. */
import type {Command, CommanderError} from 'commander';
import type {LintOptions} from './lint.js';

export function register(program: Command): void {
	program
		.command('lint')
		.description('lint client.cfg, server.cfg (and their plugin.d/), activemq.xml; exit 1 on errors')
		.argument('[files...]', 'client.cfg, server.cfg, activemq.xml (default: the ones at the usual places)')
		.option(
			'--json',
			'print one JSON object {ok, files, findings: [{file, line, id, severity, message, fix}]}',
		)
		.option('--answers <bundle>', 'compare every secret with the fingerprints of this bundle')
		.option('--passphrase-file <file>', 'passphrase of an encrypted bundle (else typed, no echo)')
		.option('--remote-clients', 'mco and mcollectived run on other hosts: a loopback STOMP bind is an error')
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
