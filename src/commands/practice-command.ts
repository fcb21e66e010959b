/**
 * Registers `practice` and the hidden `practice-node`. The range (broker, nodes, scenarios) is
 * imported only when one of them runs, so the wizard's first frame and the other commands never
 * load it.
 */
import {type Command, Option} from 'commander';
import {keepInkInteractiveOnATerminal} from './ink-terminal.js';
import {count} from './options.js';
import type {PracticeOptions} from './practice.js';

export function register(program: Command): void {
	program
		.command('practice-node', {hidden: true})
		.requiredOption('--config <file>', 'server.cfg of the practice node')
		.requiredOption('--host-state <file>', 'node1-host.ini')
		.action(async (opts: {config: string; hostState: string}) => {
			const {runPracticeNode} = await import('./practice.js');
			process.exit(await runPracticeNode(opts));
		});
	program
		.command('practice')
		.description('a practice range on loopback: embedded broker, simulated nodes, a fault to find and fix')
		.option('--scenario <name>', 'the fault to stage (see --list), or "random"')
		.option('--list', 'list the scenarios')
		.option('--brief', "print the scenario's brief for the trainer and exit")
		.option('--dir <dir>', 'where the practice files go (default ~/.local/state/mco-wizard/practice)')
		.addOption(new Option('--port <n>', 'embedded broker port (default: any free port)').argParser(count))
		.addOption(new Option('--nodes <n>', 'simulated nodes (default 2)').argParser(count))
		.addOption(
			new Option('--connections <n>', 'STOMP connections the nodes share (default 1)').argParser(count),
		)
		.option(
			'--broker <host:port>',
			'attach the nodes to this broker (a real ActiveMQ) instead of the embedded one',
		)
		.option('--answers <file>', 'take credentials/psk from this answers file (with --broker)')
		.option('--wizard', 'run the wizard on the range (the default at a terminal); the range stops with it')
		.option('--no-wizard', 'only the range, until Ctrl-C (prints the wizard command to use)')
		.action(async (opts: PracticeOptions) => {
			// the wizard draws in this process: Ink must not start in its CI mode at a real terminal
			keepInkInteractiveOnATerminal();
			const {runPractice} = await import('./practice.js');
			process.exitCode = await runPractice(
				opts,
				(t) => process.stdout.write(`${t}\n`),
				(t) => process.stderr.write(`${t}\n`),
			);
			// commander keeps nothing open; leftover sockets of stopped connections must not hold us
			process.exit(process.exitCode);
		});
}
