import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {parseSelector, SelectorError, selects} from '../../src/practice/selector.js';

describe('practice broker selectors', () => {
	it("selects on mc_identity exactly as mcollectived's directed subscription writes it", () => {
		const s = parseSelector("mc_identity = 'node1.infra.example.com'");
		assert.equal(selects(s, {mc_identity: 'node1.infra.example.com'}), true);
		assert.equal(selects(s, {mc_identity: 'node2.infra.example.com'}), false);
		assert.equal(selects(s, {}), false, 'a message without the header is not selected');
	});

	it('IN, <>, NOT, AND/OR, parentheses, IS NULL and quoted quotes', () => {
		const table: [string, Record<string, string>, boolean][] = [
			["mc_identity IN ('a','b')", {mc_identity: 'b'}, true],
			["mc_identity IN ('a','b')", {mc_identity: 'c'}, false],
			["mc_identity <> 'a'", {mc_identity: 'b'}, true],
			["mc_identity <> 'a'", {}, false],
			["NOT mc_identity = 'a'", {mc_identity: 'a'}, false],
			["mc_identity = 'a' OR mc_sender = 'x'", {mc_sender: 'x'}, true],
			[
				"mc_identity = 'a' AND (mc_sender = 'x' OR mc_sender = 'y')",
				{mc_identity: 'a', mc_sender: 'y'},
				true,
			],
			["mc_identity = 'a' and mc_sender = 'x'", {mc_identity: 'a', mc_sender: 'z'}, false],
			['mc_identity IS NULL', {}, true],
			['mc_identity IS NOT NULL', {}, false],
			["mc_identity = 'o''brien'", {mc_identity: "o'brien"}, true],
		];
		for (const [text, headers, expected] of table)
			assert.equal(selects(parseSelector(text), headers), expected, text);
	});

	it('refuses what it cannot parse', () => {
		for (const bad of [
			'',
			"mc_identity = 'x",
			'mc_identity > 3',
			"mc_identity = 'a' AND",
			"= 'a'",
			'mc_identity IN ()',
			'a.b LIKE x',
		]) {
			assert.throws(() => parseSelector(bad), SelectorError, bad);
		}
	});
});
