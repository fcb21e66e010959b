/**
 * `mco-wizard report`: the markdown an operator attaches to a ticket. Pure: the gathering is in
 * io/report-gather.ts. Every string is redacted (every secret value from the answers and the
 * config files) and made terminal-safe here, as the last step, so no section can forget it.
 */
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

function lintLines(findings: readonly LintFinding[], cell: (s: string) => string): string[] {
	if (findings.length === 0) return ['No findings.'];
	return findings.map(
		(f) =>
			`- **${f.severity}** \`${f.rule}\`${f.file ? ` (${f.file}.cfg)` : ''}${f.line ? ` line ${f.line}` : ''}: ${cell(f.message)}${f.fix ? ` — fix: ${cell(f.fix)}` : ''}`,
	);
}

export function formatReport(input: ReportInput, secrets: readonly string[]): string {
	const cell = cellOf(secrets);
	const out: string[] = [
		'# mco-wizard report',
		'',
		`Generated ${input.generatedAt} on ${cell(input.hostname)}. Secrets are replaced by fingerprints.`,
		'',
		'## Versions',
		'',
		'| Component | Version |',
		'| --- | --- |',
		...input.versions.map((v) => `| ${cell(v.name)} | ${cell(v.version)} |`),
		'',
		'## Live configuration files',
		'',
	];
	for (const f of input.files) {
		out.push(
			`- ${f.role}.cfg: \`${cell(f.path)}\` (${f.why}${f.exists ? '' : '; does not exist'})`,
			...f.shadowed.map((s) => `  - shadowed, edits here have no effect: \`${cell(s)}\``),
		);
	}
	out.push('', '## Lint', '');
	for (const f of input.files) {
		out.push(`### ${f.role}.cfg`, '', ...(f.lint === null ? ['Not read.'] : lintLines(f.lint, cell)), '');
	}
	out.push('### client.cfg and server.cfg together', '', ...lintLines(input.pairLint, cell), '');
	out.push('## Landmarks (last run of each)', '');
	for (const l of input.landmarks) {
		out.push(`### ${l.id}: ${l.status}${l.at ? ` (${l.at})` : ''}`, '');
		const run = l.lastRun;
		if (!run) {
			out.push('No recorded run.', '');
			continue;
		}
		out.push(`Last run ${run.at}: ${run.ok ? 'passed' : 'failed'}.`, '');
		out.push('| Check | Result | ms | Evidence |', '| --- | --- | ---: | --- |');
		for (const c of run.checks)
			out.push(`| ${cell(c.id)} | ${c.ok ? 'ok' : 'FAIL'} | ${c.ms} | ${cell(c.evidence)} |`);
		out.push('');
		const d = run.diagnosis;
		if (d) {
			out.push(`Diagnosis **${cell(d.id ?? 'not decided here')}**${d.title ? `: ${cell(d.title)}` : ''}`, '');
			out.push(
				...d.evidence.map((e) => `- evidence: ${cell(e)}`),
				...(d.candidates ?? []).map((c) => `- still possible: ${cell(c.id)} (${cell(c.why)})`),
				...(d.decide ? [`- decide on ${cell(d.decide.host)}: \`${cell(d.decide.command)}\``] : []),
				...d.fix.map((e) => `- fix: ${cell(e)}`),
				'',
			);
		}
	}
	out.push('## Node log since the daemon last started', '');
	const log = input.nodeLog;
	if (!log) out.push('No node log found.');
	else {
		out.push(`From \`${cell(log.path)}\`${log.note ? ` (${log.note})` : ''}:`, '');
		if (log.lines.length === 0) out.push('No relevant lines.');
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
