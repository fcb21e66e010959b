// Client-side faults that stop mco reaching the broker; each changes only the lab's client.cfg.
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {describe, it} from 'node:test';
import {LAB, requireLab} from '../helpers/lab.js';
import {faultTest, ping} from './fault-helpers.js';

describe('client-side faults: reaching the broker (real mco)', () => {
	it('wrong-port: mco gives up after its reconnect attempts', async (t) => {
		if (!(await requireLab(t))) return;
		const out = await faultTest(t, 'wrong-port', async () => {
			assert.match(readFileSync(LAB.clientCfg, 'utf8'), /^plugin\.activemq\.pool\.1\.port = 61614$/m);
			const r = await ping();
			assert.equal(r.code, 1, r.stdout + r.stderr);
			assert.match(r.stderr, /Could not connect to ActiveMQ Server: Stomp::Error::MaxReconnectAttempts/);
			return r.ms;
		});
		t.diagnostic(`mco ping failed after ${out} ms`);
	});

	it('unresolvable-host: a .invalid broker name fails like an unreachable broker', async (t) => {
		if (!(await requireLab(t))) return;
		const out = await faultTest(t, 'unresolvable-host', async () => {
			assert.match(
				readFileSync(LAB.clientCfg, 'utf8'),
				/^plugin\.activemq\.pool\.1\.host = msg1\.infra\.invalid$/m,
			);
			const r = await ping();
			assert.equal(r.code, 1, r.stdout + r.stderr);
			assert.match(r.stderr, /Could not connect to ActiveMQ Server: Stomp::Error::MaxReconnectAttempts/);
			return r.ms;
		});
		t.diagnostic(`mco ping failed after ${out} ms`);
	});

	it('client-wrong-password: mco fails fast, only ActiveMQ names the bad login', async (t) => {
		if (!(await requireLab(t))) return;
		await faultTest(t, 'client-wrong-password', async (ctx) => {
			const r = await ping();
			assert.equal(r.code, 1, r.stdout + r.stderr);
			// which of the two transport errors mco ends with is racy (real-lab.md)
			assert.match(
				r.stderr,
				/Received frame of type 'ERROR' expected 'MESSAGE'|No message received from ActiveMQ/,
			);
			assert.doesNotMatch(r.stderr, /password/i);
			const line = await ctx.waitForLog(
				'broker',
				/User name \[mcollective\] or password is invalid\./,
				10_000,
			);
			assert.ok(line, `no login rejection in ${LAB.brokerLog}`);
		});
	});

	it("seed-client-cfg: 2.12 cannot load the seed's stomp connector, before any network use", async (t) => {
		if (!(await requireLab(t))) return;
		await faultTest(t, 'seed-client-cfg', async (ctx) => {
			const cfg = readFileSync(LAB.clientCfg, 'utf8');
			assert.equal(cfg.match(/^plugin\.stomp\.user/gm)?.length, 2);
			assert.doesNotMatch(cfg, /password/);
			const r = await ping();
			assert.equal(r.code, 1, r.stdout + r.stderr);
			assert.match(r.stderr, /Use of deprecated 'topicprefix' option/);
			assert.match(r.stderr, /cannot load such file -- mcollective\/connector\/stomp\.rb/);
			assert.equal(ctx.brokerLog(), '', 'mco should not have reached the broker');
		});
	});
});
