// The good path on three hosts: the real mco on broker reaches both nodes through msg1, with the
// configs the wizard's own renderer wrote, and each node logs the request it answered.
import assert from 'node:assert/strict';
import {existsSync, readFileSync, statSync} from 'node:fs';
import {join} from 'node:path';
import {describe, it} from 'node:test';
import {parse} from 'ini';
import {readLogSince} from '../helpers/lab.js';
import {HOSTS, LAB3, NODES, onHost, pingedIdentities, requireLab3, withLab3} from '../helpers/lab3.js';
import {BOTH, echo, out, ping} from './helpers.js';

describe('three-host lab: good path', () => {
	it('mco ping on broker lists node1 and node2; mco rpc reaches both; each node logs it', async (t) => {
		if (!(await requireLab3(t))) return;
		await withLab3(async () => {
			const from = {node1: statSync(LAB3.nodeLog('node1')).size, node2: statSync(LAB3.nodeLog('node2')).size};
			const p = await ping();
			assert.equal(p.code, 0, out(p));
			assert.deepEqual(pingedIdentities(p.stdout), BOTH, out(p));
			const e = await echo();
			assert.equal(e.code, 0, out(e));
			assert.match(e.stdout, /Finished processing 2 \/ 2 hosts/);
			for (const n of NODES) {
				const log = readLogSince(LAB3.nodeLog(n), from[n]);
				assert.match(
					log,
					/Handling message \w+ for agent 'discovery' in collective 'mcollective' from uid=0@broker\.infra\.example\.com/,
					`${n}`,
				);
				assert.match(
					log,
					/Handling message \w+ for agent 'openshift' .* from uid=0@broker\.infra\.example\.com/,
					`${n}`,
				);
			}
		});
	});

	it('the hosts run the configs the wizard renders, with msg1.infra.example.com as broker host', async (t) => {
		if (!(await requireLab3(t))) return;
		const client = readFileSync(join(LAB3.etcMcollective('broker'), 'client.cfg'), 'utf8');
		assert.equal(client, readFileSync(LAB3.good('broker', 'client.cfg'), 'utf8'));
		assert.match(client, /^# MCollective client configuration \(mco\), written by mco-wizard\./m);
		assert.match(client, /^plugin\.activemq\.pool\.1\.host = msg1\.infra\.example\.com$/m);
		for (const n of NODES) {
			const server = readFileSync(join(LAB3.etcMcollective(n), 'server.cfg'), 'utf8');
			assert.equal(server, readFileSync(LAB3.good(n, 'server.cfg'), 'utf8'));
			assert.match(server, /^plugin\.activemq\.pool\.1\.host = msg1\.infra\.example\.com$/m);
			assert.equal(statSync(join(LAB3.etcMcollective(n), 'server.cfg')).mode & 0o777, 0o600);
		}
		// ActiveMQ on msg1 listens on msg1's name and address
		const log = readFileSync(LAB3.brokerLog, 'utf8');
		assert.match(log, /Listening for connections at: stomp\+nio:\/\/msg1\.infra\.example\.com:61613/);
	});

	it('each host has an answers file naming its own files as that host sees them', async (t) => {
		if (!(await requireLab3(t))) return;
		for (const h of HOSTS) {
			assert.equal(statSync(LAB3.answers(h)).mode & 0o777, 0o600, `${h} answers.ini holds secrets`);
			const a = parse(readFileSync(LAB3.answers(h), 'utf8'));
			assert.equal(a.ingredients.brokerHost, 'msg1.infra.example.com');
			assert.equal(a.ingredients.nodeIdentities, 'node1.infra.example.com,node2.infra.example.com');
			for (const key of ['clientConfig', 'serverConfig', 'nodeLog'] as const) {
				const path = a.system[key] as string | undefined;
				if (path === undefined) continue;
				const seen = await onHost(h, 'test', ['-e', path]);
				assert.equal(seen.code, 0, `${h}: [system] ${key} = ${path} does not exist on ${h}`);
			}
		}
		const broker = parse(readFileSync(LAB3.answers('broker'), 'utf8')).system;
		assert.equal(broker.clientConfig, '/etc/mcollective/client.cfg');
		assert.equal(broker.serverConfig, undefined, 'broker is not a node');
		for (const n of NODES) {
			const s = parse(readFileSync(LAB3.answers(n), 'utf8')).system;
			assert.equal(s.serverConfig, '/etc/mcollective/server.cfg');
			assert.equal(s.nodeLog, '/var/log/mcollective.log');
			assert.equal(s.identity, LAB3.fqdn(n));
			assert.equal(s.clientConfig, undefined, `${n} is not the client`);
			assert.ok(existsSync(LAB3.nodeLog(n)));
		}
	});
});
