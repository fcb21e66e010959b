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
 * Words that belong to a screen rather than a step: the start menu, the per-field lessons, the
 * debugging view's labels, the key line's shorter words, the write screens, the bundle export, the
 * wizard's own warnings and headings, the ingredients' names, the check command's words; `shell`
 * the plain first frame drawn before Ink has loaded (src/core/first-frame.ts); `help` the command
 * line's --help (src/core/help-words.ts).
 */
export const SCREEN_CONTENT = [
	'start',
	'ingredient-fields',
	'debug-view',
	'keys',
	'write-config',
	'export',
	'wizard',
	'landmark',
	'report',
	'progress',
	'ingredients-form',
	'shell',
	'ingredient-labels',
	'check',
	'help',
] as const;

export {contentSection} from './core/markdown.js';
