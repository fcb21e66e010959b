/**
 * `mco-wizard report`: the markdown an operator attaches to a ticket. Pure: the gathering is in
 * io/report-gather.ts. Every string is redacted (every secret value from the answers and the
 * config files) and made terminal-safe here, as the last step, so no section can forget it.
 */
import {wordsFor} from './content-words.js';
import type {LintFinding} from './mco-config/lint.js';
import {forTerminal} from './sanitize.js';
import {redact} from './secrets.js';

/** One landmark's last run as `check` or the wizard recorded it (already redacted when stored). */
export type LastRun = {
	readonly at: string;
	readonly ok: boolean;
	readonly checks: ReadonlyArray<{
		readonly id: string;
		readonly ok: boolean;
		readonly ms: number;
		readonly evidence: string;
	}>;
	readonly diagnosis: null | {
		/** null: not decided from that host (the candidates and the deciding command say what remains). */
		readonly id: string | null;
		readonly title?: string;
		readonly evidence: readonly string[];
		readonly candidates?: ReadonlyArray<{readonly id: string; readonly why: string}>;
		readonly decide?: null | {readonly host: string; readonly command: string};
		readonly fix: readonly string[];
	};
};

export type ReportFile = {
	readonly role: 'client' | 'server';
	/** The file the program loads. */
	readonly path: string;
	readonly why: string;
	readonly exists: boolean;
	/** Existing files the live one shadows (edits there have no effect). */
	readonly shadowed: readonly string[];
	/** null: not read (missing or unreadable). */
	readonly lint: readonly LintFinding[] | null;
};

export type ReportInput = {
	readonly generatedAt: string;
	readonly hostname: string;
	readonly versions: ReadonlyArray<{readonly name: string; readonly version: string}>;
	readonly files: readonly ReportFile[];
	/** Findings across client.cfg and server.cfg together (lintPair). */
	readonly pairLint: readonly LintFinding[];
	readonly landmarks: ReadonlyArray<{
		readonly id: string;
		readonly status: string;
		readonly at?: string;
		readonly lastRun?: LastRun;
	}>;
	readonly nodeLog: null | {
		readonly path: string;
		/** The relevant lines (classified) since the daemon last started. */
		readonly lines: ReadonlyArray<{readonly lineNo: number; readonly kind: string; readonly raw: string}>;
		readonly note?: string;
	};
};

/**
 * Text for a markdown table cell or code span: redacted FIRST (escaping a secret's `|` or backtick
 * would hide it from redaction), then no pipes, backticks or newlines breaking the layout.
 */
const cellOf = (secrets: readonly string[]) => (s: string) =>
	redact(s, secrets)
		.replace(/\|/g, '\\|')
		.replace(/`/g, "'")
		.replace(/[\r\n]+/g, ' ');

/** content/report.md */
export const REPORT_CONTENT = 'report';

/** The sections of content/report.md the report reads (test/steps-content.test.ts keeps them exact). */
export const REPORT_SECTIONS = [
	'title',
	'generated',
	'versions',
	'component',
	'version',
	'live-files',
	'does-not-exist',
	'shadowed',
	'lint',
	'not-read',
	'no-findings',
	'together',
	'line',
	'fix',
	'landmarks',
	'no-run',
	'last-run-passed',
	'last-run-failed',
	'check',
	'result',
	'evidence',
	'ok',
	'fail',
	'diagnosis',
	'not-decided',
	'evidence-item',
	'still-possible',
	'decide-on',
	'fix-item',
	'node-log',
	'no-node-log',
	'from',
	'no-lines',
] as const;

type Say = (
	name: (typeof REPORT_SECTIONS)[number],
	values?: Readonly<Record<string, string | number>>,
) => string;

function lintLines(findings: readonly LintFinding[], cell: (s: string) => string, say: Say): string[] {
	if (findings.length === 0) return [say('no-findings')];
	return findings.map(
		(f) =>
			`- **${f.severity}** \`${f.rule}\`${f.file ? ` (${f.file}.cfg)` : ''}${f.line ? ` ${say('line', {line: f.line})}` : ''}: ${cell(f.message)}${f.fix ? ` — ${say('fix')} ${cell(f.fix)}` : ''}`,
	);
}

