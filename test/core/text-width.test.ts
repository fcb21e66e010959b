import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import fc from 'fast-check';
import stringWidth8 from 'string-width';
// wrap-ansi carries its own string-width 7; the bundle puts the fast path in front of both.
import stringWidth7 from '../../node_modules/wrap-ansi/node_modules/string-width/index.js';
import {
	NARROW_TEXT,
	pictographWidths,
	type StringWidth,
	withNarrowFastPath,
} from '../../src/core/text-width.js';

const VERSIONS: [string, StringWidth][] = [
	['string-width 8', stringWidth8],
	['string-width 7', stringWidth7 as StringWidth],
];

const BMP = Array.from({length: 0x10000}, (_, cp) => String.fromCharCode(cp)).filter(
	(ch) => !/\p{Surrogate}/u.test(ch),
);
const narrow = BMP.filter((ch) => NARROW_TEXT.test(ch));

for (const [name, original] of VERSIONS) {
	describe(`withNarrowFastPath in front of ${name}`, () => {
		const table = pictographWidths(original);
		const fast = withNarrowFastPath(original, table);

		it('treats only characters the library gives width 1, alone and between letters', () => {
			assert.ok(narrow.length > 1000);
			for (const ch of narrow) {
				assert.equal(original(ch), 1, `U+${ch.charCodeAt(0).toString(16)}`);
				assert.equal(original(`a${ch}b`), 3, `U+${ch.charCodeAt(0).toString(16)} between letters`);
			}
		});

		it('answers as the library does for every character of the plane', () => {
			for (const ch of BMP) assert.equal(fast(ch), original(ch), `U+${ch.charCodeAt(0).toString(16)}`);
		});

		it('gives each pictograph its library width, added up like any character', () => {
			assert.equal(fast('▶ 1 Ingredients'), original('▶ 1 Ingredients'));
			for (const ch of Object.keys(table)) {
				assert.equal(original(`a${ch}b`), (table[ch] ?? 0) + 2, `U+${ch.charCodeAt(0).toString(16)}`);
			}
		});

		it('answers as the library does for mixed text, with and without colours, emoji and joiners', () => {
			const pieces = [
				'a',
				' ',
				'—',
				'…',
				'▶',
				'✓',
				'\u001B[1m',
				'\u001B[22m',
				'日',
				'👍',
				'\uFE0F',
				'\u200D',
				'é',
				'\u0301',
				'\t',
			];
			fc.assert(
				fc.property(fc.array(fc.constantFrom(...pieces), {maxLength: 12}), (parts) => {
					const text = parts.join('');
					assert.equal(fast(text), original(text), JSON.stringify(text));
					assert.equal(
						fast(text, {ambiguousIsNarrow: false}),
						original(text, {ambiguousIsNarrow: false}),
						JSON.stringify(text),
					);
					assert.equal(
						fast(text, {countAnsiEscapeCodes: true}),
						original(text, {countAnsiEscapeCodes: true}),
						JSON.stringify(text),
					);
				}),
				{numRuns: 2000},
			);
		});
	});
}
