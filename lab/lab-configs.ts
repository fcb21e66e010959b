// The labs' known-good answers and the configs the wizard renders from them
// (src/core/mco-config/render.ts), with the paths each lab's daemons use. Pure: the scripts
// lab/render-config.ts (single-host lab, lab.sh) and lab/render-hosts-config.ts (three-host lab,
// hosts.sh) write these files; importing this module runs nothing.
import {join} from 'node:path';
import {renderClientCfg, renderServerCfg} from '../src/core/mco-config/render.js';
import type {Ingredients} from '../src/core/types.js';

// The same values lab/hosts.sh writes to each host's answers.ini [ingredients]: the seed's hosts.
export const HOSTS_LAB_INGREDIENTS: Ingredients = {
	brokerHost: 'msg1.infra.example.com',
	stompPort: 61613,
	topicUser: 'mcollective',
	topicPassword: 'marionette',
	adminPassword: 'msgadminsecret',
	psk: 'mcsecret',
	connector: 'activemq',
	collectives: ['mcollective'],
	clientHost: 'broker.infra.example.com',
	nodeIdentities: ['node1.infra.example.com', 'node2.infra.example.com'],
	platform: 'plain',
};

// The same values lab.sh writes to answers.ini [ingredients]: everything on this one machine.
export const LAB_INGREDIENTS: Ingredients = {
	...HOSTS_LAB_INGREDIENTS,
	brokerHost: '127.0.0.1',
	clientHost: 'localhost',
	nodeIdentities: ['node1.infra.example.com'],
};

/** File name → text. */
export type ConfigFiles = Readonly<Record<string, string>>;

/** The single-host lab's server.cfg and client.cfg, with paths under `labDir`. */
export function labConfigs(labDir: string): ConfigFiles {
	const libdir = join(labDir, 'plugins');
	return {
		'server.cfg': renderServerCfg(LAB_INGREDIENTS, {
			identity: 'node1.infra.example.com',
			logfile: join(labDir, 'mcollective.log'),
			libdir,
			// debug so every fault leaves its real trace in the node log
			loglevel: 'debug',
			factsFile: join(labDir, 'etc', 'facts.yaml'),
			// lab.sh runs it in the foreground and records its PID
			daemonize: false,
		}),
		// libdir holds the openshift DDL too, so `mco rpc openshift echo` validates and formats
		'client.cfg': renderClientCfg(LAB_INGREDIENTS, {libdir}),
	};
}

/** The three-host lab's files by host: the broker's client.cfg, each node's server.cfg (paths as each host sees them). */
export function hostsLabConfigs(): Readonly<Record<string, ConfigFiles>> {
	const server = (identity: string) =>
		renderServerCfg(HOSTS_LAB_INGREDIENTS, {
			identity,
			// debug so every fault leaves its real trace in the node's log
			loglevel: 'debug',
			// hosts.sh runs it in the foreground and records its PID
			daemonize: false,
		});
	return {
		broker: {'client.cfg': renderClientCfg(HOSTS_LAB_INGREDIENTS)},
		node1: {'server.cfg': server('node1.infra.example.com')},
		node2: {'server.cfg': server('node2.infra.example.com')},
	};
}
