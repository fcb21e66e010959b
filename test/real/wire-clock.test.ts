/**
 * The lab's clock-skew fault (node under libfaketime, 300 s ahead): the node rejects our requests
 * as too old, exactly as it rejects mco's, and our clock probe (a request dated in the future)
 * measures the skew from the node's own reply.
 */
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {describe, it} from 'node:test';
import {readMcoConfig} from '../../src/core/mco-config/model.js';
import {mcoPing, probeNodeClocks} from '../../src/io/mco-client.js';
import {LAB, requireLab, withFault} from '../helpers/lab.js';

describe('clock skew on the real lab', () => {
	it('node 300 s ahead: our ping is rejected as too old; the clock probe measures +300 s', async (t) => {
		if (!(await requireLab(t))) return;
		await withFault('clock-skew', async (fault) => {
			const settings = readMcoConfig(readFileSync(LAB.clientCfg, 'utf8'));
			const ping = await mcoPing(settings, {timeoutMs: 2000, expect: [LAB.identity]});
			assert.equal(ping.replies.length, 0);
			const line = await fault.waitForLog(
				'node',
				new RegExp(`Message ${ping.requestId} .* seconds old, TTL is 60\\. Rejecting message\\.`),
				5000,
			);
			assert.ok(line, 'the node logged the TTL rejection of our request');
			const probe = await probeNodeClocks(settings, {timeoutMs: 3000, expect: [LAB.identity]});
			const offset = probe.replies[0]?.clockOffsetMs;
			assert.ok(offset !== undefined && Math.abs(offset - 300_000) < 3000, `offset ${offset}`);
		});
	});
});
