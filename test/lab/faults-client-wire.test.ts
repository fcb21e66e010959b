// Client-side faults where mco connects but does not share the node's wire; client.cfg only.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {LAB, requireLab} from '../helpers/lab.js';
import {echo, faultTest, ping} from './fault-helpers.js';

describe('client-side faults: connected, but not on the same wire (real mco)', () => {
	it('psk-mismatch: no replies; the node log says the signature is invalid', async (t) => {
		if (!(await requireLab(t))) return;
		await faultTest(t, 'psk-mismatch', async (ctx) => {
			const r = await ping();
			assert.equal(r.code, 4, r.stdout + r.stderr);
			assert.match(r.stdout, /No responses received/);
			const line = await ctx.waitForLog(
				'node',
				/Received an invalid signature in message - MCollective::SecurityValidationFailed/,
				10_000,
			);
			assert.ok(line, `no SecurityValidationFailed in ${LAB.nodeLog}`);
		});
	});

	it('collective-mismatch: with the recommended authorization map the other collective is not authorized', async (t) => {
		if (!(await requireLab(t))) return;
		await faultTest(t, 'collective-mismatch', async (ctx) => {
			const r = await ping();
			assert.equal(r.code, 1, r.stdout + r.stderr);
			assert.match(r.stderr, /User mcollective is not authorized to read from: queue:\/\/openshift\.reply\./);
			const line = await ctx.waitForLog(
				'broker',
				/User mcollective is not authorized to (read from|write to): /,
				10_000,
			);
			assert.ok(line, `no authorization error in ${LAB.brokerLog}`);
		});
	});

	it('connector-mismatch: the rabbitmq connector sends to /exchange/ names ActiveMQ refuses', async (t) => {
		if (!(await requireLab(t))) return;
		await faultTest(t, 'connector-mismatch', async (ctx) => {
			const r = await echo();
			assert.equal(r.code, 1, r.stdout + r.stderr);
			assert.match(r.stderr, /Received frame of type 'ERROR' expected 'MESSAGE'/);
			const line = await ctx.waitForLog(
				'broker',
				/not authorized to write to: queue:\/\/\/exchange\/mcollective_broadcast\//,
				10_000,
			);
			assert.ok(line, `no /exchange/ rejection in ${LAB.brokerLog}`);
		});
	});
});
