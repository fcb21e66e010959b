import type {Command} from 'commander';

/** The default command: the interactive five-landmark wizard. (Screens land with issue #2.) */
export function register(program: Command): void {
	program.action(() => {
		process.stderr.write('mco-wizard: the interactive wizard is being built (issue #2).\n');
		process.exitCode = 2;
	});
}
