import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {fill, listScenarios, nodeList, runPractice} from '../../src/commands/practice.js';
import {SCENARIOS} from '../../src/practice/scenarios.js';

describe('practice command', () => {
	it('--list names every scenario with its catalogue entry', async () => {
		const out: string[] = [];
		assert.equal(
			await runPractice(
				{list: true},
				(t) => out.push(t),
				() => {},
			),
			0,
		);
		assert.equal(out.join('\n'), listScenarios());
		for (const s of SCENARIOS) assert.match(out.join('\n'), new RegExp(`^${s.name}\\s`, 'm'));
		assert.match(out.join('\n'), /^psk-mismatch\s+F13\s/m);
	});

	it('an unknown scenario is a usage error; --brief prints the brief', async () => {
		const err: string[] = [];
		assert.equal(
			await runPractice(
				{scenario: 'nope'},
				() => {},
				(t) => err.push(t),
			),
			2,
		);
		assert.match(err.join(''), /no scenario "nope"; see --list/);
		const out: string[] = [];
		assert.equal(
			await runPractice(
				{scenario: 'psk-mismatch', brief: true},
				(t) => out.push(t),
				() => {},
			),
			0,
		);
		assert.match(out.join(''), /^# Scenario: psk-mismatch \(F13\)/);
	});

	it('fills templates and shortens long node lists', () => {
		assert.equal(fill('a {x} {y}', {x: '1'}), 'a 1 {y}');
		assert.equal(nodeList(['a', 'b']), 'a, b');
		assert.equal(nodeList(Array.from({length: 9}, (_, i) => `n${i + 1}`)), 'n1 … n9 (9 nodes)');
	});
});
