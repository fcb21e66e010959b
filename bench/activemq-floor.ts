/**
 * The floor under bench/fleet.ts: how fast the lab's ActiveMQ (127.0.0.1:61613, under the lab
 * lock) delivers N pre-made messages to a bare consumer on this machine, with no simulator and no
 * mco-wizard in the way. N signed ping replies (encodeReply, node1…nodeN, the simulated nodes'
 * headers: timestamp, expires, mc_sender) are made before the clock starts; C producer
 * connections (as the range's: max(10, N/2000)) send them to one reply queue, each its share in
 * one go, while one consumer — a raw socket and src/core's frame parser, counting MESSAGE frames,
 * nothing decoded — reads them. Reported: wall time from the first SEND to the N-th MESSAGE, and
 * CPU of ActiveMQ's JVM and of this process (producers + consumer) over that time.
 * BENCH_FLOOR_SIZES (default 1000,5000,20000), BENCH_RUNS (default 5). Never asserted.
 * Writes bench/results/activemq-floor.md.
 */
import {readFileSync, writeFileSync} from 'node:fs';
import {connect, type Socket} from 'node:net';
import {loadavg} from 'node:os';
import {StompFrameParser} from '../src/core/stomp-frame-parser.js';
import {openStompSession, type StompSession} from '../src/io/stomp-session.js';
import {encodeReply} from '../src/mcollective/envelope.js';
import {LAB, labSh, withLab} from '../test/helpers/lab.js';

const SIZES = (process.env.BENCH_FLOOR_SIZES ?? '1000,5000,20000').split(',').map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const OUT = process.env.BENCH_OUT ?? 'bench/results/activemq-floor.md';
const PSK = 'bench-floor';
/** Extra SUBSCRIBE header lines for the consumer (e.g. `activemq.prefetchSize:20000`), and a fixed producer count. */
const SUB_EXTRA = (process.env.BENCH_FLOOR_SUBSCRIBE ?? '').split(',').filter(Boolean);
const FIXED_CONNECTIONS = Number(process.env.BENCH_FLOOR_CONNECTIONS ?? 0);
const TICK_MS = 1000 / 100; // USER_HZ: /proc/<pid>/stat counts CPU in 1/100 s

function cpuMsOf(pid: number): number {
	const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
	return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}

function ownCpuMs(): number {
	const u = process.cpuUsage();
	return (u.user + u.system) / 1000;
}

/** A bare consumer: CONNECT, SUBSCRIBE with a RECEIPT, then counts MESSAGE frames. */
async function bareConsumer(queue: string): Promise<{socket: Socket; until(n: number): Promise<number>}> {
	const socket = connect({host: LAB.host, port: LAB.port});
	socket.setNoDelay(true);
	let count = 0;
	let want = Number.POSITIVE_INFINITY;
	let reached: (at: number) => void = () => {};
	let subscribed: () => void = () => {};
	const parser = new StompFrameParser(
		(frame) => {
			if (frame.command === 'MESSAGE') {
				if (++count === want) reached(performance.now());
			} else if (frame.command === 'RECEIPT') subscribed();
			else if (frame.command === 'ERROR') socket.destroy(new Error(`broker ERROR: ${frame.headers}`));
		},
		() => {},
	);
	socket.on('data', (chunk: Buffer) => parser.parseChunk(chunk));
	const ready = new Promise<void>((resolve, reject) => {
		subscribed = resolve;
		socket.once('error', reject);
		setTimeout(() => reject(new Error('consumer not subscribed in 10 s')), 10_000).unref();
	});
	socket.write(
		`CONNECT\naccept-version:1.0,1.1,1.2\nhost:mcollective\nlogin:${LAB.user}\npasscode:${LAB.password}\n\n\0` +
			`SUBSCRIBE\ndestination:${queue}\nid:floor\nack:auto\nreceipt:sub\n${SUB_EXTRA.map((h) => `${h}\n`).join('')}\n\0`,
	);
	await ready;
	return {
		socket,
		until(n) {
			want = n;
			return new Promise((resolve, reject) => {
				if (count >= n) resolve(performance.now());
				reached = resolve;
				setTimeout(() => reject(new Error(`only ${count} of ${n} messages in 60 s`)), 60_000).unref();
			});
		},
	};
}

