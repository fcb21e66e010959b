/**
 * Time to a diagnosis against the REAL lab: for each fault, runLandmark in-process (no process
 * start-up counted) from the first rung to the diagnosis, N runs, median/min/max; plus the
 * time of the failing rung alone. A silent listener (accepts TCP, never answers) shows the user's
 * timeout is the bound. Writes bench/results/diagnosis.md (BENCH_OUT: another file; BENCH_ONLY: the
 * cases whose name holds it; BENCH_RUNS). Needs `npm run lab -- up`.
 */
import {once} from 'node:events';
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {type AddressInfo, createServer} from 'node:net';
import {hostname, tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {runLandmark} from '../src/checks/index.js';
import {completeIngredients, withDefaults} from '../src/core/ingredients.js';
import type {Ingredients, LandmarkId, SystemSettings} from '../src/core/types.js';
import {loadAnswers} from '../src/io/answers-file.js';
import {nodeCheckIO} from '../src/io/check-io.js';
import {type FaultName, LAB, labUp, withFault, withLab} from '../test/helpers/lab.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const TIMEOUT_MS = 5000;
const ONLY = process.env.BENCH_ONLY;

type Case = {
	name: string;
	fault?: FaultName;
	step: LandmarkId;
	system?: (s: SystemSettings) => SystemSettings;
	ingredients?: (i: Ingredients) => Ingredients;
};

const noServerCfg = (s: SystemSettings): SystemSettings => ({...s, serverConfig: '/nonexistent/server.cfg'});
// The OpenShift broker host: client.cfg only, no server.cfg, no node log (the client-side evidence decides).
const clientOnly = (s: SystemSettings): SystemSettings => ({
	...s,
	serverConfig: '/nonexistent/server.cfg',
	nodeLog: '/nonexistent/mcollective.log',
});
// A listener that accepts TCP and never says a word: the probe can only give up at the user's timeout.
const silent = createServer(() => {}).listen(0, '127.0.0.1');
await once(silent, 'listening');
const silentPort = (silent.address() as AddressInfo).port;
function silentHost(s: SystemSettings): SystemSettings {
	const dir = mkdtempSync(join(tmpdir(), 'mco-bench-'));
	const path = join(dir, 'client.cfg');
	const text = readFileSync(LAB.goodClientCfg, 'utf8').replace(
		/^(plugin\.activemq\.pool\.1\.port *= *).*$/m,
		`$1${silentPort}`,
	);
	writeFileSync(path, text, {mode: 0o600});
	return {...s, clientConfig: path, serverConfig: '/nonexistent/server.cfg'};
}

// #12 identity mismatch: the node list expects a name this host's node does not answer as.
const expectsNode1 = (i: Ingredients): Ingredients => ({...i, nodeIdentities: ['node1.example.com']});
// ... and a name that is this host's own: proven this host, the ping may stop early.
const expectsThisHost = (i: Ingredients): Ingredients => ({...i, nodeIdentities: [hostname()]});

const CASES: Case[] = [
	{name: 'good lab, client landmark (passes)', step: 'client'},
	{name: 'good lab, e2e landmark (passes)', step: 'e2e'},
	{name: 'wrong port (refused)', fault: 'wrong-port', step: 'client'},
	{name: 'broker stopped (refused)', fault: 'broker-stopped', step: 'client'},
	{name: 'unresolvable host', fault: 'unresolvable-host', step: 'client'},
	{
		name: 'bad credentials, broker host alone (ERROR frame)',
		fault: 'client-wrong-password',
		step: 'client',
		system: noServerCfg,
	},
	{name: 'bad credentials, both files here (fingerprints)', fault: 'client-wrong-password', step: 'client'},
	{name: 'silent listener (accepts, never answers; user timeout 5 s)', step: 'client', system: silentHost},
	{name: 'node stopped', fault: 'node-stopped', step: 'server'},
	{name: 'psk mismatch (node log)', fault: 'psk-mismatch', step: 'e2e'},
	{name: 'clock skew +300 s (node log)', fault: 'clock-skew', step: 'e2e'},
	{name: 'node on another collective (node log)', fault: 'collective-mismatch', step: 'e2e'},
	{name: 'agent missing', fault: 'agent-missing', step: 'agent'},
	{name: 'psk mismatch, client-only host', fault: 'psk-mismatch', step: 'e2e', system: clientOnly},
	{
		name: 'clock skew +300 s, client-only host (clock probe)',
		fault: 'clock-skew',
		step: 'e2e',
		system: clientOnly,
	},
	{
		name: 'node on another collective, client-only host',
		fault: 'collective-mismatch',
		step: 'e2e',
		system: clientOnly,
	},
	{
		name: 'node stopped, client-only host (advisories)',
		fault: 'node-stopped',
		step: 'e2e',
		system: clientOnly,
	},
	{
		name: 'identity mismatch, expected name is this host (server.cfg identity line)',
		step: 'e2e',
		ingredients: expectsThisHost,
	},
	{
		name: 'identity mismatch, expected name unresolvable (user timeout 5 s)',
		step: 'e2e',
		ingredients: expectsNode1,
	},
	{
		name: 'identity mismatch, client-only host (user timeout 5 s)',
		step: 'e2e',
		ingredients: expectsNode1,
		system: clientOnly,
	},
];

const median = (xs: number[]) => {
	const s = [...xs].sort((a, b) => a - b);
	const m = Math.floor(s.length / 2);
	return s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
};

async function measure(c: Case, ingredients: Ingredients, system: SystemSettings) {
	const ctx = {
		io: nodeCheckIO,
		ingredients: c.ingredients ? c.ingredients(ingredients) : ingredients,
		system: c.system ? c.system(system) : system,
		timeoutMs: TIMEOUT_MS,
		confirm: async () => false,
	};
	const totals: number[] = [];
	const rungs: number[] = [];
	const ids: string[] = [];
	let rung = '-';
	for (let i = 0; i < RUNS; i++) {
		const t0 = performance.now();
		const report = await runLandmark(c.step, ctx);
		totals.push(performance.now() - t0);
		const failed = report.checks.find((x) => !x.ok && !x.skipped);
		rungs.push(failed?.ms ?? 0);
		ids.push(
			report.diagnosis?.id ??
				(report.diagnosis?.candidates?.length
					? `undecided (${report.diagnosis.candidates.map((x) => x.id).join('/')})`
					: report.ok
						? 'pass'
						: 'none'),
		);
		rung = failed?.id ?? '-';
	}
	// every run's id, so a racy classification would show (e.g. "F5 ×4, F1 ×1")
	const counts = new Map<string, number>();
	for (const x of ids) counts.set(x, (counts.get(x) ?? 0) + 1);
	const id = [...counts].map(([k, n]) => (counts.size === 1 ? k : `${k} ×${n}`)).join(', ');
	return {totals, rungs, id, rung};
}

if (!(await withLab(labUp))) {
	console.error('bench/diagnosis: the real lab is not up (npm run lab -- up); nothing measured');
	process.exit(1);
}
const answers = await loadAnswers(LAB.answers);
const ingredients = completeIngredients(withDefaults(answers.ingredients)) as Ingredients;
const lines = [
	'# Time to a diagnosis (real lab)',
	'',
	`In-process \`runLandmark\` from the first rung to the diagnosis, ${RUNS} runs each, per-check timeout ${TIMEOUT_MS} ms, ${new Date().toISOString()}, Node ${process.version}.`,
	'"failing rung" is the wall time of the rung that failed (the rest is the rungs before it).',
	'',
	'| case | landmark | diagnosis | failing rung | median ms | min–max ms | failing rung median ms |',
	'|---|---|---|---|---|---|---|',
];
for (const c of CASES.filter((x) => !ONLY || x.name.includes(ONLY))) {
	const run = () => measure(c, ingredients, answers.system);
	const r = c.fault ? (await withFault(c.fault, run)).result : await withLab(run);
	const row = `| ${c.name} | ${c.step} | ${r.id} | ${r.rung} | ${Math.round(median(r.totals))} | ${Math.round(Math.min(...r.totals))}–${Math.round(Math.max(...r.totals))} | ${Math.round(median(r.rungs))} |`;
	console.log(row);
	lines.push(row);
}
const out = process.env.BENCH_OUT ?? fileURLToPath(new URL('results/diagnosis.md', import.meta.url));
writeFileSync(out, `${lines.join('\n')}\n`);
console.log(`wrote ${out}`);
silent.close();
