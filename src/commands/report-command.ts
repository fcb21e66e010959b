/** Registers `report`. Its implementation (report.ts and what it gathers) is imported only when it runs. */
import type {Command} from 'commander';
import {say} from './help-text.js';
import type {ReportOptions} from './report.js';

export function register(program: Command): void {
	program
		.command('report')
		.description(say('report'))
		.option('--out <file>', say('report-out'))
		.option('--answers <file>', say('report-answers'))
		.option('--state <file>', say('report-state'))
		.option('--json', say('report-json'))
		.action(async (opts: Omit<ReportOptions, 'version'>) => {
			const {runReport} = await import('./report.js');
			process.exitCode = await runReport(
				{...opts, version: program.version() ?? 'unknown'},
				(t) => process.stdout.write(t),
				(t) => process.stderr.write(t),
			);
		});
}
