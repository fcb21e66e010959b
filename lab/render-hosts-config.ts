// Writes the three-host lab's known-good configs exactly as the wizard renders them
// (lab/lab-configs.ts): broker's client.cfg and each node's server.cfg, with the paths as each
// host sees them (its own /etc/mcollective, /var/log, Debian's libdir), broker host
// msg1.infra.example.com. Called by lab/hosts.sh:
//   node --import tsx lab/render-hosts-config.ts <goodDir>   (writes <goodDir>/<host>/<file>)
import {join} from 'node:path';
import {hostsLabConfigs} from './lab-configs.js';
import {writeConfigs} from './write-configs.js';

const [goodDir] = process.argv.slice(2);
if (!goodDir) {
	console.error('usage: node --import tsx lab/render-hosts-config.ts <goodDir>');
	process.exit(2);
}
for (const [host, files] of Object.entries(hostsLabConfigs())) writeConfigs(join(goodDir, host), files);
