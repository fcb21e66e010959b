/**
 * Registers `rpc`. Its implementation (rpc.ts) is imported only when it runs, so `--help` and the
 * wizard never load the STOMP client.
 */
import {type Command, Option} from 'commander';
import {count, seconds, withConnectionOptions} from './options.js';
import type {RpcOptions} from './rpc.js';

export function register(program: Command): void {
	withConnectionOptions(program.command('rpc'))
		.description('Call an agent action like `mco rpc AGENT ACTION k=v`, natively (no Ruby)')
		.argument('<agent>', 'agent name, e.g. rpcutil or openshift')
		.argument('<action>', 'action name, e.g. ping or echo')
		.argument('[args...]', 'key=value arguments (typed by the agent DDL when found)')
		.addOption(
			new Option('-t, --timeout <seconds>', 'RPC reply wait (default: DDL timeout + discovery)').argParser(
				seconds,
			),
		)
		.addOption(
			new Option(
				'--dt, --discovery-timeout <seconds>',
				'discovery wait (default: discovery_timeout or 2)',
			).argParser(seconds),
		)
		.addOption(
			new Option('--expect <n>', 'end discovery as soon as this many nodes answered').argParser(count),
		)
		.option('-I, --identity <id...>', 'only these nodes (plain names skip discovery, like mco)')
		.action(async (agent: string, action: string, args: string[], opts: RpcOptions) => {
			const {runRpc} = await import('./rpc.js');
			process.exitCode = await runRpc(
				agent,
				action,
				args,
				opts,
				(t) => process.stdout.write(`${t}\n`),
				(t) => process.stderr.write(`${t}\n`),
			);
		});
}
