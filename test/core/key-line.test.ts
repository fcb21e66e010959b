import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {hintsFor} from '../../src/app-hints.js';
import {readContent} from '../../src/content.js';
import {
	fitKeyLine,
	type Hint,
	NARROW_SEPARATOR,
	parseShorter,
	SEPARATOR,
	shorten,
	wordHints,
} from '../../src/core/key-line.js';

const keys = readContent('keys');
const shorter = parseShorter(keys);
const TYPING = wordHints(
	hintsFor({
		typing: true,
		gate: false,
		mapOpen: false,
		screen: 'ingredients',
		pendingSkip: false,
		debugShown: false,
	}),
	keys,
);
const text = (line: readonly Hint[], separator: string) => line.map(([k, a]) => `${k} ${a}`).join(separator);

describe('key line', () => {
	it('keeps the full words when they fit', () => {
		const fit = fitKeyLine(TYPING, 120, shorter);
		assert.deepEqual(fit, {lines: [TYPING], separator: SEPARATOR});
	});

	it("takes content/keys.md's shorter words, then a narrower separator, to stay on one line at 80", () => {
		const fit = fitKeyLine(TYPING, 80, shorter);
		assert.equal(fit.lines.length, 1);
		const line = text(fit.lines[0] ?? [], fit.separator);
		assert.ok([...line].length <= 80, line);
		assert.match(line, /Ctrl-G secret/);
		assert.match(line, /Ctrl-C save\+quit$/);
		assert.equal(fit.separator, NARROW_SEPARATOR);
	});

	it('breaks between hints, never inside one, when even the short line is too wide', () => {
		const fit = fitKeyLine(TYPING, 30, shorter);
		assert.ok(fit.lines.length > 1);
		assert.deepEqual(
			fit.lines.flat().map(([key]) => key),
			TYPING.map(([key]) => key),
		);
		for (const line of fit.lines) assert.ok([...text(line, fit.separator)].length <= 30);
	});

	it('fills the {name} parts of a templated action into its shorter words', () => {
		assert.equal(shorten('retry from stomp-login', shorter), 'retry stomp-login');
		assert.equal(shorten('scroll (3–20 of 45)', shorter), '3–20/45');
		assert.equal(shorten('map', shorter), 'map', 'no shorter words: the action itself');
	});
});

describe("the key line's words are content/keys.md's", () => {
	it('every action id the app and the lesson pager name has words, and a trainer can change them', () => {
		const states = [
			{
				typing: true,
				gate: false,
				mapOpen: false,
				screen: 'ingredients',
				pendingSkip: false,
				debugShown: false,
			},
			{typing: true, gate: true, mapOpen: false, screen: 'checks', pendingSkip: false, debugShown: false},
			{typing: true, gate: false, mapOpen: false, screen: 'export', pendingSkip: false, debugShown: false},
			{typing: false, gate: false, mapOpen: true, screen: 'checks', pendingSkip: false, debugShown: false},
			{typing: false, gate: false, mapOpen: false, screen: 'checks', pendingSkip: true, debugShown: false},
			...['checks', 'elsewhere', 'elsewhere-export', 'write-config', 'done'].flatMap((screen) =>
				[false, true].map((debugShown) => ({
					typing: false,
					gate: false,
					mapOpen: false,
					screen,
					pendingSkip: false,
					debugShown,
				})),
			),
		];
		const ids = new Set([
			...states.flatMap((st) => hintsFor(st).map(([, action]) => action)),
			'back-to-checks',
			'scroll-position',
		]);
		const listed = new Set(
			[...(keys.split('## actions')[1]?.split('\n## ')[0] ?? '').matchAll(/^- ([a-z-]+): /gm)].map(
				(m) => m[1],
			),
		);
		for (const id of ids) assert.ok(listed.has(id), `content/keys.md ## actions has no ${id}`);
		// changed words in the markdown change the line, no code involved
		const changed = keys.replace('- next-landmark: next landmark', '- next-landmark: weiter');
		assert.deepEqual(wordHints([['Enter', 'next-landmark']], changed), [['Enter', 'weiter']]);
		assert.deepEqual(wordHints([['↑/↓', 'scroll-position', {from: 1, to: 20, total: 42}]], keys), [
			['↑/↓', 'scroll (1–20 of 42)'],
		]);
		assert.deepEqual(wordHints([['r', 'retry from stomp-login']], keys), [['r', 'retry from stomp-login']]);
	});
});
