// Writes the three-host lab's known-good configs exactly as the wizard renders them
// (src/core/mco-config/render.ts): broker's client.cfg and each node's server.cfg, with the paths
// as each host sees them (its own /etc/mcollective, /var/log, Debian's libdir), broker host
// msg1.infra.example.com. Called by lab/hosts.sh:
//   node --import tsx lab/render-hosts-config.ts <goodDir>   (writes <goodDir>/<host>/<file>)
import {chmodSync, mkdirSync, renameSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {renderClientCfg, renderServerCfg} from '../src/core/mco-config/render.js';
import type {Ingredients} from '../src/core/types.js';

// The same values lab/hosts.sh writes to each host's answers.ini [ingredients].
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

const [goodDir] = process.argv.slice(2);
if (!goodDir) {
	console.error('usage: node --import tsx lab/render-hosts-config.ts <goodDir>');
	process.exit(2);
}

const server = (identity: string) =>
	renderServerCfg(HOSTS_LAB_INGREDIENTS, {
		identity,
		// debug so every fault leaves its real trace in the node's log
		loglevel: 'debug',
		// hosts.sh runs it in the foreground and records its PID
		daemonize: false,
	});
const files: Record<string, Record<string, string>> = {
	broker: {'client.cfg': renderClientCfg(HOSTS_LAB_INGREDIENTS)},
	node1: {'server.cfg': server('node1.infra.example.com')},
	node2: {'server.cfg': server('node2.infra.example.com')},
};
for (const [host, byName] of Object.entries(files)) {
	const dir = join(goodDir, host);
	mkdirSync(dir, {recursive: true, mode: 0o700});
	for (const [name, text] of Object.entries(byName)) {
		const tmp = join(dir, `.${name}.tmp`);
		writeFileSync(tmp, text, {mode: 0o600});
		chmodSync(tmp, 0o600);
		renameSync(tmp, join(dir, name));
	}
}
