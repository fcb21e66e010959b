/**
 * The client's own cost of a fleet's replies, apart from the simulator and the broker: a STOMP
 * server in this process (test/mcollective/fake-stomp-server.ts) answers the ping request with N
 * signed replies (src/mcollective's replyEncoder, as the simulated nodes make them, node1…nodeN), and `mco-wizard ping --expect-file`
 * runs as its own process; its CPU (user+sys, GNU time), wall time and peak RSS are reported.
 * On the shared machine the lab fleet (bench/fleet.ts) is bound by the simulated nodes, which
 * share the 2 cores with ActiveMQ and the client; this isolates the client. The server encodes
 * the replies while the ping runs, so wall time includes its work. BENCH_CLIS (comma list of
 * bundles, default dist/cli.mjs), BENCH_FLEET_SIZES (default 1000,20000,100000), BENCH_RUNS
 * (default 3). Numbers are reported, never asserted. Writes bench/results/fleet-client.md.
 */
import {mkdtempSync, writeFileSync} from 'node:fs';
import {loadavg, tmpdir} from 'node:os';
import {join} from 'node:path';
import {replyEncoder} from '../src/mcollective/envelope.js';
import {marshalLoad, stringOf, symbolKey} from '../src/mcollective/marshal.js';
import {startFakeStompServer} from '../test/mcollective/fake-stomp-server.js';
import {runOnceAsync, summarize} from './measure.js';

const SIZES = (process.env.BENCH_FLEET_SIZES ?? '1000,20000,100000').split(',').map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const CLIS = (process.env.BENCH_CLIS ?? 'dist/cli.mjs').split(',');
const OUT = process.env.BENCH_OUT ?? 'bench/results/fleet-client.md';
const PSK = 'bench-fleet-psk';
/** e.g. --cpu-prof: extra node flags for the client (a profile, not a timing). */
const NODE_ARGS = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);

let fleetSize = 0;
// as the simulated nodes make them (src/practice/nodes.ts): once per request, the senderid spliced in
const encodeReply = replyEncoder();
const server = await startFakeStompServer({
	onSend(frame, deliver) {
		if (process.env.BENCH_DEBUG) console.error(frame.command, frame.headers);
		const replyTo = frame.headers['reply-to'];
		if (!replyTo || !frame.headers.destination?.includes('discovery')) return;
		const requestid = stringOf(symbolKey(marshalLoad(frame.body), 'requestid')) ?? '';
		const msgtime = Math.floor(Date.now() / 1000);
		for (let i = 1; i <= fleetSize; i++) {
			const senderid = `node${i}.practice`;
			const body = encodeReply({
				body: 'pong',
				senderid,
				requestid,
				senderagent: 'discovery',
				msgtime,
				psk: PSK,
			});
			deliver(replyTo, {mc_sender: senderid, timestamp: String(msgtime * 1000)}, Buffer.from(body));
		}
	},
});

const dir = mkdtempSync(join(tmpdir(), 'bench-fleet-client-'));
const cfg = join(dir, 'client.cfg');
writeFileSync(
	cfg,
	[
		'main_collective = mcollective',
		'collectives = mcollective',
		'securityprovider = psk',
		`plugin.psk = ${PSK}`,
		'connector = activemq',
		'plugin.activemq.pool.size = 1',
		'plugin.activemq.pool.1.host = 127.0.0.1',
		`plugin.activemq.pool.1.port = ${server.port}`,
		'plugin.activemq.pool.1.user = mcollective',
		'plugin.activemq.pool.1.password = bench',
		'',
	].join('\n'),
	{mode: 0o600},
);

const mib = (kb: number | null) => (kb === null ? 'n/a' : `${(kb / 1024).toFixed(0)} MiB`);
const answered = (out: string) =>
	Number(/^(\d+) (?:of \d+ )?answered/m.exec(out)?.[1] ?? /^(\d+) replies/m.exec(out)?.[1] ?? 0);
const loadBefore = loadavg()[0]?.toFixed(2);
const rows: string[] = [];
for (const n of SIZES) {
	fleetSize = n;
	const list = join(dir, `expect-${n}.txt`);
	writeFileSync(list, Array.from({length: n}, (_, i) => `node${i + 1}.practice`).join('\n'));
	for (const cli of CLIS) {
		const samples = [];
		for (let i = 0; i < RUNS; i++) {
			samples.push(
				await runOnceAsync(
					process.execPath,
					[...NODE_ARGS, cli, 'ping', '-c', cfg, '--expect-file', list, '-t', '120'],
					{
						timeoutMs: 300_000,
					},
				),
			);
		}
		const s = summarize(samples);
		const seen = samples.map((x) => answered(x.stdout));
		rows.push(
			`| ${n} | ${cli} | ${RUNS} | ${Math.min(...seen)}–${Math.max(...seen)} | ${s.medianCpuMs ?? 'n/a'} | ${s.medianMs} | ${s.minMs}–${s.maxMs} | ${mib(s.peakRssKb)} |`,
		);
		console.log(rows.at(-1));
	}
}
await server.close();
const lines = [
	'# Fleet replies: the client alone',
	'',
	`Measured ${new Date().toISOString()} on ${process.platform}/${process.arch}, Node ${process.version}; 1-min load average ${loadBefore} before, ${loadavg()[0]?.toFixed(2)} after (2 cores, shared). A STOMP server in the bench process sends N signed replies (node1…nodeN) to \`mco-wizard ping --expect-file\`, a process of its own; CPU is the client's user+sys for the whole process (start-up included), comparable under load where wall time is not.`,
	'',
	'| nodes | bundle | runs | replies seen | median CPU ms | median wall ms | min–max wall ms | peak RSS |',
	'|---|---|---|---|---|---|---|---|',
	...rows,
	'',
];
writeFileSync(OUT, lines.join('\n'));
console.log(lines.join('\n'));
