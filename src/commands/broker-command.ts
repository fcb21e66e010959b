/**
 * Registers `broker`. Its implementation (broker.ts, the activemq.xml parser, the broker host's
 * checks) is imported only when it runs.
 */
import type {Command} from 'commander';
import type {BrokerOptions} from './broker.js';
import {say} from './help-text.js';
import {secondsUpTo} from './options.js';

export function register(program: Command): void {
	program
		.command('broker')
		.description(say('broker'))
		.requiredOption('--answers <file>', say('broker-answers'))
		.option('--activemq-xml <path>', say('broker-activemq-xml'))
		.option('--bind <address>', say('broker-bind'), '0.0.0.0')
		.option('--write', say('broker-write'))
		.option('--check', say('broker-check'))
		.option('--log <path>', say('broker-log'))
		.option('--remote-clients', say('broker-remote-clients'))
		.option('--timeout <seconds>', say('broker-timeout'), secondsUpTo(600), 5)
		.option('--passphrase-file <file>', say('broker-passphrase-file'))
		.option('--json', say('broker-json'))
		.action(async (opts: BrokerOptions) => {
			const {runBroker} = await import('./broker.js');
			process.exitCode = await runBroker(
				opts,
				(t) => process.stdout.write(t),
				(t) => process.stderr.write(t),
			);
		});
}
