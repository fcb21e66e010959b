import assert from 'node:assert/strict';
import {createHash} from 'node:crypto';
import {describe, it} from 'node:test';
import {
	describeSecret,
	fingerprint,
	generateSecret,
	mask,
	redact,
	secretPlaceholder,
} from '../../src/core/secrets.js';

describe('generateSecret', () => {
	it('is alphanumeric (F28), 24 characters by default, and different every time', () => {
		const seen = new Set<string>();
		for (let i = 0; i < 200; i++) {
			const s = generateSecret();
			assert.match(s, /^[A-Za-z0-9]{24}$/);
			seen.add(s);
		}
		assert.equal(seen.size, 200);
		assert.match(generateSecret(40), /^[A-Za-z0-9]{40}$/);
	});
	it('uses the whole alphabet (no modulo-biased subset)', () => {
		const chars = new Set(Array.from({length: 100}, () => generateSecret(64)).join(''));
		assert.equal(chars.size, 62);
	});
	it('refuses weak or absurd lengths', () => {
		assert.throws(() => generateSecret(4), RangeError);
		assert.throws(() => generateSecret(1.5), RangeError);
	});
});

describe('fingerprint / mask', () => {
	it('is the first 8 hex digits of sha256', () => {
		assert.equal(fingerprint('mcsecret'), createHash('sha256').update('mcsecret').digest('hex').slice(0, 8));
		assert.match(fingerprint('x'), /^[0-9a-f]{8}$/);
		assert.notEqual(fingerprint('a'), fingerprint('b'));
	});
	it('masks without revealing the length', () => {
		assert.equal(mask('a'), mask('a much longer secret'));
		assert.equal(mask(''), '(empty)');
		assert.doesNotMatch(describeSecret('mcsecret'), /mcsecret/);
		assert.match(describeSecret('mcsecret'), new RegExp(fingerprint('mcsecret')));
	});
});

describe('redact', () => {
	const CASES: Array<[string, string, readonly string[], string]> = [
		['psk line', 'plugin.psk = mcsecret\n', [], `plugin.psk = ${secretPlaceholder('mcsecret')}\n`],
		[
			'pool password',
			'plugin.activemq.pool.1.password = marionette\n',
			[],
			`plugin.activemq.pool.1.password = ${secretPlaceholder('marionette')}\n`,
		],
		[
			'stomp password',
			'plugin.stomp.password=x y # z',
			[],
			`plugin.stomp.password=${secretPlaceholder('x y # z')}`,
		],
		['answers key', 'topicPassword = abc\n', [], `topicPassword = ${secretPlaceholder('abc')}\n`],
		[
			'STOMP header',
			'login:mcollective\npasscode:marionette\n',
			[],
			`login:mcollective\npasscode:${secretPlaceholder('marionette')}\n`,
		],
		[
			'known secret anywhere',
			'connect as mcollective/marionette failed',
			['marionette'],
			`connect as mcollective/${secretPlaceholder('marionette')} failed`,
		],
		[
			'keeps blank lines and CRLF',
			'plugin.psk = a\r\n\r\nx = 1\r\n',
			[],
			`plugin.psk = ${secretPlaceholder('a')}\r\n\r\nx = 1\r\n`,
		],
		[
			'non-secret lines untouched',
			'plugin.psk.callertype = uid\nsecurityprovider = psk\n',
			[],
			'plugin.psk.callertype = uid\nsecurityprovider = psk\n',
		],
	];
	for (const [name, text, secrets, expected] of CASES) {
		it(name, () => assert.equal(redact(text, secrets), expected));
	}
	it('redacts a secret contained in another one completely (longest first)', () => {
		const out = redact('value: abcdef and abc', ['abc', 'abcdef']);
		assert.doesNotMatch(out, /abc|def/);
		assert.match(out, new RegExp(fingerprint('abcdef')));
		assert.match(out, new RegExp(fingerprint('abc')));
	});
	it('does not mangle placeholders when a secret is a digit or hex-like', () => {
		const out = redact('plugin.psk = 7\nport 7', ['7', 'sha256']);
		assert.doesNotMatch(out.replaceAll(/<secret sha256:[0-9a-f]{8}>/g, ''), /7/);
		assert.equal((out.match(/<secret sha256:[0-9a-f]{8}>/g) ?? []).length, 2);
	});
	it('gives different placeholders for different secrets (a change stays visible)', () => {
		assert.notEqual(redact('plugin.psk = one'), redact('plugin.psk = two'));
	});
});
