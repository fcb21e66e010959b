import assert from 'node:assert/strict';
import {after, describe, it} from 'node:test';
import {readContent} from '../../src/content.js';
import {diagnose, fixContext} from '../../src/core/diagnose.js';
import type {CheckResult} from '../../src/core/types.js';
import {probeStomp} from '../../src/io/stomp-probe.js';
import {SEED_INGREDIENTS} from '../fixtures/sample-ingredients.js';
import {CONNECTED, type HostileBroker, rawFrame, startHostileBroker} from './hostile-broker.js';

const brokers: HostileBroker[] = [];
after(async () => {
	for (const b of brokers) await b.close();
});

async function probeAgainst(script: Parameters<typeof startHostileBroker>[0], subscribe?: string[]) {
	const broker = await startHostileBroker(script);
	brokers.push(broker);
	return probeStomp({
		host: '127.0.0.1',
		port: broker.port,
		user: 'mcollective',
		password: 'pa55w0rd9',
		timeoutMs: 1500,
		...(subscribe ? {subscribe} : {}),
	});
}

/** The client landmark's diagnosis for this probe result as the stomp-login rung. */
function diagnosisOf(probe: Awaited<ReturnType<typeof probeStomp>>) {
	const rung = probe.phase === 'subscribe' ? 'subscribe' : 'stomp-login';
	const check: CheckResult = {id: rung, ok: false, ms: 1, evidence: probe.detail ?? '', data: {...probe}};
	return diagnose('client', [check], fixContext({...SEED_INGREDIENTS, brokerHost: '127.0.0.1'}), readContent);
}

describe('non-STOMP and hostile peers get their own outcome and finding, never F5', () => {
	it('garbage bytes then close → not-stomp, F7', async () => {
		const probe = await probeAgainst((s) => s.end(Buffer.from('\u0016\u0003\u0001garbage\u00ff\n\n\u0000')));
		assert.equal(probe.outcome, 'not-stomp');
		assert.equal(probe.peerTls, undefined, 'a TLS-like start with an impossible record length is not TLS');
		const d = diagnosisOf(probe);
		assert.equal(d?.id, 'F7');
		assert.match(d?.evidence.join('\n') ?? '', /not a STOMP broker on this port/);
	});

	it('a TLS alert (a TLS port hit with plain STOMP) → not-stomp, F7 naming the TLS port and ssl = 1', async () => {
		// the first bytes ActiveMQ's stomp+ssl connector sent the lab's plain CONNECT: a fatal alert record
		const probe = await probeAgainst((s) => s.end(Buffer.from([0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x50])));
		assert.equal(probe.outcome, 'not-stomp');
		assert.equal(probe.peerTls, true);
		const d = diagnosisOf(probe);
		assert.equal(d?.id, 'F7');
		assert.match(d?.evidence.join('\n') ?? '', /TLS record/);
		assert.match(d?.fix.join('\n') ?? '', /ssl = 1/);
	});

	it('an HTTP reply → not-stomp, F7, quoting what it said', async () => {
		const probe = await probeAgainst((s) =>
			s.end(
				'HTTP/1.1 400 Bad Request\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n<html>bad</html>',
			),
		);
		assert.equal(probe.outcome, 'not-stomp');
		const d = diagnosisOf(probe);
		assert.equal(d?.id, 'F7');
		assert.match(d?.evidence.join('\n') ?? '', /HTTP\/1\.1 400 Bad Request/);
	});

	it('an oversized frame before CONNECTED → oversized, not F5', async () => {
		const probe = await probeAgainst((s) => s.write('CONNECTED\ncontent-length:999999999\n\n'));
		assert.equal(probe.outcome, 'oversized');
		const d = diagnosisOf(probe);
		assert.notEqual(d?.id, 'F5');
		assert.match(d?.evidence.join('\n') ?? '', /frame/);
	});

	it('a reset during CONNECT → reset, not F5', async () => {
		const probe = await probeAgainst((s) => s.resetAndDestroy());
		assert.equal(probe.outcome, 'reset');
		assert.notEqual(diagnosisOf(probe)?.id, 'F5');
	});

	it('CONNECTED then a close at SUBSCRIBE → dropped, not F1', async () => {
		const probe = await probeAgainst(
			(s) => {
				s.write(CONNECTED);
				s.once('data', () => s.end());
			},
			['/topic/mcollective.discovery.agent'],
		);
		assert.equal(probe.outcome, 'dropped');
		assert.notEqual(diagnosisOf(probe)?.id, 'F1');
	});

	it('CONNECTED then silence at SUBSCRIBE → dropped, not F1', async () => {
		const probe = await probeAgainst((s) => s.write(CONNECTED), ['/topic/mcollective.discovery.agent']);
		assert.equal(probe.outcome, 'dropped');
		assert.notEqual(diagnosisOf(probe)?.id, 'F1');
	});

	it('a real login refusal (ERROR) is still F5', async () => {
		const probe = await probeAgainst((s) =>
			s.end(rawFrame('ERROR', ['message:User name [mcollective] or password is invalid.'])),
		);
		assert.equal(probe.outcome, 'auth-rejected');
		assert.equal(diagnosisOf(probe)?.id, 'F5');
	});
});
