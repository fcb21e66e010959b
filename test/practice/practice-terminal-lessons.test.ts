/**
 * Issue 11's lessons, in a real terminal (tmux, 80×24) on the practice range: the lesson of each
 * field in focus is readable in full under the Ingredients form (PgDn through it), and after
 * declining to write the configs (`n`) Enter goes on with the files as they are: nothing is
 * written, landmark 1 is not claimed, and the next landmark's checks read the files that are there.
 * test/screens/lessons-80x24.test.tsx holds the same in-process; this is what a learner sees.
 */
import assert from 'node:assert/strict';
import {mkdtemp, readFile, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {before, describe, it} from 'node:test';
import {fileURLToPath} from 'node:url';
import {contentSection, readContent} from '../../src/content.js';
import {fieldLabel, INGREDIENT_WORDS_CONTENT} from '../../src/core/ingredient-words.js';
import {INGREDIENT_FIELDS} from '../../src/core/ingredients.js';
import {
	buildBundle,
	capturePane,
	delay,
	hasTmux,
	killSession,
	startSession,
	tmux,
	waitForPane,
} from '../helpers/tmux.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The words a learner must be able to read: the section's prose without markdown marks. */
const words = (markdown: string) =>
	markdown
		.replace(/[`*]/g, '')
		.split(/\s+/)
		.filter((w) => w !== '');

/** The rows under the form's lesson rule (the rule names the field in focus), above the key line. */
function lessonRows(pane: string): string[] {
	const rows = pane.replace(/\n+$/, '').split('\n');
	const rule = rows.findIndex((r) => r.startsWith('── '));
	return rule < 0 ? [] : rows.slice(rule + 1, rows.length - 1);
}

describe('practice lessons in a real terminal at 80×24', {
	skip: hasTmux ? false : 'tmux is not installed',
}, () => {
	before(() => buildBundle(ROOT));
	it('every field in focus: its lesson read in full; after n, Enter goes on with the files as they are', {
		timeout: 170_000,
	}, async () => {
		const dir = await mkdtemp(join(tmpdir(), 'mco-practice-lessons-'));
		const session = `mco-practice-lessons-${process.pid}`;
		const keys = (...k: string[]) => tmux('send-keys', '-t', session, ...k);
		try {
			startSession(session, {cwd: ROOT, commands: `node dist/cli.cjs practice --dir ${dir}`});
			await waitForPane(session, /── ActiveMQ host ─/);
			const lessons = readContent('ingredient-fields');
			const labels = readContent(INGREDIENT_WORDS_CONTENT);
			for (const [index, field] of INGREDIENT_FIELDS.entries()) {
				if (index > 0) keys('Down');
				const pane = await waitForPane(
					session,
					new RegExp(`^── ${fieldLabel(labels, field.key)} ─`, 'm'),
					10_000,
				);
				const section = contentSection(lessons, field.key);
				assert.ok(section, `content/ingredient-fields.md has no section for ${field.key}`);
				const seen = [...lessonRows(pane)];
				let last = pane;
				for (let page = 0; page < 5; page++) {
					keys('PageDown');
					await delay(250);
					const now = capturePane(session);
					if (now === last) break;
					seen.push(...lessonRows(now));
					last = now;
				}
				const shown = new Set(words(seen.join('\n')));
				const missing = words(section.split('\n').slice(1).join('\n')).filter((w) => !shown.has(w));
				assert.deepEqual(missing, [], `${field.key}: words of its lesson never shown at 80×24`);
			}

			const before = {
				client: await readFile(join(dir, 'client.cfg'), 'utf8'),
				server: await readFile(join(dir, 'server.cfg'), 'utf8'),
			};
			for (let i = 0; i < 12 && !/\? y\/n/.test(capturePane(session)); i++) {
				keys('Enter');
				await delay(200);
			}
			await waitForPane(session, /Write .* \(backup kept, mode 0600\)\? y\/n/, 10_000);
			keys('n');
			await waitForPane(session, /Enter goes on with the files as they are/, 10_000);
			keys('Enter');
			const next = await waitForPane(
				session,
				/Landmark 2: MCollective client[\s\S]*Enter runs the checks/,
				10_000,
			);
			assert.doesNotMatch(next.split('\n')[0] ?? '', /✓ 1 /, 'landmark 1 is not claimed as passed');
			assert.equal(await readFile(join(dir, 'client.cfg'), 'utf8'), before.client, 'client.cfg as it was');
			assert.equal(await readFile(join(dir, 'server.cfg'), 'utf8'), before.server, 'server.cfg as it was');
			// the checks read the files that are there: the range's own, which are right
			keys('Enter');
			await waitForPane(session, /Landmark 2 verified/, 60_000);
		} finally {
			killSession(session);
			await rm(dir, {recursive: true, force: true, maxRetries: 10, retryDelay: 100});
		}
	});
});
