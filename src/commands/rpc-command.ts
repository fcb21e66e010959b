/**
 * Registers `rpc`. Its implementation (rpc.ts) is imported only when it runs, so `--help` and the
 * wizard never load the STOMP client.
 */
import {type Command, Option} from 'commander';
import {say} from './help-text.js';
import {count, seconds, withConnectionOptions} from './options.js';
import type {RpcOptions} from './rpc.js';

export function register(program: Command): void {
	withConnectionOptions(program.command('rpc'))
		.description(say('rpc'))
		.argument('<agent>', say('rpc-agent'))
		.argument('<action>', say('rpc-action'))
		.argument('[args...]', say('rpc-args'))
		.addOption(new Option('-t, --timeout <seconds>', say('rpc-timeout')).argParser(seconds))
		.addOption(
			new Option('--dt, --discovery-timeout <seconds>', say('rpc-discovery-timeout')).argParser(seconds),
		)
		.addOption(new Option('--expect <n>', say('rpc-expect')).argParser(count))
		.option('-I, --identity <id...>', say('rpc-identity'))
		.action(async (agent: string, action: string, args: string[], opts: RpcOptions) => {
			const {rpcAction} = await import('./rpc.js');
			await rpcAction(agent, action, args, opts);
		});
}
