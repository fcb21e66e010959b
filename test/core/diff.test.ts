import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {configDiff, diffStat} from '../../src/core/diff.js';
import {renderClientCfg} from '../../src/core/mco-config/render.js';
import {fingerprint} from '../../src/core/secrets.js';
import {SEED_INGREDIENTS, SEED_SECRETS} from '../fixtures/sample-ingredients.js';

const PATH = '/etc/mcollective/client.cfg';

describe('configDiff', () => {
	const before = renderClientCfg(SEED_INGREDIENTS);

	it('is empty when nothing changes', () => {
		assert.equal(configDiff(before, before, {path: PATH}), '');
	});
	it('shows a changed secret as a changed line by fingerprint, never in clear', () => {
		const after = renderClientCfg({...SEED_INGREDIENTS, psk: 'n3wPsk', topicPassword: 'n3wPass'});
		const diff = configDiff(before, after, {path: PATH, secrets: [...SEED_SECRETS, 'n3wPsk', 'n3wPass']});
		for (const secret of [...SEED_SECRETS, 'n3wPsk', 'n3wPass']) assert.ok(!diff.includes(secret), secret);
		assert.match(diff, new RegExp(`^-plugin\\.psk = <secret sha256:${fingerprint('mcsecret')}>$`, 'm'));
		assert.match(diff, new RegExp(`^\\+plugin\\.psk = <secret sha256:${fingerprint('n3wPsk')}>$`, 'm'));
		assert.match(
			diff,
			new RegExp(
				`^\\+plugin\\.activemq\\.pool\\.1\\.password = <secret sha256:${fingerprint('n3wPass')}>$`,
				'm',
			),
		);
		assert.deepEqual(diffStat(diff), {added: 2, removed: 2});
	});
	it('redacts secrets in the old file even when they are not known', () => {
		const old = 'plugin.psk = oldUnknownSecret\nloglevel = info\n';
		const diff = configDiff(old, before, {path: PATH});
		assert.ok(!diff.includes('oldUnknownSecret'));
		assert.ok(!diff.includes('mcsecret'));
	});
	it('diffs a new file against /dev/null, every line added', () => {
		const diff = configDiff(undefined, before, {path: PATH, secrets: SEED_SECRETS});
		assert.match(diff, /^--- \/dev\/null/m);
		assert.match(diff, /^\+\+\+ \/etc\/mcollective\/client\.cfg/m);
		assert.equal(diffStat(diff).added, before.trimEnd().split('\n').length);
		assert.equal(diffStat(diff).removed, 0);
	});
	it('shows a non-secret change in clear', () => {
		const diff = configDiff(before, renderClientCfg({...SEED_INGREDIENTS, brokerHost: 'msg2.example.com'}), {
			path: PATH,
		});
		assert.match(diff, /^-plugin\.activemq\.pool\.1\.host = msg1\.infra\.example\.com$/m);
		assert.match(diff, /^\+plugin\.activemq\.pool\.1\.host = msg2\.example\.com$/m);
	});
});
