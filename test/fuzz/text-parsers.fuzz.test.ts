import assert from 'node:assert/strict';
import {readdirSync, readFileSync} from 'node:fs';
import {describe, it} from 'node:test';
import fc from 'fast-check';
import {
	classifyAmqLog,
	classifyMcoLog,
	MAX_LOG_ENTRY_CHARS,
	parseLogEntries,
} from '../../src/core/log-classify.js';
import {lintConfig} from '../../src/core/mco-config/lint.js';
import {parseMcoConfig, readMcoSettings} from '../../src/core/mco-config/parse.js';
import {parseAnswers, stringifyAnswers} from '../../src/io/answers-file.js';
import {SEED_INGREDIENTS} from '../fixtures/sample-ingredients.js';
import {LONG, longRuns, mutated, RUNS, reportSlow, timed} from './harness.js';

const fixture = (path: string) =>
	new Uint8Array(readFileSync(new URL(`../fixtures/${path}`, import.meta.url)));
const text = (b: Uint8Array) => Buffer.from(b).toString('utf8');
const LOGS = readdirSync(new URL('../fixtures/logs/', import.meta.url)).map((n) => fixture(`logs/${n}`));
const CONFIGS = [fixture('seed-client.cfg'), fixture('seed-server.cfg')];

describe('fuzz: config model parse and lint', () => {
	const PARSER = 'mco-config';
	const check = (input: string) => {
		// `npm test` keeps config inputs short: parse.ts's key=value regex is quadratic on long
		// lines (issue 13, fixed by the config-model rewrite); `npm run fuzz` reports it as slow cases.
		fc.pre(LONG || input.length <= 2000);
		timed(
			PARSER,
			input.length,
			() => input,
			() => {
				const parsed = parseMcoConfig(input);
				for (const e of parsed.entries) assert.ok(!e.key.includes('\n'));
				assert.ok(readMcoSettings(input) instanceof Map);
				lintConfig(input, 'client');
				lintConfig(input, 'server');
			},
		);
	};
	it('mutated seed files', () => {
		fc.assert(
			fc.property(mutated(CONFIGS, LONG ? 65536 : 200), (b) => check(text(b))),
			{numRuns: RUNS},
		);
	});
	it('long runs of spaces, = and # (the old regex was quadratic on these)', () => {
		fc.assert(
			// Short runs in `npm test`: parse.ts's key=value regex is quadratic on long blank runs
			// (issue 13, fixed in the config-model rewrite); `npm run fuzz` uses full lengths and
			// reports it as slow cases until then.
			fc.property(
				longRuns(['plugin.psk', ' = ', '=', '#', 'a', '\n', 'plugin.stomp.pool.size = '], LONG ? 60000 : 300),
				check,
			),
			{numRuns: Math.max(20, Math.floor(RUNS / 4))},
		);
	});
	it('reports slow cases', (t) => reportSlow(PARSER, (m) => t.diagnostic(m)));
});

describe('fuzz: answers file', () => {
	const PARSER = 'answers-file';
	it('any text: parses, every error names a section, never throws', () => {
		fc.assert(
			fc.property(
				fc.oneof(
					longRuns(['[ingredients]', '[system]', ' \t\n', '\n', ' = ', ';', '#', 'brokerHost']),
					fc.string(),
				),
				(input) =>
					timed(
						PARSER,
						input.length,
						() => input,
						() => {
							const loaded = parseAnswers(input, '/tmp');
							for (const e of loaded.errors) assert.equal(typeof e, 'string');
						},
					),
			),
			{numRuns: RUNS},
		);
	});
	it('secrets with quotes, backslashes, # and ; round-trip through the file', () => {
		const secret = fc
			.string({minLength: 1, maxLength: 30})
			.filter((s) => s.trim() === s && !/[\n\r]/.test(s));
		fc.assert(
			fc.property(secret, secret, secret, (psk, topicPassword, adminPassword) => {
				const written = stringifyAnswers(
					{...SEED_INGREDIENTS, psk, topicPassword, adminPassword},
					{},
					{includeSecrets: true},
				);
				const read = parseAnswers(written, '/tmp');
				if (read.errors.length > 0) return; // a value the form itself refuses (validateField)
				assert.equal(read.ingredients.psk, psk);
				assert.equal(read.ingredients.topicPassword, topicPassword);
				assert.equal(read.ingredients.adminPassword, adminPassword);
			}),
			{numRuns: RUNS},
		);
	});
	it('reports slow cases', (t) => reportSlow(PARSER, (m) => t.diagnostic(m)));
});

describe('fuzz: log classifier', () => {
	const PARSER = 'log-classify';
	const check = (input: string) =>
		timed(
			PARSER,
			input.length,
			() => input,
			() => {
				for (const e of parseLogEntries(input)) assert.ok(e.message.length <= MAX_LOG_ENTRY_CHARS + 40);
				classifyMcoLog(input);
				classifyAmqLog(input);
			},
		);
	it('mutated real logs', () => {
		fc.assert(
			fc.property(mutated(LOGS), (b) => check(text(b))),
			{numRuns: RUNS},
		);
	});
	it('long runs of log tokens', () => {
		fc.assert(
			fc.property(
				longRuns([
					'I, [2026-11-25T04:58:07.853938+00:00 #1]  INFO -- : ',
					"Failed to load DDL for the 'a' agent",
					"Message x for agent '",
					'User ',
					' | ',
					'a:1:in `',
					'\u001b[31m',
				]),
				check,
			),
			{numRuns: Math.max(20, Math.floor(RUNS / 4))},
		);
	});
	it('reports slow cases', (t) => reportSlow(PARSER, (m) => t.diagnostic(m)));
});
