/** Registers `report`. Its implementation (report.ts and what it gathers) is imported only when it runs. */
import type {Command} from 'commander';
import type {ReportOptions} from './report.js';

export function register(program: Command): void {
	program
		.command('report')
		.description(
			'write one markdown file for a support ticket (versions, files, lint, last runs, node log); secrets redacted',
		)
		.option('--out <file>', 'where to write it (default ./mco-wizard-report-<time>.md)')
		.option('--answers <file>', 'answers file: its secrets are redacted too, its [system] paths are used')
		.option('--state <file>', 'progress file whose landmark runs are reported')
		.option('--json', 'print {"path": …} instead of a sentence')
		.action(async (opts: Omit<ReportOptions, 'version'>) => {
			const {runReport} = await import('./report.js');
			process.exitCode = await runReport(
				{...opts, version: program.version() ?? 'unknown'},
				(t) => process.stdout.write(t),
				(t) => process.stderr.write(t),
			);
		});
}
