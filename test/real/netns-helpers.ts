/**
 * Pieces for tests that run the wizard inside a network namespace the test creates (slow DNS):
 * a resolver on the namespace's own 127.0.0.1:53 that answers late, and a bridge that makes the
 * lab's broker (127.0.0.1:61613 in the root namespace) reachable as 127.0.0.1:61613 inside it
 * through a unix socket (file systems are shared across network namespaces; no packet leaves
 * either loopback). Run as a script inside the namespace:
 *   node --import tsx test/real/netns-helpers.ts dns DELAY_FILE NAME   (A NAME → 127.0.0.1)
 *   node --import tsx test/real/netns-helpers.ts bridge PORT UNIX_PATH
 */
import {createSocket} from 'node:dgram';
import {readFileSync} from 'node:fs';
import {connect, createServer, type Server, type Socket} from 'node:net';
import {pathToFileURL} from 'node:url';

/** Pipes two sockets both ways; either end closing closes the other. */
function pipeBoth(a: Socket, b: Socket): void {
	a.pipe(b);
	b.pipe(a);
	const close = () => {
		a.destroy();
		b.destroy();
	};
	a.on('error', close).on('close', close);
	b.on('error', close).on('close', close);
}

/** Root-namespace side: a unix socket at `path` whose connections go to 127.0.0.1:`port`. */
export function unixToTcp(path: string, port: number): Promise<Server> {
	const server = createServer((client) => pipeBoth(client, connect({host: '127.0.0.1', port})));
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(path, () => resolve(server));
	});
}

/** The question's name (labels joined by dots) and where the question ends. */
function question(msg: Buffer): {name: string; end: number; type: number} | undefined {
	let at = 12;
	const labels: string[] = [];
	while (at < msg.length && msg[at] !== 0) {
		const len = msg[at] ?? 0;
		labels.push(msg.subarray(at + 1, at + 1 + len).toString('latin1'));
		at += 1 + len;
	}
	if (at + 5 > msg.length) return undefined;
	return {name: labels.join('.').toLowerCase(), end: at + 5, type: msg.readUInt16BE(at + 1)};
}

/** A DNS answer: A `name` → 127.0.0.1; any other question about `name` empty; other names NXDOMAIN. */
function answer(query: Buffer, name: string): Buffer | undefined {
	const q = question(query);
	if (!q) return undefined;
	const header = Buffer.alloc(12);
	query.copy(header, 0, 0, 2); // id
	const known = q.name === name.toLowerCase();
	const a = known && q.type === 1;
	header.writeUInt16BE(known ? 0x8180 : 0x8183, 2); // response, RD, RA; NXDOMAIN for others
	header.writeUInt16BE(1, 4);
	header.writeUInt16BE(a ? 1 : 0, 6);
	const record = Buffer.from([0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 127, 0, 0, 1]);
	return Buffer.concat([header, query.subarray(12, q.end), a ? record : Buffer.alloc(0)]);
}

function runDns(delayFile: string, name: string): void {
	const socket = createSocket('udp4');
	socket.on('message', (msg, from) => {
		// the delay is read per query, so a test can make the resolver fast again (its Retry)
		const delayMs = Number(readFileSync(delayFile, 'utf8').trim()) || 0;
		const reply = answer(msg, name);
		if (reply) setTimeout(() => socket.send(reply, from.port, from.address), delayMs);
	});
	socket.bind(53, '127.0.0.1', () => process.stdout.write('dns ready\n'));
}

function runBridge(port: number, path: string): void {
	createServer((client) => pipeBoth(client, connect(path))).listen(port, '127.0.0.1', () =>
		process.stdout.write('bridge ready\n'),
	);
}

// run as a script (not when a test imports unixToTcp)
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
	const [mode, a = '', b = ''] = process.argv.slice(2);
	if (mode === 'dns') runDns(a, b);
	else if (mode === 'bridge') runBridge(Number(a), b);
}
