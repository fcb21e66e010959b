/**
 * Issue 11: lessons must read well at 80×24. The lesson for the field in focus is readable in
 * full under the form (PgUp/PgDn when it is longer than the box), and after declining to write
 * the configs Enter goes on with the files as they are.
 */
import assert from 'node:assert/strict';
import {afterEach, describe, it} from 'node:test';
import {App} from '../../src/app.js';
import {contentSection, readContent} from '../../src/content.js';
import {fieldLabel, INGREDIENT_WORDS_CONTENT} from '../../src/core/ingredient-words.js';
import {INGREDIENT_FIELDS} from '../../src/core/ingredients.js';
import {resume} from '../../src/core/machine.js';
import {SEED_INGREDIENTS} from '../fixtures/sample-ingredients.js';
import {DOWN, ENTER, PAGE_DOWN, UP} from '../helpers/keys.js';
import {type Rendered, renderApp} from '../helpers/render-app.js';
import {type FakeDeps, fakeDeps} from './fake-deps.js';

let screen: Rendered | undefined;
afterEach(() => screen?.unmount());

async function renderWizard(deps: FakeDeps) {
	screen = await renderApp(
		<App
			deps={deps}
			initial={resume('ingredients')}
			ingredients={SEED_INGREDIENTS}
			saveSecrets
			dryRun={false}
			progressPath="/tmp/progress.ini"
		/>,
		{columns: 80, rows: 24},
	);
	return screen;
}

/** The words a learner must be able to read: the section's prose without markdown marks. */
function words(markdown: string): string[] {
	return markdown
		.replace(/[`*]/g, '')
		.split(/\s+/)
		.filter((w) => w !== '');
}

/** The rows under the form's lesson rule (the rule names the field in focus). */
function lessonRows(frame: string): string[] {
	const rows = frame.split('\n');
	const rule = rows.findIndex((r) => r.startsWith('── '));
	return rule < 0 ? [] : rows.slice(rule + 1, rows.length - 1);
}

describe('lessons at 80×24', () => {
	it('the lesson of every field in focus can be read in full, scrolling with PgDn', async () => {
		const s = await renderWizard(fakeDeps());
		const lessons = readContent('ingredient-fields');
		const labels = readContent(INGREDIENT_WORDS_CONTENT);
		for (let i = 0; i < 12; i++) await s.press(UP);
		for (const [index, field] of INGREDIENT_FIELDS.entries()) {
			if (index > 0) await s.press(DOWN);
			const section = contentSection(lessons, field.key);
			assert.ok(section, `content/ingredient-fields.md has no section for ${field.key}`);
			const frame = s.frame();
			assert.equal(frame.split('\n').length <= 24, true, 'the frame fits 24 rows');
			const label = fieldLabel(labels, field.key);
			assert.match(frame, new RegExp(`^── ${label}`, 'm'), `the rule names ${label}`);
			const seen: string[] = [...lessonRows(frame)];
			for (let page = 0; page < 5; page++) {
				await s.press(PAGE_DOWN);
				seen.push(...lessonRows(s.frame()));
			}
			const shown = new Set(words(seen.join('\n')));
			const body = section.split('\n').slice(1).join('\n');
			const missing = words(body).filter((w) => !shown.has(w));
			assert.deepEqual(missing, [], `${field.key}: words of its lesson never shown at 80×24`);
		}
	});

	it('after n (decline to write), Enter goes on to the next landmark with the files as they are', async () => {
		const deps = fakeDeps();
		const s = await renderWizard(deps);
		for (let i = 0; i < INGREDIENT_FIELDS.length; i++) await s.press(ENTER);
		await s.waitFor(/Write 1 file/);
		await s.press('n');
		assert.match(s.text(), /Enter goes on with the files as they are/);
		await s.press(ENTER);
		// the next landmark: the message broker host's (every landmark is here when roles are not known)
		await s.waitFor(() => /▶ 1b ActiveMQ/.test(s.frame().split('\n')[0] ?? ''));
		assert.equal(deps.applied.length, 0, 'nothing was written');
		assert.doesNotMatch(s.frame().split('\n')[0] ?? '', /✓ 1 /, 'landmark 1 is not claimed as passed');
	});
});
