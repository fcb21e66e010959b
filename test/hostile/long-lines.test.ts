import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {classifyMcoLog, MAX_LOG_ENTRY_CHARS, parseLogEntries} from '../../src/core/log-classify.js';
import {parseAnswers} from '../../src/io/answers-file.js';

const PREFIX = 'I, [2026-11-25T04:58:07.853938+00:00 #1]  INFO -- : ';

describe('log classifier: hostile line lengths', () => {
	it('cuts an entry longer than the bound and says so', () => {
		const [entry] = parseLogEntries(PREFIX + 'x'.repeat(MAX_LOG_ENTRY_CHARS * 3));
		assert.ok(entry);
		assert.ok(entry.message.length <= MAX_LOG_ENTRY_CHARS + 40, `message of ${entry.message.length}`);
		assert.match(entry.message, /\[… \d+ characters cut\]$/);
	});

	it('bounds an entry built from many wrapped lines too', () => {
		const text = `${PREFIX}start\n${'y'.repeat(1000)}\n`.repeat(1) + `${'z'.repeat(1000)}\n`.repeat(100);
		const [entry] = parseLogEntries(text);
		assert.ok(entry && entry.message.length <= MAX_LOG_ENTRY_CHARS + 40);
	});

	it("classifies a crafted 700 KB line of repeated DDL failures (quadratic for '.*?: ')", () => {
		const line = `${PREFIX}Failed to load DDL for the 'a' agent: boom ${"Failed to load DDL for the 'a' agent".repeat(20000)}`;
		const events = classifyMcoLog(line);
		assert.deepEqual(
			events.map((e) => e.kind),
			['agent-load-failed'],
		);
	});

	it('still reads a normal entry in full', () => {
		const [event] = classifyMcoLog(
			`${PREFIX}Failed to load DDL for the 'rpcutil' agent, DDLs are required: boom`,
		);
		assert.equal(event?.kind, 'agent-load-failed');
	});
});

describe('answers file: hostile blank lines', () => {
	it('parses 200k whitespace-only lines (the section-comment pre-pass was quadratic)', () => {
		const text = `[ingredients]  ; note\n${' \t\n'.repeat(200_000)}brokerHost = 127.0.0.1\n`;
		const loaded = parseAnswers(text, '/tmp');
		assert.equal(loaded.ingredients.brokerHost, '127.0.0.1');
		assert.deepEqual(loaded.errors, []);
	});
});
