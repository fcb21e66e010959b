/**
 * Build-time only (scripts/build.mjs bundles and runs it): commander's help for each launch
 * src/core/fast-help.ts answers, exactly as commander prints it to a pipe, so that
 * src/io/fast-help.ts can print it without loading commander and the program (bench/startup.ts).
 * A value the program read from this machine's environment (HELP_VALUES) becomes a placeholder
 * that each launch fills with its own.
 */
import {
	FAST_HELP_COMMANDS,
	HELP_WIDTH,
	type HelpTexts,
	type HelpValues,
	helpPlaceholder,
} from './core/fast-help.js';
import {defaultProgressPath} from './io/progress-path.js';
import {createProgram} from './program.js';

/** Where each value is named: a text that names it another number of times fails the build. */
const NAMED_IN: Readonly<Record<keyof HelpValues, Readonly<Record<string, number>>>> = {
	progressPath: {wizard: 1, export: 1},
};

export function helpTexts(): HelpTexts {
	const program = createProgram();
	const texts: Record<string, string> = {'': helpOf(program)};
	for (const name of FAST_HELP_COMMANDS) {
		const command = program.commands.find((c) => c.name() === name);
		if (!command) throw new Error(`fast help: no command ${name}`);
		texts[name] = helpOf(command);
	}
	// the values the program was built with here, as src/io/fast-help.ts reads them at a launch
	const here: HelpValues = {progressPath: defaultProgressPath()};
	for (const [name, value] of Object.entries(here) as [keyof HelpValues, string][]) {
		for (const [key, text] of Object.entries(texts)) {
			const count = text.split(value).length - 1;
			if (count !== (NAMED_IN[name][key] ?? 0))
				throw new Error(`fast help: ${key || 'the program'}'s help names ${name} (${value}) ${count} times`);
			texts[key] = text.replaceAll(value, helpPlaceholder(name));
		}
	}
	return {width: HELP_WIDTH, texts};
}

/** What commander writes for `--help` to a pipe: its width and no colour, whatever runs the build. */
function helpOf(command: ReturnType<typeof createProgram>): string {
	command.configureOutput({
		...command.configureOutput(),
		getOutHelpWidth: () => HELP_WIDTH,
		getOutHasColors: () => false,
	});
	return command.helpInformation();
}
