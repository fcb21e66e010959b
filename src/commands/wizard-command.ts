/**
 * Registers the default `wizard` command. Ink, React and the screens are imported only when the
 * wizard actually runs: `--help`, `ping`, `rpc` and `check` never pay for them (importing Ink
 * alone costs ~250 ms and ~30 MiB at start-up; bench/startup.ts measures it).
 */

import {existsSync} from 'node:fs';
import {type Command, Option} from 'commander';
import {LANDMARK_IDS} from '../core/types.js';
import {defaultProgressPath} from '../io/progress-path.js';
import {say} from './help-text.js';
import {keepInkInteractiveOnATerminal} from './ink-terminal.js';
import {withValueLine} from './options.js';
import {roleOption} from './role-option.js';
import type {WizardOptions} from './wizard.js';

export function register(program: Command): void {
	const command = program
		.command('wizard', {isDefault: true})
		.description(say('wizard'))
		.addOption(new Option('--step <landmark>', say('wizard-step')).choices([...LANDMARK_IDS]))
		.option('--answers <file>', say('wizard-answers'))
		.option('--role <roles>', say('role'), roleOption)
		.option('--config-dir <dir>', say('wizard-config-dir'))
		.option('--dry-run', say('wizard-dry-run'))
		.option('--state <file>')
		.option('--no-color', say('wizard-no-color'));
	withValueLine(command, '--state <file>', say('wizard-state'), defaultProgressPath()).action(
		async (options: WizardOptions) => {
			keepInkInteractiveOnATerminal();
			if (nothingConfigured(options)) {
				const {askStart} = await import('./start-menu.js');
				const choice = await askStart();
				if (choice === 'quit') return;
				if (choice === 'practice') {
					const {runPractice} = await import('./practice.js');
					const write = (stream: NodeJS.WriteStream) => (t: string) => stream.write(`${t}\n`);
					process.exitCode = await runPractice({wizard: true}, write(process.stdout), write(process.stderr));
					// stopped connections of the range must not hold the process
					process.exit(process.exitCode);
				}
			}
			const {runWizard} = await import('./wizard.js');
			process.exitCode = await runWizard(options);
		},
	);
}

/**
 * A first start at a terminal: no flag says what to use and there is no progress file. The
 * wizard then asks first: real hosts, or the practice range.
 */
function nothingConfigured(options: WizardOptions): boolean {
	if (!process.stdin.isTTY || !process.stdout.isTTY) return false;
	if (options.answers || options.configDir || options.state || options.step || options.dryRun) return false;
	return !existsSync(defaultProgressPath());
}
