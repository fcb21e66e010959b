/**
 * `mco-wizard check [--step client|server|e2e|agent] [--role R] --answers FILE [--json]`: landmark
 * ladders without a terminal, for automation and tests. With --step, one landmark: `--json` prints
 * `{step, ok, checks: [{id, ok, ms, evidence}], diagnosis: null | {id, title, evidence, notObserved,
 * candidates: [{id, why}], decide: null | {host, command}, fix}}` (id null when not decided here),
 * or when the landmark runs on another host (src/core/role.ts) `{step, ran: false, reason:
 * 'not-here', role, runOn}` and exit 4. Without --step, every landmark of this host's roles in
 * order, one summary, worst exit wins. Secrets never appear (fingerprints only). Exit 2 when the
 * command itself cannot run.
 */

import {homedir} from 'node:os';
import {join} from 'node:path';
import {stepFor} from '../../steps/index.js';
import {ROLES_CONTENT} from '../../steps/roles.js';
import {runLandmark} from '../checks/index.js';
import {readContent} from '../content.js';
import {CHECK_CONTENT, checkWords} from '../core/check-words.js';
import {wordsFor} from '../core/content-words.js';
import {debugLessonFor} from '../core/debug-lesson.js';
import {completeIngredients, validateIngredients, withDefaults} from '../core/ingredients.js';
import {decideRoles, type HostFacts, isHere, type RoleEvidence, type RunOn, runOn} from '../core/role.js';
import {elsewhereValues, evidenceText, fill, roleSection, rolesLabel} from '../core/role-text.js';
import {forTerminal} from '../core/sanitize.js';
import {redact, redactDeep, secretsInConfig} from '../core/secrets.js';
import {
	diagnosisLesson,
	type Ingredients,
	type LandmarkReport,
	type Role,
	SECRET_FIELDS,
	type SystemSettings,
} from '../core/types.js';
import {type LoadedAnswers, loadAnswers} from '../io/answers-file.js';
import {type CheckIO, nodeCheckIO} from '../io/check-io.js';
import {secretsInConfigFiles} from '../io/config-secrets.js';
import {gatherHostFacts} from '../io/host-facts.js';
import {recordLastRun} from '../io/last-runs.js';
import {passphraseSource} from '../io/passphrase.js';
import {clientConfigCandidates, serverConfigCandidates} from '../io/platform.js';
import {CHECK_STEPS, type CheckStep} from './check-command.js';

/** `check --step X` on a host that is not X's: nothing ran; the README's exit-code table lists it. */
export const EXIT_NOT_HERE = 4;

export type CheckOptions = {
	/** Absent: every landmark of this host's roles. */
	readonly step?: CheckStep;
	/** --role: this host's roles, set rather than detected. */
	readonly role?: readonly Role[];
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
					// id only when the evidence proves one entry; else candidates and the deciding command
					id: report.diagnosis.id ?? null,
					title: diagnosisTitle(diagnosisLesson(report.diagnosis)),
					// F14: which clock this run saw off, and the cause in those words
					...(report.diagnosis.clock ? {clock: report.diagnosis.clock, cause: report.diagnosis.cause} : {}),
					evidence: report.diagnosis.evidence,
					notObserved: report.diagnosis.notObserved ?? [],
					candidates: report.diagnosis.candidates ?? [],
					decide: report.diagnosis.decide ?? null,
					fix: report.diagnosis.fix,
				}
			: null,
	};
}

/** Also formats the broker host's report (its step is not a landmark). */
export function formatReport(report: Omit<LandmarkReport, 'step'> & {readonly step: string}): string {
	const checkText = readContent(CHECK_CONTENT);
	const lines = [
		checkWords(checkText, 'landmark', {
			step: report.step,
			verdict: checkWords(checkText, report.ok ? 'passed' : 'failed'),
		}),
	];
	for (const c of report.checks) {
		const mark = c.skipped ? (c.ok ? '–' : '·') : c.ok ? '✔' : '✖';
		lines.push(`  ${mark} ${c.id.padEnd(16)} ${String(c.ms).padStart(6)} ms  ${c.evidence}`);
	}
	const d = report.diagnosis;
	if (d) {
		const words = readContent('debug-view');
		const say = (name: string, values?: Readonly<Record<string, string>>) => wordsFor(words, name, values);
		lines.push(
			'',
			`${d.id ?? (d.uncatalogued ? say('not-in-catalogue') : say('not-decided'))}: ${diagnosisTitle(diagnosisLesson(d))}`,
			...(d.cause ? [`  ${d.cause}`] : []),
			`  ${say('evidence')}:`,
			...d.evidence.map((e) => `    ${e}`),
		);
		if (d.notObserved?.length)
			lines.push(`  ${say('not-observed')}:`, ...d.notObserved.map((e) => `    ${e}`));
		if (d.candidates?.length)
			lines.push(
				`  ${say('still-possible')}:`,
				...d.candidates.map((c) => `    ${c.id} ${diagnosisTitle(c.id)}: ${c.why}`),
			);
		if (d.decide) lines.push(`  ${say('decide-on', {host: d.decide.host})}:`, `    ${d.decide.command}`);
		if (d.distinguishing?.length)
			lines.push(`  ${say('tell-apart')}:`, ...d.distinguishing.map((e) => `    ${e}`));
		if (d.fix.length) lines.push(`  ${say('fix')}:`, ...d.fix.map((e) => `    ${e}`));
		lines.push('', `  ${say('lesson')}: content/debug/${diagnosisLesson(d)}.md`);
	}
	return lines.join('\n');
}

