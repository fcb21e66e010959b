/**
 * `mco-wizard check --step client|server|e2e|agent --answers FILE [--json]`: one landmark's ladder
 * without a terminal, for automation and tests. `--json` prints exactly one object
 * `{step, ok, checks: [{id, ok, ms, evidence}], diagnosis: null | {id, title, evidence, notObserved,
 * candidates: [{id, why}], decide: null | {host, command}, fix}}` (id null when not decided here);
 * secrets never appear (fingerprints only). Exit 0 when the landmark passes, 1 when it fails,
 * 2 when the command itself cannot run (bad answers file, bad option).
 */
import {type Command, InvalidArgumentError, Option} from 'commander';
import {runLandmark} from '../checks/index.js';
import {readContent} from '../content.js';
import {debugLessonFor} from '../core/debug-lesson.js';
import {completeIngredients, validateIngredients, withDefaults} from '../core/ingredients.js';
import {redact} from '../core/secrets.js';
import {diagnosisLesson, type Ingredients, type LandmarkReport, SECRET_FIELDS} from '../core/types.js';
import {loadAnswers} from '../io/answers-file.js';
import {nodeCheckIO} from '../io/check-io.js';

export const CHECK_STEPS = ['client', 'server', 'e2e', 'agent'] as const;

export type CheckOptions = {
	readonly step: (typeof CHECK_STEPS)[number];
	readonly answers: string;
	readonly json?: boolean;
	readonly timeout: number;
	readonly yes?: boolean;
};

/** A diagnosis's title: the heading of its lesson, content/debug/<id>.md. */
const diagnosisTitle = (id: string) => debugLessonFor(id, readContent).title;

/** The stable JSON shape (no `data`: it may carry log lines; evidence is already one safe line). */
export function reportJson(report: LandmarkReport) {
	return {
		step: report.step,
		ok: report.ok,
		checks: report.checks.map((c) => ({id: c.id, ok: c.ok, ms: c.ms, evidence: c.evidence})),
		diagnosis: report.diagnosis
			? {
					// id only when the evidence proves one entry; else candidates and the deciding command
					id: report.diagnosis.id ?? null,
					title: diagnosisTitle(diagnosisLesson(report.diagnosis)),
					evidence: report.diagnosis.evidence,
					notObserved: report.diagnosis.notObserved ?? [],
					candidates: report.diagnosis.candidates ?? [],
					decide: report.diagnosis.decide ?? null,
					fix: report.diagnosis.fix,
				}
			: null,
	};
}

export function formatReport(report: LandmarkReport): string {
	const lines = [`Landmark ${report.step}: ${report.ok ? 'PASSED' : 'FAILED'}`];
	for (const c of report.checks) {
		const mark = c.skipped ? (c.ok ? '–' : '·') : c.ok ? '✔' : '✖';
		lines.push(`  ${mark} ${c.id.padEnd(16)} ${String(c.ms).padStart(6)} ms  ${c.evidence}`);
	}
	const d = report.diagnosis;
	if (d) {
		lines.push(
			'',
			`${d.id ?? 'Not decided from this host'}: ${diagnosisTitle(diagnosisLesson(d))}`,
			'  Evidence:',
			...d.evidence.map((e) => `    ${e}`),
		);
		if (d.notObserved?.length) lines.push('  Not observed here:', ...d.notObserved.map((e) => `    ${e}`));
		if (d.candidates?.length)
			lines.push(
				'  Still possible:',
				...d.candidates.map((c) => `    ${c.id} ${diagnosisTitle(c.id)}: ${c.why}`),
			);
		if (d.decide) lines.push(`  Decide on ${d.decide.host}:`, `    ${d.decide.command}`);
		if (d.distinguishing?.length) lines.push('  Tell it apart:', ...d.distinguishing.map((e) => `    ${e}`));
		if (d.fix.length) lines.push('  Fix:', ...d.fix.map((e) => `    ${e}`));
		lines.push('', `  Lesson: content/debug/${diagnosisLesson(d)}.md`);
	}
	return lines.join('\n');
}

function seconds(raw: string): number {
	const n = Number(raw);
	if (!Number.isFinite(n) || n <= 0 || n > 600)
		throw new InvalidArgumentError('a number of seconds between 0 and 600');
	return n;
}

export async function runCheck(
	opts: CheckOptions,
	out: (text: string) => void,
	err: (text: string) => void,
): Promise<number> {
	const answers = await loadAnswers(opts.answers);
	const ingredients: Ingredients | undefined = completeIngredients(withDefaults(answers.ingredients));
	if (answers.errors.length > 0 || !ingredients) {
		// an unreadable file explains itself; field errors only for a file that was read
		const problems =
			answers.errors.length > 0
				? answers.errors
				: Object.entries(validateIngredients(withDefaults(answers.ingredients))).map(
						([k, v]) => `${k}: ${v}`,
					);
		err(`mco-wizard check: the answers file ${opts.answers} cannot be used:\n  ${problems.join('\n  ')}\n`);
		return 2;
	}
	const secrets = SECRET_FIELDS.map((k) => ingredients[k]);
	const report = await runLandmark(
		opts.step,
		{
			io: nodeCheckIO,
			ingredients,
			system: answers.system,
			timeoutMs: opts.timeout * 1000,
			// without a terminal nothing is changed unless --yes says so
			confirm: async () => opts.yes === true,
		},
		opts.json ? {} : {onProgress: (e) => (e.phase === 'start' ? err(`… ${e.checkId}\n`) : undefined)},
	);
	const text = opts.json ? JSON.stringify(reportJson(report)) : formatReport(report);
	out(`${redact(text, secrets)}\n`);
	return report.ok ? 0 : 1;
}

export function register(program: Command): void {
	program
		.command('check')
		.description('run one landmark’s live checks without a terminal; exit 0 when it passes')
		.addOption(
			new Option('--step <landmark>', 'which landmark').choices([...CHECK_STEPS]).makeOptionMandatory(),
		)
		.requiredOption('--answers <file>', 'INI answers file ([ingredients] and optional [system])')
		.option('--json', 'print one JSON object {step, ok, checks, diagnosis}')
		.option('--timeout <seconds>', 'per-check timeout', seconds, 5)
		.option('--yes', 'run the service restart of the server landmark without asking')
		.action(async (opts: CheckOptions) => {
			process.exitCode = await runCheck(
				opts,
				(t) => process.stdout.write(t),
				(t) => process.stderr.write(t),
			);
		});
}
