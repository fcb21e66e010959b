/**
 * The ping/rpc commands as a user runs them, against the REAL lab: exit codes, mco-style output,
 * --json without secrets.
 */
import assert from 'node:assert/strict';
import {dirname, join, resolve} from 'node:path';
import {describe, it} from 'node:test';
import {fileURLToPath} from 'node:url';
import {LAB, requireLab, runBounded, withLab} from '../helpers/lab.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

describe('mco-wizard ping / rpc on the real lab', () => {
	it('the CLI: ping answers from node1 (exit 0), rpc openshift echo prints foo, --json has no secrets', async (t) => {
		if (!(await requireLab(t))) return;
		await withLab(async () => {
			const cli = (args: string[]) =>
				runBounded(process.execPath, ['--import', 'tsx', join(repo, 'src', 'cli.tsx'), ...args], {
					timeoutMs: 30_000,
				});
			const ping = await cli(['ping', '-c', LAB.clientCfg, '--expect', '1']);
			assert.equal(ping.code, 0, ping.stderr);
			assert.match(
				ping.stdout,
				new RegExp(`^${LAB.identity.replaceAll('.', '\\.')} +time=\\d+\\.\\d\\d ms$`, 'm'),
			);
			const echo = await cli(['rpc', 'openshift', 'echo', 'msg=foo', '-c', LAB.clientCfg]);
			assert.equal(echo.code, 0, echo.stderr);
			assert.match(echo.stdout, /^ {3}Message: foo$/m);
			assert.match(echo.stdout, /Finished processing 1 \/ 1 hosts in /);
			const json = await cli(['rpc', 'rpcutil', 'ping', '-c', LAB.clientCfg, '-I', LAB.identity, '--json']);
			assert.equal(json.code, 0, json.stderr);
			const parsed = JSON.parse(json.stdout);
			assert.equal(parsed.replies[0].identity, LAB.identity);
			for (const secret of [LAB.password, LAB.psk]) assert.ok(!json.stdout.includes(secret));
			const bad = await cli(['ping', '-c', '/nonexistent/client.cfg']);
			assert.equal(bad.code, 2);
		});
	});
});
