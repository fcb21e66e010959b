/**
 * Landmark 5 over a fake host: packages through a scripted rpm, the agent inventory and echo
 * through a scripted `mco rpc`, the DDL from the fake libdir, the node log's load error.
 * Faults as in test/real/check-agent.test.ts (F17 missing, F17 broken with the package named).
 */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {checkEchoInput, ddlRules} from '../../src/checks/agent.js';
import {runLandmark} from '../../src/checks/index.js';
import {CLIENT_PACKAGES, NODE_PACKAGES} from '../../src/core/catalogue.js';
import type {LandmarkReport} from '../../src/core/types.js';
import type {RpcCliOptions, RpcOutcome} from '../../src/io/check-io.js';
import {mcoRpcCli} from '../../src/io/mco-cli.js';
import {type FakeHost, fakeIO} from './fake-io.js';
import {allInOne, context, ingredientsAt, LIBDIR, logLine, NODE, NODE_LOG, STARTED} from './fake-lab.js';

const failedRung = (r: LandmarkReport) => r.checks.find((c) => !c.ok && !c.skipped);
const ingredients = ingredientsAt(61613);
const DDL = `${LIBDIR}/mcollective/agent/openshift.ddl`;
const DDL_TEXT = `metadata :name => "openshift"
action "echo", :description => "Echo a string back" do
    input :msg,
        :prompt => "Message",
        :type => :string,
        :validation => '^.+$',
        :optional => false,
        :maxlength => 90

    output :msg, :description => "The message"
end
`;

const outcome = (replies: RpcOutcome['replies'], more: Partial<RpcOutcome> = {}): RpcOutcome => ({
	ok: replies.length > 0,
	replies,
	ms: 5,
	exitCode: 0,
	timedOut: false,
	nothingDiscovered: false,
	events: [],
	...more,
});

/** A node whose inventory holds `agents` and whose openshift agent echoes when it has one. */
const node =
	(agents: string[]) =>
	(o: RpcCliOptions): RpcOutcome => {
		if (o.action === 'agent_inventory')
			return outcome([
				{sender: NODE, statuscode: 0, statusmsg: 'OK', data: {agents: agents.map((agent) => ({agent}))}},
			]);
		if (!agents.includes('openshift')) return outcome([], {ok: false, exitCode: 1, nothingDiscovered: true});
		return outcome([{sender: NODE, statuscode: 0, statusmsg: 'OK', data: {msg: o.args?.msg}}]);
	};

function host(more: Partial<FakeHost> = {}): FakeHost {
	const h = allInOne(ingredients, {rpc: node(['rpcutil', 'discovery', 'openshift']), ...more});
	h.files.set(DDL, DDL_TEXT);
	return h;
}