const rows: string[] = [];
const loadBefore = loadavg()[0]?.toFixed(2);
await withLab(async () => {
	// under the lock: nobody restarts ActiveMQ (a new pid) while we measure
	const amq = Number(/activemq:\s+running pid (\d+)/.exec((await labSh(['status'])).stdout)?.[1]);
	if (!Number.isInteger(amq)) throw new Error('the lab is not up: bash /work/main/lab/lab.sh up');
	for (const n of SIZES) {
		const connections = FIXED_CONNECTIONS || Math.max(10, Math.ceil(n / 2000));
		const producers: StompSession[] = [];
		for (let c = 0; c < connections; c++) {
			producers.push(
				await openStompSession(
					{host: LAB.host, port: LAB.port, user: LAB.user, password: LAB.password, vhost: 'mcollective'},
					{timeoutMs: 5000, versions: ['1.0', '1.1', '1.2']},
				),
			);
		}
		const samples: {ms: number; amqMs: number; ownMs: number}[] = [];
		for (let r = 0; r < RUNS; r++) {
			const queue = `/queue/mcollective.reply.floor_${process.pid}.${n}.${r}`;
			const consumer = await bareConsumer(queue);
			const nowS = Math.floor(Date.now() / 1000);
			const messages = Array.from({length: n}, (_, i) => {
				const senderid = `node${i + 1}.practice`;
				return {
					headers: {timestamp: String(nowS * 1000), expires: String((nowS + 70) * 1000), mc_sender: senderid},
					body: encodeReply({
						body: 'pong',
						senderid,
						requestid: 'f'.repeat(32),
						senderagent: 'discovery',
						msgtime: nowS,
						psk: PSK,
					}),
				};
			});
			const amqBefore = cpuMsOf(amq);
			const ownBefore = ownCpuMs();
			const started = performance.now();
			const done = consumer.until(n);
			messages.forEach((m, i) => {
				producers[i % connections]?.publish(queue, m.headers, m.body);
			});
			const ended = await done;
			samples.push({ms: ended - started, amqMs: cpuMsOf(amq) - amqBefore, ownMs: ownCpuMs() - ownBefore});
			consumer.socket.destroy();
		}
		await Promise.all(producers.map((p) => p.close(1000)));
		const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
		const ms = samples.map((s) => s.ms);
		rows.push(
			`| ${n} | ${connections} | ${RUNS} | ${Math.round(median(ms))} | ${Math.round(Math.min(...ms))}–${Math.round(Math.max(...ms))} | ${Math.round(median(samples.map((s) => s.amqMs)))} | ${Math.round(median(samples.map((s) => s.ownMs)))} |`,
		);
		console.log(rows.at(-1));
	}
});
const lines = [
	"# The floor: the lab's ActiveMQ delivering pre-made replies to a bare consumer",
	'',
	`Measured ${new Date().toISOString()} on ${process.platform}/${process.arch}, Node ${process.version}; the lab's ActiveMQ 5.17 (-Xmx256M) on 127.0.0.1:61613; 1-min load average ${loadBefore} before, ${loadavg()[0]?.toFixed(2)} after (2 cores, shared).`,
	'',
	"N signed ping replies made before the clock starts; C producer connections send them to one reply queue, each its share in one go; one bare consumer (raw socket, frame parser, nothing decoded) counts them. Wall: first SEND to N-th MESSAGE. CPU: ActiveMQ's JVM and this process (producers + consumer, one Node thread) over the same time.",
	'',
	'| replies | producer connections | runs | median wall ms | min–max ms | ActiveMQ CPU ms | producers+consumer CPU ms |',
	'|---|---|---|---|---|---|---|',
	...rows,
	'',
];
writeFileSync(OUT, lines.join('\n'));
console.log(lines.join('\n'));
