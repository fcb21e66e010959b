// The three hosts are really apart: own network (198.18.0.0/24 only inside the lab's namespaces),
// own hostname, own /etc, own process list; the machine's root namespace gains nothing.
import assert from 'node:assert/strict';
import {readdirSync} from 'node:fs';
import {describe, it} from 'node:test';
import {runBounded} from '../helpers/lab.js';
import {HOSTS, LAB3, onHost, requireLab3} from '../helpers/lab3.js';

const root = (cmd: string, args: string[]) => runBounded(cmd, args, {timeoutMs: 10_000});

describe('three-host lab: isolation', () => {
	it('the root namespace has no 198.18 address, route, neighbour or lab interface', async (t) => {
		if (!(await requireLab3(t))) return;
		const addr = await root('ip', ['-o', 'addr']);
		assert.equal(addr.code, 0);
		assert.doesNotMatch(addr.stdout, /198\.18\./);
		for (const family of ['-4', '-6']) {
			const routes = await root('ip', [family, 'route', 'show', 'table', 'all']);
			assert.equal(routes.code, 0);
			assert.doesNotMatch(routes.stdout, /198\.18\./);
		}
		const neigh = await root('ip', ['neigh']);
		assert.doesNotMatch(neigh.stdout, /198\.18\./);
		const links = await root('ip', ['-o', 'link']);
		assert.doesNotMatch(links.stdout, /\bv-(msg1|broker|node1|node2)\b|\bbr0\b/);
		// Not a single interface of the lab in the root namespace: a route lookup for msg1's address
		// can only pick the machine's own default route, never a lab device. (No packet is sent: the
		// default route leads off the machine, to addresses this project must not target.)
		const get = await root('ip', ['-o', 'route', 'get', LAB3.addr.msg1]);
		assert.doesNotMatch(get.stdout, /dev (v-\S+|br0|eth0@)/);
		const lo = await root('ip', ['-o', 'addr', 'show', 'dev', 'lo']);
		assert.doesNotMatch(lo.stdout, /198\.18\./);
		// the namespaces are the lab's own, named mcolab3-*
		const netns = readdirSync('/run/netns')
			.filter((n) => n.startsWith(LAB3.netnsPrefix))
			.sort();
		assert.deepEqual(netns, [
			'mcolab3-broker',
			'mcolab3-msg1',
			'mcolab3-node1',
			'mcolab3-node2',
			'mcolab3-switch',
		]);
	});

	it('inside the lab, broker reaches msg1:61613 and every host has its own network namespace', async (t) => {
		if (!(await requireLab3(t))) return;
		const reach = await onHost('broker', 'bash', [
			'-c',
			`exec 3<>/dev/tcp/msg1.infra.example.com/${LAB3.port} && echo open`,
		]);
		assert.equal(reach.stdout.trim(), 'open', reach.stderr);
		const nets = new Set<string>();
		for (const h of HOSTS) {
			const ns = await onHost(h, 'readlink', ['/proc/self/ns/net']);
			const a = await onHost(h, 'ip', ['-o', '-4', 'addr', 'show', 'dev', 'eth0']);
			assert.match(
				a.stdout,
				new RegExp(`inet ${LAB3.addr[h].replaceAll('.', '\\.')}/24`),
				`${h}: ${a.stdout}${a.stderr}`,
			);
			nets.add(ns.stdout.trim());
		}
		nets.add((await root('readlink', ['/proc/self/ns/net'])).stdout.trim());
		assert.equal(nets.size, HOSTS.length + 1, 'four hosts and the machine: five network namespaces');
		// ActiveMQ binds msg1's address, not every address
		const ss = await onHost('msg1', 'ss', ['-Hltn', `sport = :${LAB3.port}`]);
		assert.match(ss.stdout, new RegExp(`198\\.18\\.0\\.1\\]?:${LAB3.port}`), ss.stdout);
	});

	it('each host has its own hostname, /etc/hosts, /etc/mcollective and process list', async (t) => {
		if (!(await requireLab3(t))) return;
		for (const h of HOSTS) {
			const name = await onHost(h, 'hostname');
			assert.equal(name.stdout.trim(), LAB3.fqdn(h), `${h}: ${name.stderr}`);
			const etcHostname = await onHost(h, 'cat', ['/etc/hostname']);
			assert.equal(etcHostname.stdout.trim(), LAB3.fqdn(h));
			const hosts = await onHost(h, 'getent', [
				'hosts',
				'msg1.infra.example.com',
				'broker.infra.example.com',
				'node1.infra.example.com',
				'node2.infra.example.com',
			]);
			for (const x of HOSTS)
				assert.match(
					hosts.stdout,
					new RegExp(`^${LAB3.addr[x].replaceAll('.', '\\.')}\\s+${x}\\.infra`, 'm'),
					`${h} resolves ${x}`,
				);
		}
		const etc = async (h: (typeof HOSTS)[number]) =>
			(await onHost(h, 'ls', ['/etc/mcollective'])).stdout
				.split('\n')
				.filter((f) => f.endsWith('.cfg'))
				.sort();
		assert.deepEqual(await etc('broker'), ['client.cfg']);
		assert.deepEqual(await etc('node1'), ['server.cfg']);
		assert.deepEqual(await etc('node2'), ['server.cfg']);
		assert.deepEqual(await etc('msg1'), []);
		for (const n of ['node1', 'node2'] as const) {
			const cfg = await onHost(n, 'grep', ['^identity', '/etc/mcollective/server.cfg']);
			assert.equal(cfg.stdout.trim(), `identity = ${LAB3.fqdn(n)}`);
		}
		const ps = async (h: (typeof HOSTS)[number]) => (await onHost(h, 'ps', ['-eo', 'pid=,args='])).stdout;
		const msg1 = await ps('msg1');
		assert.match(msg1, /activemq\.jar/);
		assert.doesNotMatch(msg1, /mcollectived/);
		for (const n of ['node1', 'node2'] as const) {
			const p = await ps(n);
			assert.match(p, /^\s*\d+ ruby \/usr\/sbin\/mcollectived/m);
			assert.doesNotMatch(p, /activemq\.jar/);
			assert.equal(
				p.match(/mcollectived --config/g)?.length,
				1,
				`${n} sees only its own mcollectived:\n${p}`,
			);
		}
		const broker = await ps('broker');
		assert.doesNotMatch(broker, /mcollectived|activemq\.jar/);
		// PID 1 of each host is the lab's init, not the machine's
		assert.match(broker, /^\s*1 bash -c /m);
	});
});
