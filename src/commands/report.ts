/**
 * `mco-wizard report [--out FILE] [--answers FILE] [--json]`: one markdown file to attach to a
 * ticket (core/report.ts says what is in it), every secret redacted, written 0600 atomically.
 * It says where it wrote the file; --json prints `{path}` instead. Exit 2 when it cannot write.
 */
import {mkdir} from 'node:fs/promises';
import {dirname, resolve} from 'node:path';
import {readContent} from '../content.js';
import {formatReport, REPORT_CONTENT} from '../core/report.js';
import {forTerminal} from '../core/sanitize.js';
import {type LoadedAnswers, loadAnswers} from '../io/answers-file.js';
import {writeFileAtomic} from '../io/config-files.js';
import {detectPlatform} from '../io/platform.js';
import {defaultProgressPath} from '../io/progress-store.js';
import {gatherReport} from '../io/report-gather.js';

export type ReportOptions = {
	readonly out?: string;
	readonly answers?: string;
	readonly json?: boolean;
	/** Progress file whose last runs are shown (default: the wizard's). */
	readonly state?: string;
	readonly version: string;
	readonly now?: Date;
};

export const defaultReportName = (now: Date) =>
	`mco-wizard-report-${now.toISOString().replace(/[:.]/g, '-')}.md`;

export async function runReport(
	opts: ReportOptions,
	out: (text: string) => void,
	err: (text: string) => void,
): Promise<number> {
	const now = opts.now ?? new Date();
	let answers: LoadedAnswers | undefined;
	if (opts.answers) {
		answers = await loadAnswers(opts.answers);
		if (answers.errors.length > 0)
			err(forTerminal(`mco-wizard report: the answers file ${opts.answers}: ${answers.errors.join('; ')}\n`));
	}
	const platform = answers?.ingredients.platform ?? (await detectPlatform()).platform;
	const {input, secrets} = await gatherReport({
		...(answers ? {answers} : {}),
		platform,
		progressPath: opts.state ? resolve(opts.state) : defaultProgressPath(),
		version: opts.version,
		now,
	});
	const path = resolve(opts.out ?? defaultReportName(now));
	try {
		await mkdir(dirname(path), {recursive: true, mode: 0o700});
		await writeFileAtomic(path, formatReport(input, secrets, readContent(REPORT_CONTENT)), 0o600);
	} catch (error) {
		err(forTerminal(`mco-wizard report: cannot write ${path}: ${(error as Error).message}\n`));
		return 2;
	}
	out(opts.json ? `${JSON.stringify({path})}\n` : forTerminal(`Report written to ${path} (mode 0600).\n`));
	return 0;
}
