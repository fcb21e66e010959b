/**
 * Keeps steps/ (data) and content/ (prose) consistent: every lesson a step names exists, every
 * lesson file is named by a step, every check has a title, and every landmark lesson explains
 * each of its checks. That every check id has a rung is test/checks/ladders.test.ts.
 */
import assert from 'node:assert/strict';
import {readdirSync, readFileSync} from 'node:fs';
import {relative} from 'node:path';
import {describe, it} from 'node:test';
import {fileURLToPath} from 'node:url';
import {PROGRESS_CONTENT, PROGRESS_SECTIONS} from '../src/components/ProgressMap.js';
import {CONTENT_DIR, readContent, SCREEN_CONTENT} from '../src/content.js';
import {CHECK_CONTENT, CHECK_SECTIONS} from '../src/core/check-words.js';
import {HELP_CONTENT, HELP_SECTIONS} from '../src/core/help-words.js';
import {INGREDIENT_WORD_SECTIONS, INGREDIENT_WORDS_CONTENT} from '../src/core/ingredient-words.js';
import {contentSection, parseMarkdown} from '../src/core/markdown.js';
import {REPORT_CONTENT, REPORT_SECTIONS} from '../src/core/report.js';
import {EVIDENCE_SECTIONS} from '../src/core/role.js';
import {LANDMARK_IDS} from '../src/core/types.js';
import {WIZARD_CONTENT, WIZARD_SECTIONS} from '../src/core/wizard-words.js';
import {FORM_CONTENT, FORM_SECTIONS} from '../src/screens/IngredientsScreen.js';
import {LANDMARK_CONTENT, LANDMARK_SCREEN_SECTIONS} from '../src/screens/LandmarkScreen.js';
import {WRITE_SECTIONS} from '../src/screens/WriteConfigScreen.js';
import {DEBUG_STEPS, UNCATALOGUED_STEPS, UNDECIDED_STEPS} from '../steps/debug/index.js';
import {LANDMARK_STEPS} from '../steps/index.js';
import {ROLE_SECTIONS, ROLES_CONTENT} from '../steps/roles.js';

/** The labels and sentences of content/debug-view.md the code reads by name. */
const DEBUG_VIEW_SECTIONS = [
	'failed-at',
	'evidence',
	'not-observed',
	'still-possible',
	'decide-on',
	'tell-apart',
	'fix',
	'lesson',
	'no-entry',
	'not-decided',
	'not-in-catalogue',
	'retry-from',
	'the-start',
	'back',
	'scroll',
	'node-log-not-read',
	'server-cfg-not-read',
	'wire-not-read',
];

function contentFiles(dir: string): string[] {
	const root = fileURLToPath(CONTENT_DIR);
	const out: string[] = [];
	for (const entry of readdirSync(dir, {withFileTypes: true})) {
		const path = `${dir}/${entry.name}`;
		if (entry.isDirectory()) out.push(...contentFiles(path));
		else if (entry.name.endsWith('.md')) out.push(relative(root, path).replace(/\.md$/, ''));
	}
	return out;
}

