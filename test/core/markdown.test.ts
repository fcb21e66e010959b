import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import fc from 'fast-check';
import {type Inline, parseInline, parseMarkdown, wrapInline} from '../../src/core/markdown.js';

const text = (line: readonly Inline[]) => line.map((p) => p.text).join('');

describe('lesson markdown', () => {
	it('parses headings, paragraphs joined across lines, list items with continuations, code blocks', () => {
		const blocks = parseMarkdown(
			[
				'# Title',
				'',
				'one',
				'two `code`',
				'',
				'- item **bold**',
				'  continued',
				'1. first',
				'',
				'```',
				'mco ping',
				'```',
			].join('\n'),
		);
		assert.deepEqual(
			blocks.map((b) => b.kind),
			['heading', 'paragraph', 'item', 'item', 'code'],
		);
		assert.deepEqual(blocks[1], {
			kind: 'paragraph',
			text: [
				{text: 'one two ', style: 'plain'},
				{text: 'code', style: 'code'},
			],
		});
		assert.equal(blocks[2]?.kind === 'item' && text(blocks[2].text), 'item bold continued');
		assert.equal(blocks[3]?.kind === 'item' && blocks[3].marker, '1.');
		assert.deepEqual(blocks[4], {kind: 'code', lines: ['mco ping']});
	});

	it('parses inline code, bold and emphasis', () => {
		assert.deepEqual(parseInline('a `b` **c** *d* e'), [
			{text: 'a ', style: 'plain'},
			{text: 'b', style: 'code'},
			{text: ' ', style: 'plain'},
			{text: 'c', style: 'bold'},
			{text: ' ', style: 'plain'},
			{text: 'd', style: 'em'},
			{text: ' e', style: 'plain'},
		]);
	});

	it('wraps at word boundaries without a leading or trailing blank, keeping styles', () => {
		const lines = wrapInline(
			parseInline('It connects to `ActiveMQ` and subscribes to **its collectives** topics'),
			20,
		);
		assert.deepEqual(lines.map(text), [
			'It connects to',
			'ActiveMQ and',
			'subscribes to its',
			'collectives topics',
		]);
		assert.deepEqual(lines[1]?.[0], {text: 'ActiveMQ', style: 'code'});
	});

	it('never exceeds the width, loses no word, and cuts only words longer than a line', () => {
		const word = fc.stringMatching(/^[a-z]{1,30}$/);
		fc.assert(
			fc.property(
				fc.array(word, {minLength: 1, maxLength: 30}),
				fc.integer({min: 8, max: 60}),
				(words, width) => {
					const lines = wrapInline([{text: words.join(' '), style: 'plain'}], width);
					for (const line of lines) {
						const t = text(line);
						assert.ok(t.length <= width, `"${t}" is wider than ${width}`);
						assert.ok(!t.startsWith(' ') && !t.endsWith(' '), `"${t}" has an edge blank`);
					}
					assert.equal(lines.map(text).join(' ').replace(/ /g, ''), words.join(''));
				},
			),
		);
	});
});
