/**
 * `npm run bench`: builds the bundle, then runs every bench/*.ts except the helpers, each in
 * its own process (so one benchmark's warm caches or heap never flatter another's). Each writes
 * bench/results/<name>.md; the README's benchmark table is copied from those files.
 */
import {spawnSync} from 'node:child_process';
import {readdirSync} from 'node:fs';

const HELPERS = new Set(['run.ts', 'measure.ts']);
const only = process.argv.slice(2);
const build = spawnSync(process.execPath, ['scripts/build.mjs', '--quiet'], {stdio: 'inherit'});
if (build.status !== 0) process.exit(build.status ?? 1);

let failed = 0;
for (const file of readdirSync('bench').sort()) {
	if (!file.endsWith('.ts') || HELPERS.has(file)) continue;
	if (only.length > 0 && !only.some((x) => file.includes(x))) continue;
	console.log(`\n=== bench/${file}`);
	const result = spawnSync(process.execPath, ['--import', 'tsx', `bench/${file}`], {stdio: 'inherit'});
	if (result.status !== 0) {
		failed++;
		console.error(`bench/${file} exited ${result.status}`);
	}
}
process.exitCode = failed > 0 ? 1 : 0;