/** `file:line: server.cfg plugin.psk sha256:… ≠ bundle's sha256:…` for each secret that differs. */
async function bundleMismatches(
	bundle: NonNullable<LoadedAnswers['bundle']>,
	system: SystemSettings,
	ingredients: Ingredients,
	io: CheckIO,
): Promise<string[]> {
	const read = async (which: 'client' | 'server') => {
		const path = await configPath(which, system, ingredients, io);
		const r = await io.readFile(path);
		return 'text' in r ? {path, text: r.text} : undefined;
	};
	const [client, server] = [await read('client'), await read('server')];
	// loaded here: its XML parser costs ~150 ms at start-up, which `check` without a bundle never pays
	const {lintFiles} = await import('../core/lint-files.js');
	return lintFiles({...(client ? {client} : {}), ...(server ? {server} : {}), bundle})
		.filter((f) => f.id === 'bundle-secret-mismatch')
		.map((f) => `${f.file}:${f.line ?? '?'}: ${f.message}`);
}

/** The client.cfg / server.cfg the checks read: the answers' [system] path, else the live one. */
async function configPath(
	which: 'client' | 'server',
	system: SystemSettings,
	ingredients: Ingredients,
	io: CheckIO,
): Promise<string> {
	return (
		(which === 'client' ? system.clientConfig : system.serverConfig) ??
		(await io.liveConfig(which, ingredients.platform)).path
	);
}

/** The check command's view of the outside world; tests pass a fake host. */
export type CheckDeps = {
	readonly facts: (system: SystemSettings, platform: Ingredients['platform']) => Promise<HostFacts>;
	readonly run: typeof runLandmark;
	readonly io: CheckIO;
};

const realDeps: CheckDeps = {facts: gatherHostFacts, run: runLandmark, io: nodeCheckIO};

/** Exit status of a report: 0 passed, 1 failed, NOT_HERE the landmark belongs to another host. */
const exitOf = (r: CheckOutcome) => (!r.ran ? EXIT_NOT_HERE : r.report.ok ? 0 : 1);
/** Worst wins when several landmarks ran: a failure over "not here" over a pass. */
const SEVERITY = [0, EXIT_NOT_HERE, 1];

type CheckOutcome =
	| {readonly ran: true; readonly report: LandmarkReport}
	| {readonly ran: false; readonly step: CheckStep; readonly runOn: RunOn; readonly text: string};

