/** Role detection as a table: which host is this, from names, daemons and files (src/core/role.ts). */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {
	decideRoles,
	type HostFacts,
	isHere,
	landmarksHere,
	parseRoles,
	rolesKey,
	runOn,
	sameHost,
} from '../../src/core/role.js';
import type {Ingredients, Role} from '../../src/core/types.js';
import {LANDMARK_STEPS, stepFor} from '../../steps/index.js';

const SEED: Partial<Ingredients> = {
	brokerHost: 'msg1.infra.example.com',
	clientHost: 'broker.infra.example.com',
	nodeIdentities: ['node1.infra.example.com', 'node2.infra.example.com'],
};

const host = (over: Partial<HostFacts> = {}): HostFacts => ({
	hostname: 'unrelated.example.com',
	addresses: [],
	files: {},
	daemons: {mcollectived: false, activemq: false},
	...over,
});

describe('role detection', () => {
	const table: {
		name: string;
		facts: HostFacts;
		ingredients?: Partial<Ingredients>;
		roles: Role[];
		certain: boolean;
	}[] = [
		{
			name: 'msg1 by name',
			facts: host({hostname: 'msg1.infra.example.com'}),
			roles: ['message-broker'],
			certain: true,
		},
		{
			name: 'the OpenShift broker by name',
			facts: host({hostname: 'broker.infra.example.com'}),
			roles: ['client'],
			certain: true,
		},
		{
			name: 'a node by its identity',
			facts: host({hostname: 'node2.infra.example.com'}),
			roles: ['node'],
			certain: true,
		},
		{
			name: 'a short hostname matches the full name',
			facts: host({hostname: 'node1'}),
			roles: ['node'],
			certain: true,
		},
		{
			name: 'a host named by address',
			facts: host({addresses: ['198.18.0.2']}),
			ingredients: {...SEED, clientHost: '198.18.0.2'},
			roles: ['client'],
			certain: true,
		},
		{
			name: 'mcollectived running → node',
			facts: host({daemons: {mcollectived: true, activemq: false}}),
			roles: ['node'],
			certain: true,
		},
		{
			name: 'ActiveMQ java running → message broker',
			facts: host({daemons: {mcollectived: false, activemq: true}}),
			roles: ['message-broker'],
			certain: true,
		},
		{
			name: 'only client.cfg: client, not certain',
			facts: host({files: {clientCfg: '/etc/mcollective/client.cfg'}}),
			roles: ['client'],
			certain: false,
		},
		{
			name: 'only activemq.xml: message broker, not certain',
			facts: host({files: {activemqXml: '/etc/activemq/activemq.xml'}}),
			roles: ['message-broker'],
			certain: false,
		},
		{
			name: 'a node with a packaged client.cfg is still just a node',
			facts: host({
				hostname: 'node1.infra.example.com',
				files: {clientCfg: '/etc/mcollective/client.cfg', serverCfg: '/etc/mcollective/server.cfg'},
			}),
			roles: ['node'],
			certain: true,
		},
		{
			name: 'server.cfg named in [system] keeps a node a node while mcollectived is stopped',
			facts: host({files: {serverCfg: '/srv/etc/server.cfg', serverCfgNamed: true}}),
			roles: ['node'],
			certain: true,
		},
		{name: 'nothing seen: unknown', facts: host({daemons: undefined}), roles: [], certain: false},
		{
			name: 'the single-host lab: loopback names and both daemons → all three',
			facts: host({hostname: 'vm', daemons: {mcollectived: true, activemq: true}}),
			ingredients: {
				brokerHost: '127.0.0.1',
				clientHost: 'localhost',
				nodeIdentities: ['node1.infra.example.com'],
			},
			roles: ['message-broker', 'client', 'node'],
			certain: true,
		},
		{
			name: 'another domain with the same first label is another host',
			facts: host({hostname: 'node1.other.example.org'}),
			roles: [],
			certain: false,
		},
	];
	for (const row of table) {
		it(row.name, () => {
			const d = decideRoles({facts: row.facts, ingredients: row.ingredients ?? SEED});
			assert.deepEqual(d.roles, row.roles);
			assert.equal(d.certain, row.certain);
			assert.equal(d.source, row.roles.length === 0 ? 'none' : 'detected');
		});
	}

	it('--role wins over the answers file, which wins over detection', () => {
		const facts = host({hostname: 'node1.infra.example.com'});
		const flag = decideRoles({flag: ['client'], answers: ['message-broker'], facts, ingredients: SEED});
		assert.deepEqual([flag.roles, flag.source, flag.certain], [['client'], 'flag', true]);
		const answers = decideRoles({answers: ['message-broker'], facts, ingredients: SEED});
		assert.deepEqual([answers.roles, answers.source], [['message-broker'], 'answers']);
		assert.deepEqual(decideRoles({facts, ingredients: SEED}).roles, ['node']);
	});

	it('parses role lists and names a bad one', () => {
		assert.deepEqual(parseRoles('node,client'), {roles: ['client', 'node']});
		assert.deepEqual(parseRoles('client node client'), {roles: ['client', 'node']});
		assert.ok('error' in parseRoles('broker'));
		assert.ok('error' in parseRoles(''));
		assert.equal(rolesKey(['node', 'message-broker']), 'message-broker+node');
	});

	it('sameHost: case, trailing dot, short vs full', () => {
		assert.ok(sameHost('Node1.Infra.Example.com.', 'node1.infra.example.com'));
		assert.ok(sameHost('node1', 'node1.infra.example.com'));
		assert.ok(!sameHost('node1.a.com', 'node1.b.com'));
		assert.ok(!sameHost('', 'node1'));
	});
});

describe('landmarks per role (steps/ data)', () => {
	it('the seed: ingredients everywhere, activemq on the message broker, client/e2e/agent on the OpenShift broker, server and the agent on a node', () => {
		const ids = (roles: Role[]) => landmarksHere(LANDMARK_STEPS, roles).map((s) => s.id);
		assert.deepEqual(ids(['client']), ['ingredients', 'client', 'e2e', 'agent']);
		assert.deepEqual(ids(['node']), ['ingredients', 'server', 'agent']);
		assert.deepEqual(ids(['message-broker']), ['ingredients', 'activemq']);
		assert.deepEqual(ids(['message-broker', 'client', 'node']), [
			'ingredients',
			'activemq',
			'client',
			'server',
			'e2e',
			'agent',
		]);
		// unknown: nothing is hidden
		assert.ok(LANDMARK_STEPS.every((s) => isHere(s, [])));
	});

	it('the command for the other host names its role, the step and the answers file to carry', () => {
		const target = runOn(stepFor('server'), SEED, {answers: '/srv/my answers.ini', command: 'wizard'});
		assert.equal(target.role, 'node');
		assert.deepEqual(target.hosts, SEED.nodeIdentities);
		assert.equal(target.command, "mco-wizard --role node --step server --answers '/srv/my answers.ini'");
		const check = runOn(stepFor('e2e'), SEED, {answers: 'a.ini', command: 'check'});
		assert.equal(check.command, 'mco-wizard check --role client --step e2e --answers a.ini');
		assert.deepEqual(check.hosts, ['broker.infra.example.com']);
	});
});
