/** Random VALID ingredients (the generator matches validation: see config-properties.test.ts). */
import fc from 'fast-check';
import {validateField} from '../../src/core/ingredients.js';
import type {Ingredients} from '../../src/core/types.js';

const secret = (key: 'topicPassword' | 'adminPassword' | 'psk') =>
	fc
		.string({unit: 'grapheme-ascii', minLength: 1, maxLength: 30})
		.filter((s) => validateField(key, s) === undefined);
const identity = fc.stringMatching(/^[\w.-]{1,20}$/);
const collective = fc.stringMatching(/^[A-Za-z0-9_-]{1,12}$/);

export const ingredientsArb: fc.Arbitrary<Ingredients> = fc.record({
	brokerHost: fc.oneof(fc.domain(), fc.ipV4(), fc.ipV6()),
	stompPort: fc.integer({min: 1, max: 65535}),
	topicUser: fc.stringMatching(/^[\w.@-]{1,16}$/),
	topicPassword: secret('topicPassword'),
	adminPassword: secret('adminPassword'),
	psk: secret('psk'),
	connector: fc.constantFrom('activemq', 'rabbitmq', 'stomp'),
	collectives: fc.uniqueArray(collective, {minLength: 1, maxLength: 4}),
	clientHost: fc.domain(),
	nodeIdentities: fc.uniqueArray(identity, {minLength: 1, maxLength: 3}),
	platform: fc.constantFrom('plain', 'scl'),
});