/** The report; `words` is content/report.md (its labels), the values are redacted and escaped here. */
export function formatReport(input: ReportInput, secrets: readonly string[], words: string): string {
	const cell = cellOf(secrets);
	const say: Say = (name, values = {}) => wordsFor(words, name, values);
	const out: string[] = [
		`# ${say('title')}`,
		'',
		say('generated', {at: input.generatedAt, host: cell(input.hostname)}),
		'',
		`## ${say('versions')}`,
		'',
		`| ${say('component')} | ${say('version')} |`,
		'| --- | --- |',
		...input.versions.map((v) => `| ${cell(v.name)} | ${cell(v.version)} |`),
		'',
		`## ${say('live-files')}`,
		'',
	];
	for (const f of input.files) {
		out.push(
			`- ${f.role}.cfg: \`${cell(f.path)}\` (${f.why}${f.exists ? '' : `; ${say('does-not-exist')}`})`,
			...f.shadowed.map((s) => `  - ${say('shadowed')} \`${cell(s)}\``),
		);
	}
	out.push('', `## ${say('lint')}`, '');
	for (const f of input.files) {
		out.push(
			`### ${f.role}.cfg`,
			'',
			...(f.lint === null ? [say('not-read')] : lintLines(f.lint, cell, say)),
			'',
		);
	}
	out.push(`### ${say('together')}`, '', ...lintLines(input.pairLint, cell, say), '');
	out.push(`## ${say('landmarks')}`, '');
	for (const l of input.landmarks) {
		out.push(`### ${l.id}: ${l.status}${l.at ? ` (${l.at})` : ''}`, '');
		const run = l.lastRun;
		if (!run) {
			out.push(say('no-run'), '');
			continue;
		}
		out.push(say(run.ok ? 'last-run-passed' : 'last-run-failed', {at: run.at}), '');
		out.push(
			`| ${say('check')} | ${say('result')} | ms | ${say('evidence')} |`,
			'| --- | --- | ---: | --- |',
		);
		for (const c of run.checks)
			out.push(`| ${cell(c.id)} | ${say(c.ok ? 'ok' : 'fail')} | ${c.ms} | ${cell(c.evidence)} |`);
		out.push('');
		const d = run.diagnosis;
		if (d) {
			out.push(
				`${say('diagnosis')} **${cell(d.id ?? say('not-decided'))}**${d.title ? `: ${cell(d.title)}` : ''}`,
				'',
			);
			out.push(
				...d.evidence.map((e) => `- ${say('evidence-item')} ${cell(e)}`),
				...(d.candidates ?? []).map((c) => `- ${say('still-possible')} ${cell(c.id)} (${cell(c.why)})`),
				...(d.decide
					? [`- ${say('decide-on', {host: cell(d.decide.host)})} \`${cell(d.decide.command)}\``]
					: []),
				...d.fix.map((e) => `- ${say('fix-item')} ${cell(e)}`),
				'',
			);
		}
	}
	out.push(`## ${say('node-log')}`, '');
	const log = input.nodeLog;
	if (!log) out.push(say('no-node-log'));
	else {
		out.push(`${say('from', {path: `\`${cell(log.path)}\``})}${log.note ? ` (${log.note})` : ''}:`, '');
		if (log.lines.length === 0) out.push(say('no-lines'));
		else
			out.push(
				'```',
				...log.lines.map((l) => `${l.lineNo}: [${l.kind}] ${redact(l.raw, secrets).replace(/```/g, "'''")}`),
				'```',
			);
	}
	out.push('');
	// last, over everything: a secret cannot survive in any section, nor a control byte
	return forTerminal(redact(out.join('\n'), secrets));
}
