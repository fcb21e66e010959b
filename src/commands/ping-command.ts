/**
 * Registers `ping`. Its implementation (ping.ts: the STOMP client, Marshal, the diagnosis) is
 * imported only when it runs, so `--help` and the wizard never load it.
 */
import {type Command, Option} from 'commander';
import {say} from './help-text.js';
import {count, seconds, withConnectionOptions} from './options.js';
import type {PingOptions} from './ping.js';

export function register(program: Command): void {
	withConnectionOptions(program.command('ping'))
		.description(say('ping'))
		.addOption(new Option('-t, --timeout <seconds>', say('ping-timeout')).argParser(seconds).default(5))
		.addOption(new Option('--expect <n>', say('ping-expect')).argParser(count))
		.option('--expect-file <file>', say('ping-expect-file'))
		.option('-I, --identity <id...>', say('ping-identity'))
		.option('-A, --agent <agent...>', say('ping-agent'))
		.action(async (opts: PingOptions) => {
			const {pingAction} = await import('./ping.js');
			await pingAction(opts);
		});
}
