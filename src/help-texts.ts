/**
 * Build-time only (scripts/build.mjs bundles and runs it): commander's help for each launch
 * src/core/fast-help.ts answers, exactly as commander prints it to a pipe, so that
 * src/io/fast-help.ts can print it without loading commander and the program (bench/startup.ts).
 */
import {FAST_HELP_COMMANDS, HELP_WIDTH, type HelpTexts} from './core/fast-help.js';
import {createProgram} from './program.js';

export function helpTexts(): HelpTexts {
	const program = createProgram();
	const texts: Record<string, string> = {'': helpOf(program)};
	for (const name of FAST_HELP_COMMANDS) {
		const command = program.commands.find((c) => c.name() === name);
		if (!command) throw new Error(`fast help: no command ${name}`);
		texts[name] = helpOf(command);
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
