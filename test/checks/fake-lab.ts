/**
 * A fake lab for the ladder tests: the fake STOMP broker with N nodes that judge each request as
 * mcollectived would (psk, clock, filters: serverVerdict) and write mcollectived's log line into
 * the fake host's node log when they reject one; client.cfg/server.cfg rendered from the seed
 * ingredients pointing at that broker; and a CheckContext over the fake host.
 */
import type {CheckContext} from '../../src/checks/types.js';
import {renderClientCfg, renderServerCfg} from '../../src/core/mco-config/render.js';
import type {Ingredients} from '../../src/core/types.js';
import {encodeReply, serverVerdict} from '../../src/mcollective/envelope.js';
import {marshalLoad, stringOf, symbolKey} from '../../src/mcollective/marshal.js';
import {SEED_INGREDIENTS} from '../fixtures/sample-ingredients.js';
import {type FakeFrame, type FakeServer, startFakeStompServer} from '../mcollective/fake-stomp-server.js';
import type {FakeHost, FakeIO} from './fake-io.js';

export const CLIENT_CFG = '/etc/mcollective/client.cfg';
export const SERVER_CFG = '/etc/mcollective/server.cfg';
export const NODE_LOG = '/var/log/mcollective.log';
export const LIBDIR = '/usr/libexec/mcollective';
export const NODE = SEED_INGREDIENTS.nodeIdentities[0] ?? 'node1.infra.example.com';

/** mcollectived's log line prefix (logger format of 2.12). */
export const logLine = (level: 'I' | 'W' | 'E', text: string) =>
	`${level}, [2026-12-01T20:30:02.273652+00:00  #3493]  ${level === 'I' ? 'INFO' : level === 'W' ? 'WARN' : 'ERROR'} -- : runner.rb:206:in \`receive' ${text}\n`;

export const STARTED = `I, [2026-12-01T20:30:01.000000+00:00  #3493]  INFO -- : mcollectived:64:in \`<main>' The Marionette Collective 2.12.5 started logging at info level\n`;
export const CONNECTED = `I, [2026-12-01T20:30:02.273652+00:00  #3493]  INFO -- : activemq.rb:119:in \`on_connected' Connected to stomp://mcollective@127.0.0.1:61613\n`;

export type FakeNode = {
	readonly identity: string;
	/** The node's psk (default: the client's). */
	readonly psk?: string;
	/** The node's clock against ours, seconds. */
	readonly clockOffsetS?: number;
};

/** The fake broker with nodes answering discovery pings; rejections are logged into `io`'s node log. */
export async function fakeCollective(
	nodes: readonly FakeNode[],
	log: () => FakeIO | undefined,
	psk = SEED_INGREDIENTS.psk,
): Promise<FakeServer> {
	return startFakeStompServer({
		onSend: (frame: FakeFrame, deliver) => {
			const replyTo = frame.headers['reply-to'];
			if (!replyTo) return;
			const request = marshalLoad(frame.body);
			for (const node of nodes) {
				const nowS = Math.floor(Date.now() / 1000) + (node.clockOffsetS ?? 0);
				const verdict = serverVerdict(frame.body, {
					psk: node.psk ?? psk,
					nowS,
					identity: node.identity,
					agents: ['discovery', 'rpcutil'],
				});
				if (!verdict.accepted) {
					log()?.append(NODE_LOG, logLine('W', verdict.logLine));
					continue;
				}
				const reply = encodeReply({
					body: 'pong',
					senderid: node.identity,
					requestid: stringOf(symbolKey(request, 'requestid')) ?? '',
					senderagent: 'discovery',
					msgtime: nowS,
					psk: node.psk ?? psk,
				});
				deliver(replyTo, {mc_sender: node.identity}, Buffer.from(reply));
			}
		},
	});
}

/** The seed's ingredients with the broker at 127.0.0.1:port. */
export function ingredientsAt(port: number, more: Partial<Ingredients> = {}): Ingredients {
	return {...SEED_INGREDIENTS, brokerHost: '127.0.0.1', stompPort: port, ...more};
}

/** A host with both files rendered from `ingredients` (an all-in-one host, like the lab), the node log started and connected. */
export function allInOne(ingredients: Ingredients, more: Partial<FakeHost> = {}): FakeHost {
	return {
		files: new Map<string, string | {error: string}>([
			[CLIENT_CFG, renderClientCfg(ingredients, {libdir: LIBDIR})],
			[SERVER_CFG, renderServerCfg(ingredients, {logfile: NODE_LOG, libdir: LIBDIR})],
			[NODE_LOG, STARTED + CONNECTED],
		]),
		daemons: [{pid: 3493, config: SERVER_CFG, explicit: true}],
		dns: {'127.0.0.1': ['127.0.0.1'], [SEED_INGREDIENTS.brokerHost]: ['192.0.2.10']},
		...more,
	};
}

export function context(
	io: FakeIO,
	ingredients: Ingredients,
	more: Partial<CheckContext> = {},
): CheckContext {
	return {
		io,
		ingredients,
		system: {clientConfig: CLIENT_CFG, serverConfig: SERVER_CFG, nodeLog: NODE_LOG, libdir: LIBDIR},
		timeoutMs: 2000,
		...more,
	};
}
