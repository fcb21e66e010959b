import assert from 'node:assert/strict';
import {mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises';
import {hostname, tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, it} from 'node:test';
import {loadMcoConfig} from '../../src/io/mco-config-file.js';

describe('loadMcoConfig', () => {
	it('reads the file, its plugin.d, and the environment given', async () => {
		const dir = await mkdtemp(join(tmpdir(), 'mco-config-file-'));
		try {
			const path = join(dir, 'client.cfg');
			await writeFile(
				path,
				'plugin.psk = a\nplugin.activemq.pool.size = 1\nplugin.activemq.pool.1.host = h\nplugin.activemq.pool.1.user = u\n',
			);
			assert.equal((await loadMcoConfig(path)).config.pool[0]?.port, 61613);
			await mkdir(join(dir, 'plugin.d'));
			await writeFile(join(dir, 'plugin.d', 'activemq.cfg'), 'pool.1.port = 61614\n');
			const {text, config} = await loadMcoConfig(path, {STOMP_USER: 'env'});
			assert.match(text, /plugin\.psk = a/);
			assert.equal(config.pool[0]?.port, 61614);
			assert.equal(config.pool[0]?.user, 'env');
			assert.equal(config.identity, hostname(), "MCollective's default identity");
			await assert.rejects(loadMcoConfig(join(dir, 'missing.cfg')), {code: 'ENOENT'});
		} finally {
			await rm(dir, {recursive: true, force: true});
		}
	});
});
