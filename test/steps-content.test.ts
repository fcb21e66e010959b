/**
 * Keeps steps/ (data) and content/ (prose) consistent: every lesson a step names exists, every
 * lesson file is named by a step, every check id a landmark lists is one the checks implement,
 * and every landmark lesson explains each of its checks.
 */
import assert from 'node:assert/strict';
import {readdirSync} from 'node:fs';
import {relative} from 'node:path';
import {describe, it} from 'node:test';
import {fileURLToPath} from 'node:url';
import {checkIds} from '../src/checks/index.js';
import {CONTENT_DIR, readContent} from '../src/content.js';
import {parseMarkdown} from '../src/core/markdown.js';
import {LANDMARK_IDS} from '../src/core/types.js';
import {DEBUG_STEPS} from '../steps/debug/index.js';
import {LANDMARK_STEPS} from '../steps/index.js';

/** The check ids agreed between steps/ and src/checks/ (shared contract of the five engineers). */
const CONTRACT: Record<string, readonly string[]> = {
	ingredients: [],
	client: ['client-config', 'client-lint', 'dns', 'tcp', 'stomp-login', 'subscribe', 'ping-empty'],
	server: ['server-lint', 'service-start', 'daemon-process', 'node-log'],
	e2e: ['ping-nodes', 'clock-offset'],
	agent: ['packages', 'agent-inventory', 'echo'],
};

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
	it('declares the five landmarks in the seed order, each once', () => {
		assert.deepEqual(
			LANDMARK_STEPS.map((s) => s.id),
			[...LANDMARK_IDS],
		);
		assert.deepEqual(
			LANDMARK_STEPS.map((s) => s.number),
			[1, 2, 3, 4, 5],
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
		const named = new Set([...LANDMARK_STEPS.map((s) => s.content), ...DEBUG_STEPS.map((s) => s.content)]);
		for (const id of named) assert.doesNotThrow(() => readContent(id), `content/${id}.md is missing`);
		const files = contentFiles(fileURLToPath(CONTENT_DIR).replace(/\/$/, ''));
		// content/practice/ holds the practice range's scenario briefs (test/practice/scenarios.test.ts)
		const orphans = files.filter((f) => !named.has(f) && !f.startsWith('practice/'));
		assert.deepEqual(orphans, [], 'content files no step refers to');
	});

	it('landmark check ids are the agreed ones, in ladder order, and match the implemented ladders', () => {
		for (const step of LANDMARK_STEPS) {
			assert.deepEqual(
				step.checks.map((c) => c.id),
				CONTRACT[step.id],
				step.id,
			);
			assert.ok(
				step.checks.every((c) => c.title.trim() !== ''),
				`${step.id}: a check without a title`,
			);
		}
		for (const step of LANDMARK_STEPS) {
			assert.deepEqual(
				step.checks.map((c) => c.id),
				checkIds(step.id),
				`steps/${step.id}.ts vs the ladder in src/checks/`,
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

	it('the Ingredients lesson carries the seed teaching text shown beside the form', () => {
		const lesson = readContent('ingredients');
		assert.match(lesson, /^## Two passwords and one username$/m);
		assert.match(lesson, /^## Broker vs message broker$/m);
		assert.match(lesson, /legacy/);
	});
});