export async function runCheck(
	opts: CheckOptions,
	out: (text: string) => void,
	err: (text: string) => void,
	deps: CheckDeps = realDeps,
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
		const head = checkWords(readContent(CHECK_CONTENT), 'answers-unusable', {answers: opts.answers});
		err(forTerminal(`${head}\n  ${problems.join('\n  ')}\n`));
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
	// and those of the files the checks will read through deps.io, which may not be at a usual place
	for (const which of ['client', 'server'] as const) {
		const r = await deps.io.readFile(await configPath(which, system, ingredients, deps.io));
		if ('text' in r) secrets.push(...secretsInConfig(r.text));
	}
	const facts = await deps.facts(answers.system, ingredients.platform);
	const decision = decideRoles({
		...(opts.role ? {flag: opts.role} : {}),
		...(answers.system.role ? {answers: answers.system.role} : {}),
		facts,
		ingredients,
	});
	const words = readContent(ROLES_CONTENT);
	const roles = decision.roles;
	const evidenceOf = (e: RoleEvidence | undefined) => (e ? evidenceText(words, e) : undefined);
	const why =
		decision.source === 'detected'
			? evidenceOf(decision.evidence.find((e) => roles.includes(e.role)))
			: undefined;

	const runOne = async (step: CheckStep): Promise<CheckOutcome> => {
		const landmark = stepFor(step);
		if (!isHere(landmark, roles)) {
			// Its files and logs live on another host: say where, never diagnose from absence here.
			const target = runOn(landmark, ingredients, {answers: opts.answers, command: 'check'});
			const text = fill(
				roleSection(words, 'not-here'),
				elsewhereValues({
					markdown: words,
					step: landmark,
					roles,
					hostname: facts.hostname,
					runOn: target,
					answers: opts.answers,
					...(why ? {why} : {}),
				}),
			);
			return {ran: false, step, runOn: target, text};
		}
		const report = await deps.run(
			step,
			{
				io: deps.io,
				ingredients,
				system: answers.system,
				roles,
				timeoutMs: opts.timeout * 1000,
				// without a terminal nothing is changed unless --yes says so
				confirm: async () => opts.yes === true,
			},
			opts.json
				? {}
				: {
						onProgress: (e) => {
							if (e.phase === 'start') err(forTerminal(`… ${e.checkId}\n`));
							else if (e.phase === 'note' && e.note) err(forTerminal(`  ${e.checkId}: ${e.note}\n`));
						},
					},
		);
		// kept (redacted) for `mco-wizard report`
		await recordLastRun({...reportJson(report), at: new Date().toISOString()}, secrets);
		return {ran: true, report};
	};

	// A landmark that ran keeps the documented shape; only "not here" carries `ran: false`.
	const toJson = (o: CheckOutcome) =>
		o.ran
			? reportJson(o.report)
			: {step: o.step, ran: false, reason: 'not-here', role: roles, runOn: o.runOn};
	const toText = (o: CheckOutcome) => (o.ran ? formatReport(o.report) : o.text);

	// carried in a bundle: this host's files are compared with the bundle's fingerprints
	const mismatches = answers.bundle
		? await bundleMismatches(answers.bundle, answers.system, ingredients, deps.io)
		: [];
	const bundleJson = answers.bundle ? {bundle: {mismatches}} : {};
	const checkText = readContent(CHECK_CONTENT);
	const bundleText = mismatches.length
		? ['', checkWords(checkText, 'bundle'), ...mismatches.map((m) => `  ${m}`)]
		: [];
	// Redacted before encoding: JSON escapes a secret's `"` or `\`, which redaction would then miss.
	const json = (value: object) => JSON.stringify(redactDeep(value, secrets));
	const human = (lines: readonly string[]) => forTerminal(redact(lines.join('\n'), secrets));

	if (opts.step) {
		const outcome = await runOne(opts.step);
		out(
			`${opts.json ? json({...toJson(outcome), ...bundleJson}) : human([toText(outcome), ...bundleText])}\n`,
		);
		return exitOf(outcome);
	}

	// No --step: every landmark of this host's roles, in order, as oo-diagnostics runs per role.
	if (roles.length === 0) err(`${roleSection(words, 'no-role')}\n`);
	const steps = CHECK_STEPS.filter((s) => isHere(stepFor(s), roles));
	const outcomes: CheckOutcome[] = [];
	for (const step of steps) outcomes.push(await runOne(step));
	const code = outcomes.map(exitOf).reduce((a, b) => (SEVERITY.indexOf(b) > SEVERITY.indexOf(a) ? b : a), 0);
	if (opts.json) {
		const body = {
			host: facts.hostname,
			role: roles,
			ok: code === 0,
			landmarks: outcomes.map(toJson),
		};
		out(`${json({...body, ...bundleJson})}\n`);
		return code;
	}
	const summary = outcomes.map((o) => {
		const s = stepFor(o.ran ? (o.report.step as CheckStep) : o.step);
		const verdict = o.ran
			? o.report.ok
				? checkWords(checkText, 'passed')
				: o.report.diagnosis?.id
					? checkWords(checkText, 'failed-with', {id: o.report.diagnosis.id})
					: checkWords(checkText, 'failed')
			: checkWords(checkText, 'not-here');
		return `  ${s.number} ${s.title.padEnd(22)} ${verdict}`;
	});
	const head = fill(roleSection(words, 'summary'), {
		hostname: facts.hostname,
		roles: rolesLabel(words, roles),
		count: outcomes.length,
		verdict: checkWords(checkText, code === 0 ? 'all-passed' : 'not-all-passed'),
	});
	out(`${human([...outcomes.map(toText), '', head, ...summary, ...bundleText])}\n`);
	return code;
}
