/**
 * Registers `ping`. Its implementation (ping.ts: the STOMP client, Marshal, the diagnosis) is
 * imported only when it runs, so `--help` and the wizard never load it.
 */
import {type Command, Option} from 'commander';
import {count, seconds, withConnectionOptions} from './options.js';
import type {PingOptions} from './ping.js';

export function register(program: Command): void {
	withConnectionOptions(program.command('ping'))
		.description(
			'Discover MCollective nodes like `mco ping`, natively (no Ruby); stops once --expect nodes answered',
		)
		.addOption(
			new Option('-t, --timeout <seconds>', 'how long to wait for replies').argParser(seconds).default(5),
		)
		.addOption(new Option('--expect <n>', 'finish as soon as this many nodes answered').argParser(count))
		.option('--expect-file <file>', 'finish as soon as every identity in this file (one a line) answered')
		.option('-I, --identity <id...>', 'only nodes with this identity (or /regex/)')
		.option('-A, --agent <agent...>', 'only nodes that have this agent')
		.action(async (opts: PingOptions) => {
			const {pingAction} = await import('./ping.js');
			await pingAction(opts);
		});
}
