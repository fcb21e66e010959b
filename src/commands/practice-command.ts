/**
 * Registers `practice` and the hidden `practice-node`. The range (broker, nodes, scenarios) is
 * imported only when one of them runs, so the wizard's first frame and the other commands never
 * load it.
 */
import {type Command, Option} from 'commander';
import {say} from './help-text.js';
import {keepInkInteractiveOnATerminal} from './ink-terminal.js';
import {count} from './options.js';
import type {PracticeOptions} from './practice.js';

export function register(program: Command): void {
	program
		.command('practice-node', {hidden: true})
		.requiredOption('--config <file>', say('practice-node-config'))
		.requiredOption('--host-state <file>', say('practice-node-host-state'))
		.action(async (opts: {config: string; hostState: string}) => {
			const {runPracticeNode} = await import('./practice.js');
			process.exit(await runPracticeNode(opts));
		});
	program
		.command('practice')
		.description(say('practice'))
		.option('--scenario <name>', say('practice-scenario'))
		.option('--list', say('practice-list'))
		.option('--brief', say('practice-brief'))
		.option('--dir <dir>', say('practice-dir'))
		.addOption(new Option('--port <n>', say('practice-port')).argParser(count))
		.addOption(new Option('--nodes <n>', say('practice-nodes')).argParser(count))
		.addOption(new Option('--connections <n>', say('practice-connections')).argParser(count))
		.option('--broker <host:port>', say('practice-broker'))
		.option('--answers <file>', say('practice-answers'))
		.option('--wizard', say('practice-wizard'))
		.option('--no-wizard', say('practice-no-wizard'))
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