describe('agent ladder over fakes', () => {
	it('a good node: packages not applicable without rpm, the agent loaded, echo answers with Time nil (F22 is normal)', async () => {
		const io = fakeIO(host());
		const r = await runLandmark('agent', context(io, ingredients));
		assert.equal(r.ok, true, JSON.stringify(r.checks, null, 1));
		assert.equal(r.checks[0]?.skipped, true);
		assert.match(r.checks[0]?.evidence ?? '', /^not applicable: no rpm on this host/);
		assert.equal(r.checks[1]?.evidence, `openshift agent loaded on ${NODE}`);
		assert.equal(
			r.checks[2]?.evidence,
			`${NODE}: Message: foo, Time: nil (normal: OpenShift's echo only sets msg, F22)`,
		);
		assert.ok(io.calls.includes(`readFile ${DDL}`));
	});

	it('packages: with rpm, every seed package of the roles present is asked for; one missing fails naming it', async () => {
		const all = [...CLIENT_PACKAGES, ...NODE_PACKAGES];
		const commands = Object.fromEntries([
			['rpm --version', {code: 0}],
			...all.map((p) => [`rpm -q ${p}`, {code: p === 'mcollective' ? 1 : 0}]),
		]);
		const r = await runLandmark('agent', context(fakeIO(host({commands})), ingredients));
		assert.equal(failedRung(r)?.id, 'packages');
		assert.equal(failedRung(r)?.evidence, 'missing: mcollective');

		const fine = Object.fromEntries([
			['rpm --version', {code: 0}],
			...all.map((p) => [`rpm -q ${p}`, {code: 0}]),
		]);
		const ok = await runLandmark('agent', context(fakeIO(host({commands: fine})), ingredients));
		assert.equal(ok.checks[0]?.ok, true);
		assert.match(ok.checks[0]?.evidence ?? '', /^installed: mcollective-client, /);
	});

	it('agent-inventory: no openshift agent and no load error → F17, the agent is not in the libdir', async () => {
		const r = await runLandmark(
			'agent',
			context(fakeIO(host({rpc: node(['rpcutil', 'discovery'])})), ingredients),
		);
		assert.equal(failedRung(r)?.id, 'agent-inventory');
		assert.equal(r.diagnosis?.id, 'F17');
		assert.match(r.diagnosis?.evidence.join('\n') ?? '', /not in the node's libdir/);
	});

	it('agent-inventory: the node log says the agent failed to load → F17 naming the package to install', async () => {
		const h = host({rpc: node(['rpcutil', 'discovery'])});
		h.files.set(
			NODE_LOG,
			STARTED +
				logLine(
					'E',
					'Loading agent openshift failed: cannot load such file -- openshift-origin-container-selinux',
				).replace("runner.rb:206:in `receive'", "agents.rb:71:in `rescue in loadagent'"),
		);
		const r = await runLandmark('agent', context(fakeIO(h), ingredients));
		assert.equal(failedRung(r)?.id, 'agent-inventory');
		assert.equal(r.diagnosis?.id, 'F17');
		assert.match(r.diagnosis?.evidence.join('\n') ?? '', /rubygem-openshift-origin-container-selinux/);
	});

	it("agent-inventory: a node that does not answer fails with mco's error", async () => {
		const silent = (): RpcOutcome => outcome([], {ok: false, exitCode: 1, error: 'no answer within 4000 ms'});
		const io = fakeIO(host({rpc: silent}));
		// landmark 2 is proven again (src/checks/index.ts): no connection leaves this test
		io.tcpConnect = async () => ({outcome: 'refused', ms: 1, code: 'ECONNREFUSED'});
		const r = await runLandmark('agent', context(io, ingredients));
		assert.equal(failedRung(r)?.id, 'agent-inventory');
		assert.equal(
			failedRung(r)?.evidence,
			`${NODE} did not answer rpcutil agent_inventory: no answer within 4000 ms`,
		);
	});

	it('agent-inventory: a node that answers nothing because the broker refuses: landmark 2 proven again here, its F1', async () => {
		const silent = (): RpcOutcome => outcome([], {ok: false, exitCode: 1, error: 'execution expired'});
		const io = fakeIO(host({rpc: silent}));
		io.tcpConnect = async () => ({outcome: 'refused', ms: 1, code: 'ECONNREFUSED'});
		const r = await runLandmark('agent', context(io, ingredients));
		assert.equal(failedRung(r)?.id, 'agent-inventory', 'the landmark still reports its own rungs');
		assert.equal(r.diagnosis?.id, 'F1', JSON.stringify(r.diagnosis));
		assert.match(
			r.diagnosis?.evidence[0] ?? '',
			/^landmark 2 fails on this host now, at tcp: 127\.0\.0\.1:61613 refused/,
		);
	});

	it('mco not installed: says so with the client package to install, never an agent or node verdict', async () => {
		// the real mcoRpcCli, spawning a program that does not exist: the ENOENT a host without mco gives
		const missing = '/nonexistent/honesty-test/mco';
		const io = fakeIO(host({rpc: (o) => mcoRpcCli(o)}));
		// landmark 2 must not be re-proven for this (mco never ran): any connection attempt shows up here
		io.tcpConnect = async () => ({outcome: 'refused', ms: 1, code: 'ECONNREFUSED'});
		const base = context(io, ingredients);
		const ctx = {...base, system: {...base.system, mco: missing}};
		const r = await runLandmark('agent', ctx);
		assert.equal(failedRung(r)?.id, 'agent-inventory');
		assert.match(
			failedRung(r)?.evidence ?? '',
			/client program \/nonexistent\/honesty-test\/mco could not be started .*ENOENT/,
		);
		assert.equal(r.diagnosis?.id, undefined, JSON.stringify(r.diagnosis));
		assert.equal(r.diagnosis?.uncatalogued, 'uncatalogued-mco-missing');
		assert.deepEqual(r.diagnosis?.candidates ?? [], []);
		assert.ok(r.diagnosis?.fix.some((line) => /^apt-get install -y mcollective-client\b/.test(line)));
		assert.ok(r.diagnosis?.fix.some((line) => /^yum install -y mcollective-client\b/.test(line)));
		assert.doesNotMatch(JSON.stringify(r.diagnosis), /F17|libdir|node log/);
		assert.ok(
			!io.calls.some((c) => c.startsWith('tcpConnect') || c.startsWith('probeStomp')),
			io.calls.join('\n'),
		);

		// Retry from echo on the SCL platform: the same, with the collection's package
		const scl = {...ingredients, platform: 'scl' as const};
		const echo = await runLandmark('agent', {...ctx, ingredients: scl}, {from: 'echo'});
		assert.equal(failedRung(echo)?.id, 'echo');
		assert.equal(echo.diagnosis?.uncatalogued, 'uncatalogued-mco-missing', JSON.stringify(echo.diagnosis));
		assert.deepEqual(echo.diagnosis?.fix, ['yum install -y ruby193-mcollective-client']);
	});

	it('agent-inventory: no node named in the ingredients never passes: it fails saying no node was asked, no catalogue verdict', async () => {
		const io = fakeIO(host());
		const none = {...ingredients, nodeIdentities: []};
		const r = await runLandmark('agent', context(io, none), {from: 'agent-inventory'});
		assert.equal(r.ok, false);
		assert.equal(failedRung(r)?.id, 'agent-inventory');
		assert.match(failedRung(r)?.evidence ?? '', /no node to ask/);
		assert.doesNotMatch(failedRung(r)?.evidence ?? '', /loaded on/);
		assert.ok(!io.calls.some((c) => c.startsWith('mcoRpc')), 'nothing sent');
		assert.equal(r.diagnosis?.id, undefined, 'no catalogue entry: nothing about any node was seen');
		assert.equal(r.diagnosis?.uncatalogued, 'uncatalogued-no-nodes');
	});

	it('echo: no DDL in the client libdir fails before anything is sent', async () => {
		const h = host();
		h.files.delete(DDL);
		const io = fakeIO(h);
		const r = await runLandmark('agent', context(io, ingredients), {from: 'echo'});
		assert.equal(failedRung(r)?.id, 'echo');
		assert.equal(failedRung(r)?.evidence, `no openshift.ddl in the client's libdir (${LIBDIR})`);
		assert.ok(!io.calls.includes('mcoRpc openshift echo'));
	});

	it('echo: the DDL rules are checked before sending', () => {
		const rules = ddlRules(DDL_TEXT);
		assert.equal(rules.maxlength, 90);
		assert.equal(checkEchoInput('foo', rules), undefined);
		assert.equal(checkEchoInput('', rules), "msg '' does not match ^.+$");
		assert.equal(checkEchoInput('x'.repeat(91), rules), 'msg is 91 characters, the DDL allows 90');
	});
});
