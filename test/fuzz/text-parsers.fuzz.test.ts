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
import {MAX_POOL_SIZE, readMcoConfig} from '../../src/core/mco-config/model.js';
import {parseMcoConfig, readMcoSettings} from '../../src/core/mco-config/parse.js';
import {parseAnswers, stringifyAnswers} from '../../src/io/answers-file.js';
import {SEED_INGREDIENTS} from '../fixtures/sample-ingredients.js';
import {LONG, longRuns, MASS, MASS_MAX_RUN, mutated, RUNS, reportSlow, timed} from './harness.js';

const fixture = (path: string) =>
	new Uint8Array(readFileSync(new URL(`../fixtures/${path}`, import.meta.url)));
const text = (b: Uint8Array) => Buffer.from(b).toString('utf8');
const LOGS = readdirSync(new URL('../fixtures/logs/', import.meta.url)).map((n) => fixture(`logs/${n}`));
const CONFIGS = [fixture('seed-client.cfg'), fixture('seed-server.cfg')];
/** Windows of 4 lines of every real log: the mass property's seeds (cheap cases, all shapes). */
const LOG_WINDOWS = LOGS.flatMap((log) => {
	const lines = text(log).split('\n');
	const out: Uint8Array[] = [];
	for (let i = 0; i < lines.length; i += 4) out.push(Buffer.from(lines.slice(i, i + 4).join('\n')));
	return out;
});

describe('fuzz: config model parse and lint', () => {
	const PARSER = 'mco-config';
	const check = (input: string) => {
		timed(
			PARSER,
			input.length,
			() => input,
			() => {
				const parsed = parseMcoConfig(input);
				for (const e of parsed.entries) assert.ok(!e.key.includes('\n'));
				assert.ok(readMcoSettings(input) instanceof Map);
				// the one model: bounded counts whatever the text says
				assert.ok(readMcoConfig(input).pool.length <= MAX_POOL_SIZE);
				lintConfig(input, 'client');
				lintConfig(input, 'server');
			},
		);
	};
	it('mass: small mutations of the seed files (the 10^6-case property)', () => {
		fc.assert(
			fc.property(mutated(CONFIGS, MASS_MAX_RUN), (b) => check(text(b))),
			{numRuns: MASS},
		);
	});
	it('mutated seed files', () => {
		fc.assert(
			fc.property(mutated(CONFIGS, LONG ? 65536 : 200), (b) => check(text(b))),
			{numRuns: RUNS},
		);
	});
	it('long runs of spaces, = and # (the old regex was quadratic on these)', () => {
		fc.assert(
			// The line parser splits on the first '=' (no backtracking regex): long runs stay linear.
			fc.property(
				longRuns(
					['plugin.psk', ' = ', '=', '#', 'a', '\n', 'plugin.stomp.pool.size = '],
					LONG ? 60000 : 5000,
				),
				check,
			),
			{numRuns: Math.max(20, Math.floor(RUNS / 4))},
		);
	});
	it('reports slow cases', (t) => reportSlow(PARSER, (m) => t.diagnostic(m)));
});

describe('fuzz: answers file', () => {
	const PARSER = 'answers-file';
	it('mass: small mutations of a written answers file (the 10^6-case property)', () => {
		const written = Uint8Array.from(
			Buffer.from(stringifyAnswers(SEED_INGREDIENTS, {}, {includeSecrets: true})),
		);
		fc.assert(
			fc.property(mutated([written], MASS_MAX_RUN), (b) => {
				const input = text(b);
				timed(
					PARSER,
					input.length,
					() => input,
					() => {
						for (const e of parseAnswers(input, '/tmp').errors) assert.equal(typeof e, 'string');
					},
				);
			}),
			{numRuns: MASS},
		);
	});
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
	it('mass: small mutations of the real logs (the 10^6-case property)', () => {
		fc.assert(
			fc.property(mutated(LOG_WINDOWS, MASS_MAX_RUN), (b) => check(text(b))),
			{numRuns: MASS},
		);
	});
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
