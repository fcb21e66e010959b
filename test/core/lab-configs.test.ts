/**
 * The labs' known-good configs (lab/lab-configs.ts, written by lab.sh and hosts.sh) are good by
 * the wizard's own lint: every fault a lab test switches on starts from files that pass.
 */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {hostsLabConfigs, labConfigs} from '../../lab/lab-configs.js';
import {hasErrors, lintConfig, lintPair} from '../../src/core/mco-config/lint.js';

describe('the labs’ known-good configs', () => {
	it('single-host lab: client.cfg and server.cfg lint clean and agree', () => {
		const files = labConfigs('/var/lib/mco-wizard-lab');
		const client = files['client.cfg'] ?? '';
		const server = files['server.cfg'] ?? '';
		assert.equal(hasErrors(lintConfig(client, 'client')), false);
		assert.equal(hasErrors(lintConfig(server, 'server')), false);
		assert.deepEqual(lintPair(client, server), []);
		assert.match(server, /^logfile = \/var\/lib\/mco-wizard-lab\/mcollective\.log$/m);
	});

	it("three-host lab: the broker's client.cfg agrees with each node's server.cfg", () => {
		const hosts = hostsLabConfigs();
		const client = hosts.broker?.['client.cfg'] ?? '';
		assert.equal(hasErrors(lintConfig(client, 'client')), false);
		for (const node of ['node1', 'node2']) {
			const server = hosts[node]?.['server.cfg'] ?? '';
			assert.equal(hasErrors(lintConfig(server, 'server')), false, node);
			assert.deepEqual(lintPair(client, server), [], node);
			assert.match(server, new RegExp(`^identity = ${node}\\.infra\\.example\\.com$`, 'm'));
		}
	});
});
