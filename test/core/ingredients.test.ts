import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {readContent} from '../../src/content.js';
import {choiceHelp, choiceLabel, INGREDIENT_WORDS_CONTENT} from '../../src/core/ingredient-words.js';
import {
	DEFAULT_INGREDIENTS,
	fieldWarning,
	formatField,
	INGREDIENT_FIELDS,
	IngredientError,
	parseField,
	validateField,
	validateIngredients,
	withDefaults,
} from '../../src/core/ingredients.js';
import {LANDMARK_IDS, SECRET_FIELDS} from '../../src/core/types.js';
import {SEED_INGREDIENTS} from '../fixtures/sample-ingredients.js';

describe('INGREDIENT_FIELDS', () => {
	it('covers every Ingredients key exactly once, in form order', () => {
		const keys = INGREDIENT_FIELDS.map((f) => f.key);
		assert.deepEqual([...keys].sort(), Object.keys(SEED_INGREDIENTS).sort());
		assert.equal(keys[0], 'brokerHost');
		assert.equal(new Set(keys).size, keys.length);
		// the seed's five landmarks and the message broker host's
		assert.equal(LANDMARK_IDS.length, 6);
	});
	it('marks exactly the SECRET_FIELDS as secrets', () => {
		const secrets = INGREDIENT_FIELDS.filter((f) => f.kind === 'secret').map((f) => f.key);
		assert.deepEqual(secrets.sort(), [...SECRET_FIELDS].sort());
	});
	it('offers activemq first (the default), stomp marked legacy, and rabbitmq', () => {
		const connector = INGREDIENT_FIELDS.find((f) => f.key === 'connector');
		assert.deepEqual(
			connector?.choices?.map((c) => c.value),
			['activemq', 'stomp', 'rabbitmq'],
		);
		// the words are content's (content/ingredient-labels.md)
		const words = readContent(INGREDIENT_WORDS_CONTENT);
		assert.match(choiceLabel(words, 'connector', 'stomp'), /legacy/);
		assert.match(choiceHelp(words, 'connector', 'stomp'), /2\.3/);
	});
	it('has defaults that validate and match DEFAULT_INGREDIENTS', () => {
		for (const field of INGREDIENT_FIELDS) {
			if (field.default === undefined) continue;
			assert.equal(validateField(field.key, field.default), undefined, field.key);
			const typed = (DEFAULT_INGREDIENTS as Record<string, unknown>)[field.key];
			assert.deepEqual(parseField(field.key, field.default), typed, field.key);
		}
		assert.deepEqual(DEFAULT_INGREDIENTS, {
			stompPort: 61613,
			topicUser: 'mcollective',
			connector: 'activemq',
			collectives: ['mcollective'],
			platform: 'plain',
		});
	});
});

