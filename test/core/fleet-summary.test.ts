import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import fc from 'fast-check';
import {
	fleetSummaryLine,
	formatFleetSummary,
	parseIdentityList,
	summarizeFleet,
} from '../../src/core/fleet-summary.js';

const ids = (n: number) => Array.from({length: n}, (_, i) => `node${i + 1}.example`);

describe('summarizeFleet', () => {
	it('counts answered of expected and names the silent ones in the order given', () => {
		const expected = ids(6);
		const replies = [
			{identity: 'node2.example', ms: 3},
			{identity: 'node5.example', ms: 9},
			{identity: 'node1.example', ms: 1},
		];
		const s = summarizeFleet(replies, {expected});
		assert.equal(s.answered, 3);
		assert.equal(s.expected, 6);
		assert.deepEqual(s.silent, ['node3.example', 'node4.example', 'node6.example']);
		assert.equal(s.silentCount, 3);
		assert.deepEqual(
			s.slowest.map((r) => r.identity),
			['node5.example', 'node2.example', 'node1.example'],
		);
		assert.equal(s.minMs, 1);
		assert.equal(s.maxMs, 9);
		assert.equal(s.avgMs, 13 / 3);
	});

	it('counts answers from identities not on the list apart', () => {
		const s = summarizeFleet(
			[
				{identity: 'node1.example', ms: 1},
				{identity: 'stranger', ms: 2},
			],
			{expected: ids(2)},
		);
		assert.equal(s.answered, 1);
		assert.equal(s.unlisted, 1);
		assert.match(formatFleetSummary(s), /^1 of 2 answered \(and 1 not on the list\)$/m);
	});

	it('shows at most silentShown names but counts every silent node', () => {
		const s = summarizeFleet([], {expected: ids(100), silentShown: 4});
		assert.deepEqual(s.silent, ids(4));
		assert.equal(s.silentCount, 100);
		assert.match(formatFleetSummary(s), /… and 96 more/);
	});

	it('with only a count expected, counts the silent without names', () => {
		const s = summarizeFleet([{identity: 'a', ms: 1}], {expected: 3});
		assert.equal(s.silentCount, 2);
		assert.deepEqual(s.silent, []);
		assert.match(formatFleetSummary(s), /1 of 3 answered/);
		assert.match(formatFleetSummary(s), /silent: 2 \(no names/);
	});

	it('groups by collective, sorted by name', () => {
		const s = summarizeFleet([
			{identity: 'a', ms: 1, collective: 'zone2'},
			{identity: 'b', ms: 1, collective: 'mcollective'},
			{identity: 'c', ms: 1, collective: 'zone2'},
		]);
		assert.deepEqual(s.byCollective, [
			{collective: 'mcollective', answered: 1},
			{collective: 'zone2', answered: 2},
		]);
		assert.match(formatFleetSummary(s), /by collective: mcollective 1, zone2 2/);
	});

	it('keeps exactly the k slowest, slowest first, whatever the order replies came in', () => {
		fc.assert(
			fc.property(fc.array(fc.integer({min: 0, max: 10_000}), {maxLength: 200}), fc.nat(8), (times, k) => {
				const replies = times.map((ms, i) => ({identity: `n${i}`, ms}));
				const got = summarizeFleet(replies, {slowestShown: k}).slowest.map((r) => r.ms);
				const want = [...times].sort((a, b) => b - a).slice(0, k);
				assert.deepEqual(got, want);
			}),
		);
	});

	it('stays a few lines for 100,000 replies', () => {
		const replies = ids(100_000).map((identity, i) => ({identity, ms: i % 997}));
		const text = formatFleetSummary(summarizeFleet(replies, {expected: [...ids(100_000), 'gone.example']}));
		assert.ok(text.split('\n').length < 15, text);
		assert.match(text, /100000 of 100001 answered/);
		assert.match(text, /\n {2}gone\.example/);
	});
});

describe('fleetSummaryLine', () => {
	it('says the same on one line', () => {
		const s = summarizeFleet(
			[
				{identity: 'a', ms: 2, collective: 'mcollective'},
				{identity: 'b', ms: 4, collective: 'mcollective'},
			],
			{expected: ['a', 'b', 'c'], slowestShown: 1},
		);
		assert.equal(
			fleetSummaryLine(s),
			'2 of 3 replied; time min 2.00 ms avg 3.00 ms max 4.00 ms; by collective: mcollective 2; slowest: b 4.00 ms; silent: c',
		);
	});
});

describe('parseIdentityList', () => {
	it('reads one identity a line, skipping blanks, comments and repeats', () => {
		assert.deepEqual(parseIdentityList('# fleet\nnode1\n\n  node2  # rack 4\r\nnode1\n'), ['node1', 'node2']);
	});
});
