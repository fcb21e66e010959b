/**
 * Lessons live in content/<id>.md, read at run time (not bundled) so prose can change without a
 * build. The folder is found relative to this module: `../content/` is the same from src/ (tsx,
 * tests) and from dist/ (the esbuild bundle), and the npm package ships content/ next to dist/.
 */
import {readFileSync} from 'node:fs';

export const CONTENT_DIR = new URL('../content/', import.meta.url);

/** The markdown of lesson `id` (may contain a slash: `debug/connection-refused`). */
export function readContent(id: string): string {
	if (!/^[A-Za-z0-9][A-Za-z0-9/-]*$/.test(id) || id.includes('..')) throw new Error(`bad content id: ${id}`);
	return readFileSync(new URL(`${id}.md`, CONTENT_DIR), 'utf8');
}

/**
 * One `## heading` section of a lesson (heading included), or undefined. Lets a narrow screen show
 * just "Two passwords and one username" while a wide one shows the whole lesson.
 */
export function contentSection(markdown: string, heading: string): string | undefined {
	const lines = markdown.split('\n');
	const start = lines.findIndex((l) => /^##\s/.test(l) && l.replace(/^##\s+/, '').trim() === heading);
	if (start < 0) return undefined;
	const end = lines.findIndex((l, i) => i > start && /^#{1,2}\s/.test(l));
	return lines
		.slice(start, end < 0 ? undefined : end)
		.join('\n')
		.trim();
}
