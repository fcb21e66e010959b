// Writes the lab's known-good server.cfg and client.cfg exactly as the wizard renders them
// (src/core/mco-config/render.ts), with the lab's paths. Called by lab.sh:
//   node --import tsx lab/render-config.ts <labDir> <outDir>
import {chmodSync, renameSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {renderClientCfg, renderServerCfg} from '../src/core/mco-config/render.js';
import type {Ingredients} from '../src/core/types.js';

// The same values lab.sh writes to answers.ini [ingredients].
export const LAB_INGREDIENTS: Ingredients = {
	brokerHost: '127.0.0.1',
	stompPort: 61613,
	topicUser: 'mcollective',
	topicPassword: 'marionette',
	adminPassword: 'msgadminsecret',
	psk: 'mcsecret',
	connector: 'activemq',
	collectives: ['mcollective'],
	clientHost: 'localhost',
	nodeIdentities: ['node1.infra.example.com'],
	platform: 'plain',
};

const [labDir, outDir] = process.argv.slice(2);
if (!labDir || !outDir) {
	console.error('usage: node --import tsx lab/render-config.ts <labDir> <outDir>');
	process.exit(2);
}

const libdir = join(labDir, 'plugins');
const files = {
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
for (const [name, text] of Object.entries(files)) {
	const tmp = join(outDir, `.${name}.tmp`);
	writeFileSync(tmp, text, {mode: 0o600});
	chmodSync(tmp, 0o600);
	renameSync(tmp, join(outDir, name));
}
