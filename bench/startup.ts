/**
 * Start-up cost of the CLI: the bundle (what `npm start` and the bin run) vs running the
 * sources under tsx, for `--help` (argv parsing + module load, no terminal UI).
 */
import {writeFileSync} from 'node:fs';
import {repeat, row, TABLE_HEAD} from './measure.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const lines = [
	'# Start-up',
	'',
	`Measured ${new Date().toISOString()} on ${process.platform}/${process.arch}, Node ${process.version}, ${RUNS} runs after one warm-up.`,
	'',
	TABLE_HEAD,
	row('node -e 0 (baseline)', repeat(RUNS, process.execPath, ['-e', '0'])),
	row('bundle: node dist/cli.mjs --help', repeat(RUNS, process.execPath, ['dist/cli.mjs', '--help'])),
	row('sources: tsx src/cli.tsx --help', repeat(RUNS, 'npx', ['tsx', 'src/cli.tsx', '--help'])),
	'',
];
writeFileSync('bench/results/startup.md', lines.join('\n'));
console.log(lines.join('\n'));
