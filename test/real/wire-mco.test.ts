/**
 * Our native ping/rpc against the REAL lab (ActiveMQ 5.17 + mcollectived 2.12.5), compared with
 * the real `mco` on the same lab, and checked from the node's own log: every request of ours is
 * handled ("Handling message <our id>") and none is rejected.
 */
import assert from 'node:assert/strict';
import {readFileSync, statSync} from 'node:fs';
import {describe, it} from 'node:test';
import {readMcoConfig} from '../../src/core/mco-config/model.js';
import {explainNodeVerdict, mcoPing, mcoRpc} from '../../src/io/mco-client.js';
import {stringOf, toPlain} from '../../src/mcollective/marshal.js';
import {LAB, readLogSince, requireLab, runMco, withLab} from '../helpers/lab.js';

const settings = () => readMcoConfig(readFileSync(LAB.clientCfg, 'utf8'));
const logOffset = () => statSync(LAB.nodeLog).size;
const VALIDATION_ERRORS =
	/Failed to handle message|Rejecting message|does not pass filters|invalid signature|callerid in request is not valid/;

/** mco prints identities at the start of reply lines. */
const mcoPingNodes = (stdout: string) =>
	stdout
		.split('\n')
		.map((l) => /^(\S+)\s+time=/.exec(l)?.[1])
		.filter((x): x is string => x !== undefined)
		.sort();

async function waitForLog(from: number, pattern: RegExp, timeoutMs = 3000): Promise<string> {
	const until = Date.now() + timeoutMs;
	for (;;) {
		const text = readLogSince(LAB.nodeLog, from);
		if (pattern.test(text) || Date.now() > until) return text;
		await new Promise((r) => setTimeout(r, 100));
	}
}

describe('native ping and rpc on the real lab', () => {
	it('ping finds exactly the nodes `mco ping` finds, and the node handles our request', async (t) => {
		if (!(await requireLab(t))) return;
		await withLab(async () => {
			const mco = await runMco(['ping', '-t', '2'], {timeoutMs: 15_000});
			assert.equal(mco.code, 0, mco.stderr);
			const from = logOffset();
			const ours = await mcoPing(settings(), {timeoutMs: 2000});
			assert.deepEqual(ours.replies.map((r) => r.identity).sort(), mcoPingNodes(mco.stdout));
			assert.ok(ours.replies.some((r) => r.identity === LAB.identity));
			assert.equal(ours.broker?.server?.startsWith('ActiveMQ/'), true);
			const log = await waitForLog(from, new RegExp(`Handling message ${ours.requestId}`));
			assert.match(
				log,
				new RegExp(`Handling message ${ours.requestId} for agent 'discovery' in collective 'mcollective'`),
			);
			assert.doesNotMatch(log, VALIDATION_ERRORS);
			const offset = ours.replies[0]?.clockOffsetMs;
			assert.ok(offset !== undefined && Math.abs(offset) < 2000, `same machine, clock offset ${offset} ms`);
		});
	});

	it('--expect 1 returns as soon as the node answered', async (t) => {
		if (!(await requireLab(t))) return;
		const result = await withLab(() => mcoPing(settings(), {timeoutMs: 10_000, expect: [LAB.identity]}));
		assert.equal(result.ok, true);
		assert.equal(result.stoppedEarly, true);
		assert.ok(result.elapsedMs < 5000, `${result.elapsedMs} ms`);
	});

	it('rpc rpcutil ping and rpc openshift echo msg=foo return what `mco rpc` returns', async (t) => {
		if (!(await requireLab(t))) return;
		await withLab(async () => {
			const from = logOffset();
			const mcoPingRpc = await runMco(['rpc', 'rpcutil', 'ping', '-j'], {timeoutMs: 20_000});
			const mcoEcho = await runMco(['rpc', 'openshift', 'echo', 'msg=foo', '-j'], {timeoutMs: 20_000});
			assert.equal(mcoPingRpc.code, 0, mcoPingRpc.stderr);
			assert.equal(mcoEcho.code, 0, mcoEcho.stderr);
			const theirPing = JSON.parse(mcoPingRpc.stdout) as {
				sender: string;
				statuscode: number;
				statusmsg: string;
				data: {pong: number};
			}[];
			const theirEcho = JSON.parse(mcoEcho.stdout) as {
				sender: string;
				statuscode: number;
				statusmsg: string;
				data: {msg: string; time: string};
			}[];

			const ping = await mcoRpc(settings(), 'rpcutil', 'ping', {}, {timeoutMs: 12_000});
			const echo = await mcoRpc(settings(), 'openshift', 'echo', {msg: 'foo'}, {timeoutMs: 12_000});
			const direct = await mcoRpc(
				settings(),
				'openshift',
				'echo',
				{msg: 'bar'},
				{timeoutMs: 12_000, identities: [LAB.identity]},
			);

			const shape = (r: {
				identity?: string;
				sender?: string;
				statuscode?: number;
				statusmsg?: string;
				data?: unknown;
			}) => ({
				sender: r.sender ?? r.identity,
				statuscode: r.statuscode,
				statusmsg: r.statusmsg,
				keys: Object.keys((r.data as object) ?? {}).sort(),
			});
			const ourPing = ping.replies.map((r) => ({...r, data: toPlain(r.data ?? null)}));
			const ourEcho = echo.replies.map((r) => ({...r, data: toPlain(r.data ?? null)}));
			assert.deepEqual(ourPing.map(shape), theirPing.map(shape));
			assert.deepEqual(ourEcho.map(shape), theirEcho.map(shape));
			const pong = (ourPing[0]?.data as {pong: number} | undefined)?.pong ?? 0;
			assert.ok(Math.abs(pong - (theirPing[0]?.data.pong ?? 0)) < 60, 'pong is the node time');
			assert.equal((ourEcho[0]?.data as {msg: string} | undefined)?.msg, 'foo');
			assert.equal(theirEcho[0]?.data.msg, 'foo');
			assert.equal(echo.directed, true);
			assert.equal(direct.discovered?.length, 1);
			assert.equal(
				stringOf((direct.replies[0]?.data as Map<unknown, never> | undefined)?.get(Symbol.for('msg'))),
				'bar',
			);

			const log = await waitForLog(from, new RegExp(`Handling message ${direct.requestId}`));
			for (const id of [ping.requestId, echo.requestId, direct.requestId]) {
				assert.match(log, new RegExp(`Handling message ${id} for agent '(rpcutil|openshift)'`));
			}
			assert.doesNotMatch(log, VALIDATION_ERRORS);
		});
	});

	it('a wrong psk: the node drops our request and logs the invalid signature', async (t) => {
		if (!(await requireLab(t))) return;
		await withLab(async () => {
			const from = logOffset();
			const result = await mcoPing({...settings(), psk: 'notthesecret'}, {timeoutMs: 1500});
			assert.equal(result.replies.length, 0);
			assert.equal(result.failure, undefined, 'the broker side is fine');
			const log = await waitForLog(from, /invalid signature/);
			assert.match(
				log,
				/Failed to handle message: Received an invalid signature in message - MCollective::SecurityValidationFailed/,
			);
			// …and we say so ourselves from the node's server.cfg, with the very line it logged.
			const server = readMcoConfig(readFileSync(LAB.serverCfg, 'utf8'));
			const verdict = explainNodeVerdict({...settings(), psk: 'notthesecret'}, server);
			assert.equal(verdict.step, 'signature');
			assert.ok(log.includes(verdict.logLine), verdict.logLine);
			assert.equal(explainNodeVerdict(settings(), server).step, 'accepted');
		});
	});
});
