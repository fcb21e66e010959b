/**
 * `mco-wizard lint [FILE...] [--json] [--answers BUNDLE]`: the landmarks' lint as a command, for
 * client.cfg, server.cfg, the plugin.d/ files beside them, and activemq.xml (src/core/lint-files.ts).
 * Files are told apart by name (`*.xml`, `*server*`, `*client*`), then by content; with no file
 * it lints the ones this host has at the usual places. Each finding: file, line, id, severity,
 * message, fix. Exit 1 when any finding is an error, 0 otherwise, 2 for usage errors (an unknown
 * option, an unreadable file, a file it cannot place). Secrets appear only as fingerprints.
 */
import {readdir, readFile} from 'node:fs/promises';
import {basename, dirname, join} from 'node:path';
import type {FileFinding, LintFilesInput, TextFile} from '../core/lint-files.js';
import {redact} from '../core/secrets.js';
import {loadAnswers} from '../io/answers-file.js';
import {passphraseSource} from '../io/passphrase.js';

export type LintOptions = {
	readonly json?: boolean;
	readonly answers?: string;
	readonly passphraseFile?: string;
	readonly remoteClients?: boolean;
};

type Kind = 'client' | 'server' | 'activemq';

class UsageError extends Error {}

async function readText(path: string): Promise<string> {
	try {
		return await readFile(path, 'utf8');
	} catch (error) {
		throw new UsageError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
	}
}

/** What a file is: by its name, else by what is in it. */
export function kindOf(path: string, text: string): Kind | undefined {
	const name = basename(path).toLowerCase();
	if (name.endsWith('.xml') || /^\s*(<\?xml|<beans|<!--)/.test(text)) return 'activemq';
	if (name.includes('server')) return 'server';
	if (name.includes('client')) return 'client';
	// server.cfg has keys only mcollectived reads
	if (/^\s*(daemonize|registerinterval|factsource|classesfile|identity)\s*=/m.test(text)) return 'server';
	if (/^\s*[\w.]+\s*=/m.test(text)) return 'client';
	return undefined;
}

async function pluginD(cfg: string): Promise<TextFile[]> {
	const dir = join(dirname(cfg), 'plugin.d');
	let names: string[];
	try {
		names = (await readdir(dir)).sort();
	} catch {
		return [];
	}
	const out: TextFile[] = [];
	for (const name of names) {
		const path = join(dir, name);
		try {
			out.push({path, text: await readFile(path, 'utf8')});
		} catch {
			// a directory or an unreadable file: MCollective could not read it either
		}
	}
	return out;
}

async function firstExisting(paths: readonly string[]): Promise<string | undefined> {
	for (const p of paths) {
		try {
			await readFile(p);
			return p;
		} catch {}
	}
	return undefined;
}

/** The files this host has at the usual places, when none is named. */
async function defaultFiles(): Promise<string[]> {
	const {activemqXmlCandidates} = await import('../core/activemq-xml/render.js');
	const found = await Promise.all([
		firstExisting(['/etc/mcollective/client.cfg', '/opt/rh/ruby193/root/etc/mcollective/client.cfg']),
		firstExisting(['/etc/mcollective/server.cfg', '/opt/rh/ruby193/root/etc/mcollective/server.cfg']),
		firstExisting(activemqXmlCandidates()),
	]);
	return found.filter((p): p is string => p !== undefined);
}

export function formatFindings(findings: readonly FileFinding[]): string {
	if (findings.length === 0) return 'No findings.';
	const lines: string[] = [];
	for (const f of findings) {
		lines.push(`${f.file}${f.line ? `:${f.line}` : ''}: ${f.severity} [${f.id}] ${f.message}`);
		if (f.fix) lines.push(`    fix: ${f.fix}`);
	}
	const count = (s: string) => findings.filter((f) => f.severity === s).length;
	lines.push('', `${count('error')} error(s), ${count('warning')} warning(s), ${count('info')} note(s)`);
	return lines.join('\n');
}

export async function runLint(
	files: readonly string[],
	opts: LintOptions,
	out: (text: string) => void,
	err: (text: string) => void,
): Promise<number> {
	try {
		// imported when run, not when registered: the XML parser costs ~150 ms at every start-up
		const {lintFiles, secretsIn} = await import('../core/lint-files.js');
		const paths = files.length ? files : await defaultFiles();
		if (paths.length === 0)
			throw new UsageError(
				'no file named and none found at the usual places; name client.cfg, server.cfg or activemq.xml',
			);
		const input: {-readonly [K in keyof LintFilesInput]: LintFilesInput[K]} = {};
		for (const path of paths) {
			const text = await readText(path);
			const kind = kindOf(path, text);
			if (!kind) throw new UsageError(`cannot tell what ${path} is (client.cfg, server.cfg or activemq.xml)`);
			if (input[kind]) throw new UsageError(`two ${kind} files given (${input[kind]?.path} and ${path})`);
			input[kind] = kind === 'activemq' ? {path, text} : {path, text, pluginD: await pluginD(path)};
		}
		if (opts.remoteClients) input.remoteClients = true;
		let known: string[] = [];
		if (opts.answers) {
			const loaded = await loadAnswers(opts.answers, {
				passphrase: passphraseSource(opts.passphraseFile, `Passphrase of ${opts.answers}: `),
			});
			if (loaded.errors.length) throw new UsageError(loaded.errors.join('; '));
			if (loaded.bundle) input.bundle = loaded.bundle;
			known = [
				loaded.ingredients.topicPassword,
				loaded.ingredients.adminPassword,
				loaded.ingredients.psk,
			].filter((s): s is string => typeof s === 'string');
		}
		const secrets = [...secretsIn(input), ...known];
		// redacted field by field, before any encoding (a secret with `"` survives JSON escaping otherwise)
		const findings = lintFiles(input).map(
			(f): FileFinding => ({
				...f,
				message: redact(f.message, secrets),
				...(f.fix === undefined ? {} : {fix: redact(f.fix, secrets)}),
			}),
		);
		const ok = !findings.some((f) => f.severity === 'error');
		out(`${opts.json ? JSON.stringify({ok, files: paths, findings}) : formatFindings(findings)}\n`);
		return ok ? 0 : 1;
	} catch (error) {
		if (error instanceof UsageError) {
			err(`mco-wizard lint: ${error.message}\n`);
			return 2;
		}
		throw error;
	}
}
