/** content/help.md read in one pass, and what its sections must be for commander's help. */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {readContent} from '../../src/content.js';
import {HELP_CONTENT, HELP_SECTIONS, helpSections, helpWords} from '../../src/core/help-words.js';

describe('helpSections', () => {
	it('each ## section up to the next heading, trimmed; a missing one reads as its name', () => {
		const sections = helpSections(
			'# Title\n\nintro\n\n## check\n\nrun the checks\n\n## ping\nfind nodes\n# End\nnot ping\n',
		);
		assert.deepEqual(
			[...sections],
			[
				['check', 'run the checks'],
				['ping', 'find nodes'],
			],
		);
		assert.equal(helpWords(sections, 'check'), 'run the checks');
		assert.equal(helpWords(sections, 'rpc'), 'rpc');
	});

	it('a section given twice: the first counts (as content-words.ts reads it)', () => {
		assert.equal(helpSections('## lint\nfirst\n## lint\nsecond\n').get('lint'), 'first');
	});
});

describe('content/help.md', () => {
	const sections = helpSections(readContent(HELP_CONTENT));

	it('every section is one line of text (commander wraps it; a line break would print as is)', () => {
		for (const name of HELP_SECTIONS) {
			const text = sections.get(name) ?? '';
			assert.ok(text.length > 0, `## ${name} is empty`);
			assert.doesNotMatch(text, /\n/, `## ${name}`);
		}
	});

	it('{value} is only where the program fills it in: the default progress file', () => {
		const filled = HELP_SECTIONS.filter((name) => sections.get(name)?.includes('{value}'));
		assert.deepEqual(filled, ['wizard-state', 'export-state']);
	});
});
