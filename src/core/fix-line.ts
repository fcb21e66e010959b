/**
 * One line of a diagnosis's fix (or tell-apart) list is one of three things: a command to run, a
 * `# comment`, or a line to put in a file. A file line is written `+ line`, as a diff adds it, so
 * the data stays plain strings (`check`, `--json`, the report print it as is) and the views never
 * show file content behind a `$` as if it were a shell command.
 */
export type FixLine =
	| {readonly kind: 'command'; readonly text: string}
	| {readonly kind: 'comment'; readonly text: string}
	| {readonly kind: 'file-line'; readonly text: string};

const FILE_LINE = '+ ';

/** `text` as a line to add to a file. */
export function fileLine(text: string): string {
	return `${FILE_LINE}${text}`;
}

/** What a fix line is, and its text without the marker (a comment keeps its `#`). */
export function fixLine(line: string): FixLine {
	if (line.startsWith('#')) return {kind: 'comment', text: line};
	if (line.startsWith(FILE_LINE)) return {kind: 'file-line', text: line.slice(FILE_LINE.length)};
	return {kind: 'command', text: line};
}
