import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {effectiveSettings, parseMcoConfig, readMcoSettings} from '../../src/core/mco-config/parse.js';

describe('parseMcoConfig (MCollective Config#loadconfig semantics)', () => {
	it('keeps an inline # comment as part of the value', () => {
		const s = readMcoSettings('loglevel = log   # just for testing, normally info\n');
		assert.equal(s.get('loglevel'), 'log   # just for testing, normally info');
	});
	it('lets the last duplicate win (the seed sets plugin.stomp.user twice)', () => {
		const s = readMcoSettings('plugin.stomp.user = mcollective\nplugin.stomp.user = marionette\n');
		assert.equal(s.get('plugin.stomp.user'), 'marionette');
		assert.equal(s.has('plugin.stomp.password'), false);
	});
	it('accumulates libdir', () => {
		assert.equal(readMcoSettings('libdir = /a\nlibdir = /b\n').get('libdir'), '/a:/b');
	});
	it('treats only a first-column # as a comment and strips CRLF', () => {
		const p = parseMcoConfig('# c\r\n   # foo = bar\r\nkey = v = w  \r\n');
		assert.deepEqual(
			p.entries.map((e) => [e.line, e.key, e.value]),
			[
				[2, '# foo', 'bar'],
				[3, 'key', 'v = w'],
			],
		);
	});
	it('ignores lines without = or with an empty value, and says why', () => {
		const p = parseMcoConfig('novalue\nplugin.psk =\n');
		assert.deepEqual(
			p.ignored.map((i) => i.reason),
			['no-equals', 'empty-value'],
		);
		assert.equal(effectiveSettings(p).size, 0);
	});
});
