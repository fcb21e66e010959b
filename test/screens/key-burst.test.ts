import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {isKeyBurst, splitKeyBurst} from '../../src/hooks/key-burst.js';

describe('splitKeyBurst', () => {
	it('splits text, Backspace (DEL and BS), Enter (CR, LF, CRLF) and Tab', () => {
		assert.deepEqual(splitKeyBurst('ab\u007f\bc\r\nd\te\n'), [
			{type: 'text', text: 'ab'},
			{type: 'backspace'},
			{type: 'backspace'},
			{type: 'text', text: 'c'},
			{type: 'enter'},
			{type: 'text', text: 'd'},
			{type: 'tab'},
			{type: 'text', text: 'e'},
			{type: 'enter'},
		]);
	});
	it('drops other control characters instead of typing them', () => {
		assert.deepEqual(splitKeyBurst('a\u0001b'), [{type: 'text', text: 'ab'}]);
	});
	it('treats one key, or plain pasted text, as no burst', () => {
		assert.equal(isKeyBurst('\u007f'), false);
		assert.equal(isKeyBurst('msg1.example.com'), false);
		assert.equal(isKeyBurst('host\r'), true);
		assert.equal(isKeyBurst('\u007f\u007f'), true);
	});
});
