/**
 * Re-captures test/fixtures/evidence/*.json from the real lab: starts four throw-away mcollectived
 * (good, other psk, clock +300 s, clock -300 s; registerinterval 2) signed with the FIXTURE psks
 * below (not the lab's), listens to their registrations and to the broker's advisories, and writes
 * the frames verbatim (body as hex). Run under the lab lock:
 *   bash lab/lab.sh locked node --import tsx scripts/capture-evidence-fixtures.ts
 */
import {readFileSync, writeFileSync} from 'node:fs';
import {readMcoConfig} from '../src/core/mco-config/model.js';
import {mcoPing} from '../src/io/mco-client.js';
import {openStompSession, type ReceivedMessage} from '../src/io/stomp-session.js';
import {
	CONSUMER_ADVISORY_TOPICS,
	expiredAdvisoryTopic,
	HEADERS_ONLY_TRANSFORMATION,
} from '../src/mcollective/advisory.js';
import {registrationTopic} from '../src/mcollective/registration.js';
import {FIXTURE_PSK, OTHER_FIXTURE_PSK} from '../test/fixtures/evidence/frames.js';
import {type ExtraNode, startExtraNode} from '../test/helpers/extra-nodes.js';
import {LAB} from '../test/helpers/lab.js';

const OUT = 'test/fixtures/evidence';

const nodes: ExtraNode[] = [];
try {
	nodes.push(await startExtraNode({name: 'fixture-good', psk: FIXTURE_PSK}));
	nodes.push(await startExtraNode({name: 'fixture-otherpsk', psk: OTHER_FIXTURE_PSK}));
	nodes.push(await startExtraNode({name: 'fixture-ahead', psk: FIXTURE_PSK, faketime: '+300s'}));
	nodes.push(await startExtraNode({name: 'fixture-behind', psk: FIXTURE_PSK, faketime: '-300s'}));
	const session = await openStompSession(
		{host: LAB.host, port: LAB.port, user: LAB.user, password: LAB.password},
		{timeoutMs: 5000},
	);
	const frames: {receivedAtMs: number; headers: Record<string, string>; bodyHex: string}[] = [];
	const keep = (m: ReceivedMessage) =>
		frames.push({
			receivedAtMs: Date.now(),
			headers: {...m.headers},
			bodyHex: Buffer.from(m.body).toString('hex'),
		});
	const headersOnly = {transformation: HEADERS_ONLY_TRANSFORMATION};
	await session.subscribe(registrationTopic('mcollective'), keep, {timeoutMs: 3000});
	for (const topic of CONSUMER_ADVISORY_TOPICS)
		await session.subscribe(topic, keep, {timeoutMs: 3000, headers: headersOnly});
	await session.subscribe(expiredAdvisoryTopic(registrationTopic('mcollective')), keep, {
		timeoutMs: 3000,
		headers: headersOnly,
	});
	await session.subscribe('/topic/ActiveMQ.Advisory.Connection', keep, {
		timeoutMs: 3000,
		headers: headersOnly,
	});
	await session.subscribe(expiredAdvisoryTopic('/queue/mcollective.reply.>'), keep, {
		timeoutMs: 3000,
		headers: headersOnly,
	});
	await new Promise((r) => setTimeout(r, 5000));
	// a ping aimed at the node 300 s behind (signed with the fixture psk, so it handles it): its
	// reply expires in the broker
	const lab = readMcoConfig(readFileSync(LAB.clientCfg, 'utf8'));
	const behind = 'fixture-behind.evidence';
	const ping = await mcoPing(
		{...lab, psk: FIXTURE_PSK},
		{timeoutMs: 2000, identities: [behind], expect: [behind]},
	);
	console.log(`ping ${ping.requestId}: ${ping.replies.length} replies`);
	await new Promise((r) => setTimeout(r, 500));
	await session.close();
	const pick = (name: string, pred: (f: (typeof frames)[number]) => boolean) => {
		const found = frames.filter(pred);
		writeFileSync(`${OUT}/${name}.json`, `${JSON.stringify(found, null, '\t')}\n`);
		console.log(`${name}: ${found.length} frames`);
	};
	const from = (who: string) => (f: (typeof frames)[number]) =>
		f.headers.destination === '/topic/mcollective.registration.agent' &&
		f.headers.mc_sender === `${who}.evidence`;
	pick('registration-good', from('fixture-good'));
	pick('registration-other-psk', from('fixture-otherpsk'));
	pick('registration-clock-ahead', from('fixture-ahead'));
	pick('registration-clock-behind', from('fixture-behind'));
	pick('advisory-consumers', (f) => /Advisory\.Consumer\./.test(f.headers.destination ?? ''));
	pick('advisory-expired-registration', (f) =>
		/Advisory\.Expired\.Topic\./.test(f.headers.destination ?? ''),
	);
	pick('advisory-expired-reply', (f) => /Advisory\.Expired\.Queue\./.test(f.headers.destination ?? ''));
	pick('advisory-connection', (f) => /Advisory\.Connection$/.test(f.headers.destination ?? ''));
} finally {
	for (const node of nodes) await node.stop();
}