describe('steps/ and content/', () => {
	it('declares the landmarks in the seed order (the message broker host after the ingredients), each once', () => {
		assert.deepEqual(
			LANDMARK_STEPS.map((s) => s.id),
			[...LANDMARK_IDS],
		);
		assert.deepEqual(
			LANDMARK_STEPS.map((s) => s.number),
			[1, '1b', 2, 3, 4, 5],
		);
	});

	it('every onPass target is a landmark or done, and the chain reaches done', () => {
		const ids = new Set<string>(LANDMARK_IDS);
		for (const step of LANDMARK_STEPS) assert.ok(step.onPass === 'done' || ids.has(step.onPass), step.id);
		let at: string = LANDMARK_STEPS[0]?.id ?? '';
		const seen = new Set<string>();
		while (at !== 'done') {
			assert.ok(!seen.has(at), `onPass loops at ${at}`);
			seen.add(at);
			at = LANDMARK_STEPS.find((s) => s.id === at)?.onPass ?? 'missing';
			assert.notEqual(at, 'missing');
		}
		assert.equal(seen.size, LANDMARK_STEPS.length, 'every landmark is on the way to done');
	});

	it('every lesson a step names has a file, and every file is named by a step', () => {
		const named = new Set<string>([
			...LANDMARK_STEPS.map((s) => s.content),
			...DEBUG_STEPS.map((s) => s.content),
			...SCREEN_CONTENT,
			ROLES_CONTENT,
			...UNDECIDED_STEPS.map((s) => s.content),
			...UNCATALOGUED_STEPS.map((s) => s.content),
		]);
		for (const id of named) assert.doesNotThrow(() => readContent(id), `content/${id}.md is missing`);
		const files = contentFiles(fileURLToPath(CONTENT_DIR).replace(/\/$/, ''));
		// content/practice/ holds the practice range's scenario briefs (test/practice/scenarios.test.ts)
		const orphans = files.filter((f) => !named.has(f) && !f.startsWith('practice/'));
		assert.deepEqual(orphans, [], 'content files no step refers to');
	});

	it('every roles.md section the code reads is there, and every landmark names where it runs', () => {
		const words = readContent(ROLES_CONTENT);
		for (const section of [...ROLE_SECTIONS, ...EVIDENCE_SECTIONS])
			assert.ok(contentSection(words, section), `content/${ROLES_CONTENT}.md has no ## ${section}`);
		for (const step of LANDMARK_STEPS) assert.ok(step.roles.length > 0, `${step.id}: no roles`);
	});

	it("every section of a screen's own content file is there, and no other (a trainer edits them all)", () => {
		const files: [string, readonly string[]][] = [
			[WIZARD_CONTENT, WIZARD_SECTIONS],
			[LANDMARK_CONTENT, LANDMARK_SCREEN_SECTIONS],
			[REPORT_CONTENT, REPORT_SECTIONS],
			[PROGRESS_CONTENT, PROGRESS_SECTIONS],
			['write-config', WRITE_SECTIONS],
			[FORM_CONTENT, FORM_SECTIONS],
			[CHECK_CONTENT, CHECK_SECTIONS],
			[HELP_CONTENT, HELP_SECTIONS],
		];
		for (const [file, sections] of files) {
			const words = readContent(file);
			for (const section of sections)
				assert.ok(contentSection(words, section), `content/${file}.md has no ## ${section}`);
			const present = [...words.matchAll(/^## ([a-z-]+)$/gm)].map((m) => m[1]);
			assert.deepEqual(present.sort(), [...sections].sort(), `content/${file}.md`);
		}
	});

	it("every field's name and help is in content/ingredient-labels.md, and nothing else", () => {
		const words = readContent(INGREDIENT_WORDS_CONTENT);
		for (const section of INGREDIENT_WORD_SECTIONS)
			assert.ok(
				contentSection(words, section),
				`content/${INGREDIENT_WORDS_CONTENT}.md has no ## ${section}`,
			);
		const present = [...words.matchAll(/^## (\S+)$/gm)].map((m) => m[1]);
		assert.deepEqual(present.sort(), [...INGREDIENT_WORD_SECTIONS].sort());
	});

	it('every content/debug-view.md section the debugging view and `check` read is there', () => {
		const words = readContent('debug-view');
		for (const section of DEBUG_VIEW_SECTIONS)
			assert.ok(contentSection(words, section), `content/debug-view.md has no ## ${section}`);
		const used = new Set(
			['src/screens/DebugScreen.tsx', 'src/commands/check.ts', 'src/core/diagnose.ts'].flatMap((file) =>
				[...readFileSync(file, 'utf8').matchAll(/(?:say|wordsFor\(words,) ?\(?'([a-z-]+)'/g)].map(
					(m) => m[1],
				),
			),
		);
		// the code reads exactly these: none missing from the list, none left in content/ unread
		assert.deepEqual([...used].sort(), [...DEBUG_VIEW_SECTIONS].sort());
	});

	it('every check has a title', () => {
		for (const step of LANDMARK_STEPS) {
			assert.ok(
				step.checks.every((c) => c.title.trim() !== ''),
				`${step.id}: a check without a title`,
			);
		}
	});

	it('each landmark lesson explains every one of its checks by id', () => {
		for (const step of LANDMARK_STEPS) {
			const blocks = parseMarkdown(readContent(step.content));
			assert.equal(blocks[0]?.kind, 'heading', `${step.content}.md starts with a heading`);
			const explained = new Set(
				blocks.flatMap((b) => (b.kind === 'item' && b.text[0]?.style === 'code' ? [b.text[0].text] : [])),
			);
			for (const check of step.checks) {
				assert.ok(explained.has(check.id), `content/${step.content}.md does not explain \`${check.id}\``);
			}
		}
	});

	it('every debug step names a lesson whose heading is its title, and retries from a rung steps/ lists', () => {
		const rungs = new Set(LANDMARK_STEPS.flatMap((s) => s.checks.map((c) => c.id)));
		for (const d of DEBUG_STEPS) {
			assert.equal(d.content, `debug/${d.failure}`);
			assert.match(readContent(d.content), /^# \S.+\n/, `content/${d.content}.md starts with its title`);
			if (d.retry.from !== 'failed-rung') assert.ok(rungs.has(d.retry.from), `${d.id}: ${d.retry.from}`);
		}
	});

	it('the Ingredients lesson carries the seed teaching text shown beside the form', () => {
		const lesson = readContent('ingredients');
		assert.match(lesson, /^## Two passwords and one username$/m);
		assert.match(lesson, /^## Broker vs message broker$/m);
		assert.match(lesson, /legacy/);
	});
});
