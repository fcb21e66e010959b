/**
 * What a host with only client.cfg learns about silent nodes from the wire, on the real lab:
 * extra mcollectived processes (own server.cfg, registerinterval 2) in each condition side by side
 * against the lab's ActiveMQ, and gatherSilentNodeEvidence telling them apart as far as the
 * evidence allows. The lab's node1 is not touched; the lab lock is held so no other test sees
 * the extra nodes.
 */
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {describe, it} from 'node:test';
import {readMcoConfig} from '../../src/core/mco-config/model.js';
import {
	gatherSilentNodeEvidence,
	pingWatchingExpiredReplies,
	type SilentNodeEvidence,
} from '../../src/io/client-evidence.js';
import {type NodeEvidence, silentNodeVerdict} from '../../src/mcollective/silent-node-evidence.js';
import {type ExtraNode, startExtraNode} from '../helpers/extra-nodes.js';
import {LAB, requireLab, withLab} from '../helpers/lab.js';

const settings = () => readMcoConfig(readFileSync(LAB.clientCfg, 'utf8'));

function node(evidence: SilentNodeEvidence, identity: string): NodeEvidence {
	const found = evidence.nodes.find((n) => n.identity === identity);
	assert.ok(found, identity);
	return found;
}

describe('silent-node evidence from the client host (real ActiveMQ 5.17 + mcollectived 2.12)', () => {
	it('tells good, wrong psk, clock ahead, other collective apart; behind, stopped, bad login as far as the wire allows', async (t) => {
		if (!(await requireLab(t))) return;
		await withLab(async () => {
			const baseline = await gatherSilentNodeEvidence({
				settings: settings(),
				identities: [],
				timeoutMs: 1500,
			});
			assert.ok(baseline.ok, baseline.failure?.detail);
			assert.ok(baseline.advisoriesSeen, 'the lab lets the mcollective user read consumer advisories');
			const before = baseline.discoveryConsumers.get('mcollective') ?? 0;
			assert.ok(before >= 1, 'the lab node1 is subscribed');

			const nodes: ExtraNode[] = [];
			try {
				const start = async (spec: Parameters<typeof startExtraNode>[0]) => {
					const n = await startExtraNode(spec);
					nodes.push(n);
					return n.identity;
				};
				// started side by side: each ruby process takes seconds to boot
				const [good, badPsk, ahead, behind, sub, other, badLogin] = await Promise.all([
					start({name: 'probe-good', psk: LAB.psk}),
					start({name: 'probe-badpsk', psk: 'not-the-lab-psk'}),
					start({name: 'probe-ahead', psk: LAB.psk, faketime: '+300s'}),
					start({name: 'probe-behind', psk: LAB.psk, faketime: '-300s'}),
					// a collective our broker user may read (mcollective.> ACL) and one it may not
					start({name: 'probe-sub', psk: LAB.psk, collective: 'mcollective.sub'}),
					start({name: 'probe-other', psk: LAB.psk, collective: 'othercoll'}),
					start({
						name: 'probe-badlogin',
						psk: LAB.psk,
						password: 'not-the-lab-password',
						ready: /on_miscerr|Unexpected 'ERROR' frame/,
					}),
				]);
				const stopped = 'probe-stopped.evidence';
				const all = [good, badPsk, ahead, behind, sub, other, badLogin, stopped];

				const evidence = await gatherSilentNodeEvidence({
					settings: settings(),
					identities: all,
					timeoutMs: 6000,
				});
				assert.ok(evidence.ok, evidence.failure?.detail);
				const verdict = (id: string) =>
					silentNodeVerdict(node(evidence, id), {
						collective: 'mcollective',
						ttlS: 60,
						expiredSenders: evidence.expiredSenders,
						registrationExpected: true,
					});

				const g = node(evidence, good);
				assert.ok(g.heard === 'registration' && g.signatureValid && g.collective === 'mcollective');
				assert.ok(Math.abs(g.clockOffsetMs ?? Number.NaN) < 5000, `good offset ${g.clockOffsetMs}`);
				assert.deepEqual(verdict(good).candidates, []);

				const p = node(evidence, badPsk);
				assert.ok(p.heard === 'registration' && !p.signatureValid);
				assert.equal(verdict(badPsk).id, 'F13');

				const a = node(evidence, ahead);
				assert.ok(a.heard === 'registration' && a.signatureValid);
				assert.ok((a.clockOffsetMs ?? 0) > 60_000, `ahead offset ${a.clockOffsetMs}`);
				assert.equal(verdict(ahead).id, 'F14');

				const s = node(evidence, sub);
				assert.ok(s.heard === 'registration' && s.signatureValid && s.collective === 'mcollective.sub');
				assert.equal(verdict(sub).id, 'F12');
				assert.ok(evidence.registrationTopics.includes('/topic/mcollective.sub.registration.agent'));
				assert.equal(evidence.discoveryConsumers.get('mcollective.sub'), 1);

				// invisible by identity: the broker expired the behind node's registrations, refused the
				// other collective's subscriptions, refused the bad login, and the stopped one is stopped
				for (const id of [behind, other, badLogin, stopped]) {
					assert.equal(node(evidence, id).heard, 'nothing', id);
					assert.equal(verdict(id).id, undefined);
					assert.ok(['F10', 'F11', 'F12'].every((f) => verdict(id).candidates.includes(f)));
				}
				assert.equal(evidence.expiredSenders, 1, 'one connection sent registrations that expired');
				assert.ok(verdict(behind).candidates.includes('F14'));
				// subscribed to our collective: good, wrong psk, ahead, behind; not sub/other/badlogin/stopped
				assert.equal((evidence.discoveryConsumers.get('mcollective') ?? 0) - before, 4);
				assert.equal(evidence.discoveryConsumers.has('othercoll'), false);

				const json = JSON.stringify({...evidence, consumers: [...evidence.consumers]});
				assert.equal(json.includes(LAB.psk), false);
				assert.equal(json.includes(LAB.password), false);
			} finally {
				for (const n of nodes) await n.stop();
			}
		});
	});

	it('a node behind by 300 s answers, and the broker expires its reply: the ping sees that, by identity', async (t) => {
		if (!(await requireLab(t))) return;
		await withLab(async () => {
			const behind = await startExtraNode({
				name: 'probe-behind',
				psk: LAB.psk,
				faketime: '-300s',
				registerinterval: 0,
				ready: /Subscribing to \/topic\/mcollective\.rpcutil\.agent/,
			});
			try {
				const silent = await pingWatchingExpiredReplies(settings(), {
					timeoutMs: 3000,
					identities: [behind.identity],
					expect: [behind.identity],
				});
				assert.equal(silent.ping.replies.length, 0);
				assert.ok(new RegExp(`Handling message ${silent.ping.requestId}`).test(behind.log()));
				assert.equal(silent.expiredReplies, 1);
				// the lab node1, in sync: it answers and nothing expires
				const healthy = await pingWatchingExpiredReplies(settings(), {
					timeoutMs: 3000,
					identities: [LAB.identity],
					expect: [LAB.identity],
				});
				assert.deepEqual(
					healthy.ping.replies.map((r) => r.identity),
					[LAB.identity],
				);
				assert.equal(healthy.expiredReplies, 0);
			} finally {
				await behind.stop();
			}
		});
	});

	it('a refused login comes back as a typed failure within the deadline', async (t) => {
		if (!(await requireLab(t))) return;
		const s = settings();
		const wrong = {...s, pool: s.pool.map((h) => ({...h, password: 'not-the-lab-password'}))};
		const evidence = await gatherSilentNodeEvidence({settings: wrong, identities: ['x'], timeoutMs: 3000});
		assert.equal(evidence.ok, false);
		assert.equal(evidence.failure?.outcome, 'auth-rejected');
		assert.equal(evidence.nodes[0]?.heard, 'nothing');
	});
});
