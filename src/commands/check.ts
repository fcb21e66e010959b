/**
 * `mco-wizard check --step client|server|e2e|agent --answers FILE [--json]`: one landmark's ladder
 * without a terminal, for automation and tests. `--json` prints exactly one object
 * `{step, ok, checks: [{id, ok, ms, evidence}], diagnosis: null | {id, title, evidence, fix}}`;
 * secrets never appear (fingerprints only). Exit 0 when the landmark passes, 1 when it fails,
 * 2 when the command itself cannot run (bad answers file, bad option).
 */

import {homedir} from 'node:os';
import {join} from 'node:path';
import {type Command, InvalidArgumentError, Option} from 'commander';
import {runLandmark} from '../checks/index.js';
import {readContent} from '../content.js';
import {debugLessonFor} from '../core/debug-lesson.js';
import {completeIngredients, validateIngredients, withDefaults} from '../core/ingredients.js';
import {forTerminal} from '../core/sanitize.js';
import {redact, redactDeep} from '../core/secrets.js';
import {type Ingredients, type LandmarkReport, SECRET_FIELDS, type SystemSettings} from '../core/types.js';
import {type LoadedAnswers, loadAnswers} from '../io/answers-file.js';
import {nodeCheckIO} from '../io/check-io.js';
import {secretsInConfigFiles} from '../io/config-files.js';
import {recordLastRun} from '../io/last-runs.js';
import {passphraseSource} from '../io/passphrase.js';
import {clientConfigCandidates, serverConfigCandidates} from '../io/platform.js';

export const CHECK_STEPS = ['client', 'server', 'e2e', 'agent'] as const;

export type CheckOptions = {
	readonly step: (typeof CHECK_STEPS)[number];
	readonly answers: string;
	readonly json?: boolean;
	readonly timeout: number;
	readonly yes?: boolean;
	/** For an encrypted bundle given as --answers (else typed without echo). */
	readonly passphraseFile?: string;
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
					id: report.diagnosis.id,
					title: diagnosisTitle(report.diagnosis.id),
					evidence: report.diagnosis.evidence,
					fix: report.diagnosis.fix,
				}
			: null,
	};
}

/** Also formats the broker host's report (its step is not a landmark). */
export function formatReport(report: Omit<LandmarkReport, 'step'> & {readonly step: string}): string {
	const lines = [`Landmark ${report.step}: ${report.ok ? 'PASSED' : 'FAILED'}`];
	for (const c of report.checks) {
		const mark = c.skipped ? (c.ok ? '–' : '·') : c.ok ? '✔' : '✖';
		lines.push(`  ${mark} ${c.id.padEnd(16)} ${String(c.ms).padStart(6)} ms  ${c.evidence}`);
	}
	const d = report.diagnosis;
	if (d) {
		lines.push('', `${d.id}: ${diagnosisTitle(d.id)}`, '  Evidence:', ...d.evidence.map((e) => `    ${e}`));
		if (d.distinguishing?.length) lines.push('  Tell it apart:', ...d.distinguishing.map((e) => `    ${e}`));
		lines.push('  Fix:', ...d.fix.map((e) => `    ${e}`));
		lines.push('', `  Lesson: content/debug/${d.id}.md`);
	}
	return lines.join('\n');
}

/** `file:line: server.cfg plugin.psk sha256:… ≠ bundle's sha256:…` for each secret that differs. */
async function bundleMismatches(
	bundle: NonNullable<LoadedAnswers['bundle']>,
	system: SystemSettings,
	ingredients: Ingredients,
): Promise<string[]> {
	const read = async (which: 'client' | 'server') => {
		const path =
			(which === 'client' ? system.clientConfig : system.serverConfig) ??
			(await nodeCheckIO.liveConfig(which, ingredients.platform)).path;
		const r = await nodeCheckIO.readFile(path);
		return 'text' in r ? {path, text: r.text} : undefined;
	};
	const [client, server] = [await read('client'), await read('server')];
	// loaded here: its XML parser costs ~150 ms at start-up, which `check` without a bundle never pays
	const {lintFiles} = await import('../core/lint-files.js');
	return lintFiles({...(client ? {client} : {}), ...(server ? {server} : {}), bundle})
		.filter((f) => f.id === 'bundle-secret-mismatch')
		.map((f) => `${f.file}:${f.line ?? '?'}: ${f.message}`);
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
	const answers = await loadAnswers(
		opts.answers,
		opts.passphraseFile ? {passphrase: passphraseSource(opts.passphraseFile, '')} : {},
	);
	const ingredients: Ingredients | undefined = completeIngredients(withDefaults(answers.ingredients));
	if (answers.errors.length > 0 || !ingredients) {
		// an unreadable file explains itself; field errors only for a file that was read
		const problems =
			answers.errors.length > 0
				? answers.errors
				: Object.entries(validateIngredients(withDefaults(answers.ingredients))).map(
						([k, v]) => `${k}: ${v}`,
					);
		err(
			forTerminal(
				`mco-wizard check: the answers file ${opts.answers} cannot be used:\n  ${problems.join('\n  ')}\n`,
			),
		);
		return 2;
	}
	// Every secret, wherever it lives: the answers, and the client.cfg/server.cfg the checks read
	// (they may hold a different password, or one on a `.user` line).
	const {system} = answers;
	const configDir = system.configDir;
	const secrets = [
		...SECRET_FIELDS.map((k) => ingredients[k]),
		...(await secretsInConfigFiles([
			system.clientConfig,
			system.serverConfig,
			configDir && join(configDir, 'client.cfg'),
			configDir && join(configDir, 'server.cfg'),
			...clientConfigCandidates(ingredients.platform, homedir()),
			...serverConfigCandidates(ingredients.platform),
		])),
	];
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
		opts.json
			? {}
			: {onProgress: (e) => (e.phase === 'start' ? err(forTerminal(`… ${e.checkId}\n`)) : undefined)},
	);
	// carried in a bundle: this host's files are compared with the bundle's fingerprints
	const mismatches = answers.bundle
		? await bundleMismatches(answers.bundle, answers.system, ingredients)
		: [];
	// kept (redacted) for `mco-wizard report`
	await recordLastRun({...reportJson(report), at: new Date().toISOString()}, secrets);
	// Redacted before encoding: JSON escapes a secret's `"` or `\`, which redaction would then miss.
	const text = opts.json
		? JSON.stringify(
				redactDeep({...reportJson(report), ...(answers.bundle ? {bundle: {mismatches}} : {})}, secrets),
			)
		: forTerminal(
				redact(
					[
						formatReport(report),
						...(mismatches.length ? ['', 'Bundle:', ...mismatches.map((m) => `  ${m}`)] : []),
					].join('\n'),
					secrets,
				),
			);
	out(`${text}\n`);
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
		.option(
			'--passphrase-file <file>',
			'passphrase of an encrypted bundle given as --answers (else typed, no echo)',
		)
		.action(async (opts: CheckOptions) => {
			process.exitCode = await runCheck(
				opts,
				(t) => process.stdout.write(t),
				(t) => process.stderr.write(t),
			);
		});
}
