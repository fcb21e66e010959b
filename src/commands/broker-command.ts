/**
 * Registers `broker`. Its implementation (broker.ts, the activemq.xml parser, the broker host's
 * checks) is imported only when it runs.
 */
import type {Command} from 'commander';
import type {BrokerOptions} from './broker.js';
import {secondsUpTo} from './options.js';

export function register(program: Command): void {
	program
		.command('broker')
		.description(
			'the message broker host: render activemq.xml for MCollective (diff, --write) and --check it live',
		)
		.requiredOption('--answers <file>', 'answers file or bundle with the ingredients')
		.option(
			'--activemq-xml <path>',
			'the file (default: Debian’s instance main, else /etc/activemq/activemq.xml)',
		)
		.option('--bind <address>', 'address the STOMP connector listens on', '0.0.0.0')
		.option('--write', 'write the file (backup, atomic, 0600)')
		.option('--check', 'run the live checks of this broker host')
		.option('--log <path>', 'activemq.log (default: the running broker’s data dir)')
		.option('--remote-clients', 'mco and mcollectived run on other hosts: loopback-only is a failure')
		.option('--timeout <seconds>', 'per-check timeout', secondsUpTo(600), 5)
		.option('--passphrase-file <file>', 'passphrase of an encrypted bundle (else typed, no echo)')
		.option('--json', 'print one JSON object')
		.action(async (opts: BrokerOptions) => {
			const {runBroker} = await import('./broker.js');
			process.exitCode = await runBroker(
				opts,
				(t) => process.stdout.write(t),
				(t) => process.stderr.write(t),
			);
		});
}
