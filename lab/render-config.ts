// Writes the lab's known-good server.cfg and client.cfg exactly as the wizard renders them
// (lab/lab-configs.ts), with the lab's paths. Called by lab.sh:
//   node --import tsx lab/render-config.ts <labDir> <outDir>
import {labConfigs} from './lab-configs.js';
import {writeConfigs} from './write-configs.js';

const [labDir, outDir] = process.argv.slice(2);
if (!labDir || !outDir) {
	console.error('usage: node --import tsx lab/render-config.ts <labDir> <outDir>');
	process.exit(2);
}
writeConfigs(outDir, labConfigs(labDir));
