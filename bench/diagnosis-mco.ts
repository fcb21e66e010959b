/**
 * What the real `mco ping` says, and when, under each lab fault of bench/diagnosis.ts: the other
 * half of "time to each diagnosis against what mco says and when" (#12). One run per fault (mco's
 * own default 5 s timeout; its discovery and output are the same each time), the lab's client.cfg
 * (the fault's own where the fault changes it). Writes bench/results/diagnosis-mco.md; never asserted.
 */
import {writeFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {type FaultName, LAB, labUp, runMco, withFault, withLab} from '../test/helpers/lab.js';

const FAULTS: readonly [FaultName | undefined, string][] = [
	[undefined, 'good lab'],
	['wrong-port', 'wrong port'],
	['broker-stopped', 'broker stopped'],
	['unresolvable-host', 'unresolvable host'],
	['client-wrong-password', 'bad credentials'],
	['node-stopped', 'node stopped'],
	['psk-mismatch', 'psk mismatch'],
	['clock-skew', 'clock skew +300 s'],
	['collective-mismatch', 'node on another collective'],
];

/** mco's own words: its last non-empty lines, one line (a stack trace's first line at most). */
function said(stdout: string, stderr: string): string {
	const lines = `${stdout}\n${stderr}`
		.split('\n')
		.map((l) => l.trim())
		.filter((l) => l !== '' && !l.startsWith('from ') && !/^-+ ping statistics/.test(l));
	return (lines.slice(-2).join(' / ') || '(nothing)').replaceAll('|', '\\|').slice(0, 160);
}

if (!(await withLab(labUp))) {
	console.error('bench/diagnosis-mco: the real lab is not up (npm run lab -- up); nothing measured');
	process.exit(1);
}
const lines = [
	'# What `mco ping` says under each lab fault (real lab)',
	'',
	`\`mco ping -c <lab client.cfg>\` (mco 2.12.5, default 5 s timeout), one run per fault, ${new Date().toISOString()}. Compare with bench/results/diagnosis.md: the wizard's verdict and its time for the same fault.`,
	'',
	'| fault | mco exit | mco wall ms | what mco says |',
	'|---|---|---|---|',
];
for (const [fault, name] of FAULTS) {
	const run = () => runMco(['ping'], {timeoutMs: 60_000, config: LAB.clientCfg});
	const r = fault ? (await withFault(fault, run)).result : await withLab(run);
	const row = `| ${name} | ${r.code} | ${Math.round(r.ms)} | ${said(r.stdout, r.stderr)} |`;
	console.log(row);
	lines.push(row);
}
const out = process.env.BENCH_OUT ?? fileURLToPath(new URL('results/diagnosis-mco.md', import.meta.url));
writeFileSync(out, `${lines.join('\n')}\n`);
console.log(`wrote ${out}`);
