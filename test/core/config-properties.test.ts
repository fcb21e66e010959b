/** Properties over random valid ingredients: what we render is what MCollective reads back, and redaction leaks nothing. */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import fc from 'fast-check';
import {configDiff} from '../../src/core/diff.js';
import {validateIngredients} from '../../src/core/ingredients.js';
import {hasErrors, lintConfig, lintPair} from '../../src/core/mco-config/lint.js';
import {readMcoSettings} from '../../src/core/mco-config/parse.js';
import {renderClientCfg, renderServerCfg} from '../../src/core/mco-config/render.js';
import {redact} from '../../src/core/secrets.js';
import {ingredientsArb} from '../helpers/ingredients-arb.js';

describe('config properties (fast-check)', () => {
	it('every generated ingredient set is valid (the generator matches validation)', () => {
		fc.assert(fc.property(ingredientsArb, (ing) => Object.keys(validateIngredients(ing)).length === 0));
	});

	it('rendered files read back, MCollective-style, to exactly the ingredients', () => {
		fc.assert(
			fc.property(ingredientsArb, (ing) => {
				for (const text of [renderClientCfg(ing), renderServerCfg(ing)]) {
					const s = readMcoSettings(text);
					const p = ing.connector === 'stomp' ? 'plugin.stomp' : `plugin.${ing.connector}.pool.1`;
					assert.equal(s.get(`${p}.host`), ing.brokerHost);
					assert.equal(s.get(`${p}.port`), String(ing.stompPort));
					assert.equal(s.get(`${p}.user`), ing.topicUser);
					assert.equal(s.get(`${p}.password`), ing.topicPassword);
					assert.equal(s.get('plugin.psk'), ing.psk);
					assert.equal(s.get('main_collective'), ing.collectives[0]);
					assert.deepEqual(s.get('collectives')?.split(','), ing.collectives);
				}
				assert.equal(readMcoSettings(renderServerCfg(ing)).get('identity'), ing.nodeIdentities[0]);
			}),
		);
	});

	it('activemq/rabbitmq files never lint as errors, alone or as a pair', () => {
		fc.assert(
			fc.property(ingredientsArb, (ing) => {
				fc.pre(ing.connector !== 'stomp');
				const client = renderClientCfg(ing);
				const server = renderServerCfg(ing);
				assert.equal(
					hasErrors(lintConfig(client, 'client')),
					false,
					JSON.stringify(lintConfig(client, 'client')),
				);
				assert.equal(hasErrors(lintConfig(server, 'server')), false);
				assert.deepEqual(lintPair(client, server), []);
			}),
		);
	});

	it('redaction and the diff leave no secret in clear', () => {
		fc.assert(
			fc.property(ingredientsArb, ingredientsArb, (a, b) => {
				const secrets = [a.topicPassword, a.psk, b.topicPassword, b.psk];
				const strip = (text: string) => text.replaceAll(/<secret sha256:[0-9a-f]{8}>/g, '');
				const diff = configDiff(renderClientCfg(a), renderClientCfg(b), {path: '/x/client.cfg', secrets});
				// The diff's own syntax (headers, @@ ranges, +/- markers) is not file content: check the content only.
				const diffContent = diff
					.split('\n')
					.filter((line) => !/^(---|\+\+\+|@@|\\)/.test(line))
					.map((line) => line.slice(1))
					.join('\n');
				for (const out of [redact(renderServerCfg(a), secrets), diffContent]) {
					for (const s of secrets)
						assert.ok(!strip(out).includes(s), `secret ${JSON.stringify(s)} left in output`);
				}
			}),
		);
	});
});