// [field, raw, expected error pattern or undefined]
const CASES: Array<[keyof typeof SEED_INGREDIENTS, string, RegExp | undefined]> = [
	['brokerHost', 'msg1.infra.example.com', undefined],
	['brokerHost', 'localhost', undefined],
	['brokerHost', 'msg1.infra.example.com.', undefined],
	['brokerHost', '127.0.0.1', undefined],
	['brokerHost', '::1', undefined],
	['brokerHost', 'fe80::1:2', undefined],
	['brokerHost', '2001:db8::192.0.2.1', undefined],
	['brokerHost', '', /Required/],
	['brokerHost', 'msg1 .example.com', /no spaces/],
	['brokerHost', '-bad.example.com', /letters, digits/],
	['brokerHost', 'bad-.example.com', /letters, digits/],
	['brokerHost', 'under_score.example.com', /letters, digits/],
	['brokerHost', 'a..b', /Empty part/],
	['brokerHost', `${'a'.repeat(64)}.com`, /63/],
	['brokerHost', `${'a.'.repeat(127)}com`, /253/],
	['brokerHost', '256.1.1.1', /IPv4/],
	['brokerHost', '1.2.3', /IPv4/],
	['brokerHost', '[::1]', /without brackets/],
	['brokerHost', '1:2:3', /IPv6/],
	['brokerHost', 'msg1.example.com # broker', /no spaces/],
	['stompPort', '61613', undefined],
	['stompPort', '1', undefined],
	['stompPort', '65535', undefined],
	['stompPort', '0', /between 1 and 65535/],
	['stompPort', '65536', /between 1 and 65535/],
	['stompPort', '6161.3', /whole number/],
	['stompPort', '-1', /whole number/],
	['stompPort', '0x10', /whole number/],
	['stompPort', '', /Required/],
	['topicUser', 'mcollective', undefined],
	['topicUser', 'mc user', /no spaces/],
	['topicUser', 'mc#1', /#/],
	['topicPassword', 'marionette', undefined],
	['topicPassword', 'pa ss', undefined],
	['topicPassword', '', /Required/],
	['topicPassword', ' marionette', /start or end/],
	['topicPassword', 'marionette ', /start or end/],
	['topicPassword', 'marionette # topic password', /comment/],
	['topicPassword', 'a\nb', /single line/],
	['psk', 'mcsecret', undefined],
	['psk', 'mc secret', /No whitespace in the psk/],
	['psk', 'mc\tsecret', /No whitespace in the psk/],
	['connector', 'activemq', undefined],
	['connector', 'stomp', undefined],
	['connector', 'rabbitmq', undefined],
	['connector', 'qpid', /activemq, stomp, rabbitmq/],
	['platform', 'scl', undefined],
	['platform', 'rhel', /plain, scl/],
	['collectives', 'mcollective', undefined],
	['collectives', 'mcollective, sub_1,dev-2', undefined],
	['collectives', '', /at least one/],
	['collectives', 'a,,b', /Empty entry/],
	['collectives', 'mc.sub', /no dots/],
	['collectives', 'a,a', /twice/],
	['nodeIdentities', 'node1.infra.example.com', undefined],
	['nodeIdentities', 'node1, node_2.x', undefined],
	['nodeIdentities', 'node 1', /identities/],
	['nodeIdentities', 'node1,node1', /twice/],
	['clientHost', 'localhost', undefined],
];

describe('validateField', () => {
	for (const [key, raw, expected] of CASES) {
		it(`${key} ${JSON.stringify(raw).slice(0, 40)} → ${expected ?? 'ok'}`, () => {
			const error = validateField(key, raw);
			if (expected === undefined) assert.equal(error, undefined);
			else assert.match(error ?? '(no error)', expected);
		});
	}
	it('never repeats a secret in its reason', () => {
		for (const raw of ['hunter2 # x', ' hunter2', 'hunter 2']) {
			assert.doesNotMatch(validateField('psk', raw) ?? '', /hunter/);
		}
	});
});

describe('fieldWarning', () => {
	it('warns about default psks, special characters (F28) and short secrets, not about good ones', () => {
		assert.match(fieldWarning('psk', 'unset') ?? '', /default/);
		assert.match(fieldWarning('topicPassword', 'marionette') ?? '', /default/);
		assert.match(fieldWarning('topicPassword', 'abc&defgh12') ?? '', /escaping/);
		assert.match(fieldWarning('psk', 'ab;cdefgh12') ?? '', /#/);
		assert.match(fieldWarning('psk', 'abc123') ?? '', /Short/);
		assert.equal(fieldWarning('psk', 'Xk29fLq0Zp3vB7nM'), undefined);
		assert.equal(fieldWarning('brokerHost', 'a&b'), undefined);
	});
});

describe('parseField / formatField', () => {
	it('parses typed values and round-trips them', () => {
		assert.equal(parseField('stompPort', ' 61614 '), 61614);
		assert.deepEqual(parseField('collectives', 'a, b ,c'), ['a', 'b', 'c']);
		assert.equal(parseField('brokerHost', ' msg1 '), 'msg1');
		assert.equal(parseField('topicPassword', 'pa ss'), 'pa ss');
		for (const field of INGREDIENT_FIELDS) {
			const value = SEED_INGREDIENTS[field.key];
			assert.deepEqual(parseField(field.key, formatField(field.key, value)), value, field.key);
		}
	});
	it('throws an IngredientError naming the field, not the value', () => {
		assert.throws(
			() => parseField('psk', 'sec ret'),
			(e: unknown) => e instanceof IngredientError && e.key === 'psk' && !e.message.includes('sec ret'),
		);
	});
});

describe('validateIngredients', () => {
	it('accepts the seed ingredients', () => {
		assert.deepEqual(validateIngredients(SEED_INGREDIENTS), {});
	});
	it('reports every missing field as Required and bad ones with their reason', () => {
		const errors = validateIngredients({...withDefaults({}), stompPort: 70000});
		assert.equal(errors.brokerHost, 'Required.');
		assert.equal(errors.psk, 'Required.');
		assert.match(errors.stompPort ?? '', /65535/);
		assert.equal(errors.topicUser, undefined);
		assert.equal(errors.collectives, undefined);
	});
	it('withDefaults lets given values win and ignores undefined', () => {
		const merged = withDefaults({stompPort: 1234, topicUser: undefined});
		assert.equal(merged.stompPort, 1234);
		assert.equal(merged.topicUser, 'mcollective');
	});
});
