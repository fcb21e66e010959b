/**
 * The unified diff shown before a config file is written. Both sides are redacted first (secret
 * lines become `<secret sha256:xxxxxxxx>`), so no secret appears while a changed secret still
 * shows as a changed line: its fingerprint differs.
 */
import {createTwoFilesPatch, FILE_HEADERS_ONLY} from 'diff';
import {redact, secretsInConfig} from './secrets.js';

export type DiffOptions = {
	/** Shown in the `---`/`+++` headers. */
	readonly path: string;
	/** Known secret values (ingredients) to redact wherever they appear, not only on secret lines. */
	readonly secrets?: readonly string[];
	/** Lines of context around each change. */
	readonly context?: number;
};

/**
 * A redacted unified diff from `before` (undefined: the file does not exist yet) to `after`.
 * Returns '' when nothing changes.
 */
export function configDiff(before: string | undefined, after: string, options: DiffOptions): string {
	if (before === after) return '';
	// also the secrets the files themselves hold: the old file may have other ones than the
	// ingredients, e.g. a password on a second `.user` line (the seed's trap), shown as a `-` line
	const secrets = [...(options.secrets ?? []), ...secretsInConfig(before ?? ''), ...secretsInConfig(after)];
	const oldText = before === undefined ? '' : redact(before, secrets);
	const newText = redact(after, secrets);
	if (oldText === newText) {
		// Only possible if redaction hid a difference (e.g. whitespace after a secret): still say so.
		return `--- ${options.path}\n+++ ${options.path}\n(only redacted or whitespace content differs)\n`;
	}
	return createTwoFilesPatch(
		before === undefined ? '/dev/null' : options.path,
		options.path,
		oldText,
		newText,
		before === undefined ? undefined : 'current',
		'proposed',
		{context: options.context ?? 3, headerOptions: FILE_HEADERS_ONLY},
	);
}

/** Counts of added and removed lines in a unified diff, for a one-line summary. */
export function diffStat(diff: string): {added: number; removed: number} {
	let added = 0;
	let removed = 0;
	for (const line of diff.split('\n')) {
		if (line.startsWith('+') && !line.startsWith('+++')) added++;
		else if (line.startsWith('-') && !line.startsWith('---')) removed++;
	}
	return {added, removed};
}
