/**
 * Simulated MCollective nodes speaking the real wire protocol (src/mcollective: Marshal, the psk
 * envelope, the activemq connector's destinations): each with its own identity, clock offset, psk,
 * collectives, loaded agents and a log in mcollectived's format. A NodeHost is ONE STOMP connection
 * carrying any number of nodes — one topic subscription per agent and collective for all of them,
 * one directed subscription per collective with a selector over their identities — so one process
 * can stand in for thousands of nodes against the practice broker or a real ActiveMQ.
 *
 * A request goes through mcollectived's own checks in its order (serverVerdict: Marshal → psk
 * digest → callerid → TTL age by the NODE's clock → filter), each failure logged with the line
 * mcollectived writes; an accepted one is answered by the agent and sent to its `reply-to` with
 * `expires` by the node's clock (so a node whose clock is behind has its replies expire at the
 * broker, as with ActiveMQ).
 */

import {openStompSession, type StompSession, type StompSessionError} from '../io/stomp-session.js';
import {
	describeRequest,
	type RequestReading,
	readRequest,
	replyEncoder,
	serverVerdict,
} from '../mcollective/envelope.js';
import {inspect, integerOf, type MarshalValue, symbolKey} from '../mcollective/marshal.js';
import {
	type AgentContext,
	answer,
	BUILTIN_AGENTS,
	type NodeStats,
	newNodeStats,
	wantsReply,
} from './agents.js';
import type {NodeLog} from './node-log.js';

export type SimNodeConfig = {
	readonly identity: string;
	readonly psk: string;
	readonly collectives: readonly string[];
	readonly mainCollective: string;
	/** Node clock minus the real clock, ms (+300000 = five minutes ahead). */
	readonly clockOffsetMs: number;
	/** Agents loaded besides discovery and rpcutil (e.g. ['openshift']). */
	readonly agents: readonly string[];
	/** Agents whose load fails at start, with Ruby's LoadError text. */
	readonly brokenAgents?: readonly {readonly agent: string; readonly error: string}[];
	/** `connector =` of its server.cfg; only activemq runs (stomp is gone from 2.12). */
	readonly connector: string;
	readonly configFile: string;
	readonly log: NodeLog;
	/** server.cfg `loglevel`, as written (for the start-up line). */
	readonly logLevel?: string;
};

export type BrokerEndpoint = {
	readonly host: string;
	readonly port: number;
	readonly user: string;
	readonly password: string;
};

export type NodeHostOptions = {
	readonly endpoint: BrokerEndpoint;
	readonly nodes: readonly SimNodeConfig[];
	readonly connectTimeoutMs?: number;
	/** Back-off cap between reconnects (mcollectived: 30 s; the range uses less so fixes show fast). */
	readonly maxReconnectDelayMs?: number;
	/** Drop the connection this long after each connect (the "connects then drops" fault). */
	readonly dropAfterMs?: number;
};

export type NodeHost = {
	/** Whether the STOMP session is up with all subscriptions made. */
	readonly ready: boolean;
	/** Resolves once subscribed (true) or after `timeoutMs` (false). */
	waitReady(timeoutMs: number): Promise<boolean>;
	/** Counters of every node, by identity. */
	stats(): ReadonlyMap<string, NodeStats>;
	stop(): Promise<void>;
};

const CONNECTOR_LOAD_ERROR = (connector: string) => {
	const klass = connector.charAt(0).toUpperCase() + connector.slice(1);
	return `Failed to load Mcollective::Connector::${klass}: cannot load such file -- mcollective/connector/${connector}.rb`;
};

/** Selector chunks stay well under the 10 KiB header-line limit of ActiveMQ and of our broker. */
const IDENTITIES_PER_SELECTOR = 200;

function quote(identity: string): string {
	return `'${identity.replaceAll("'", "''")}'`;
}

/** `mc_identity = 'a'` for one node (exactly mcollectived's), `mc_identity IN (…)` for several. */
export function directedSelector(identities: readonly string[]): string {
	return identities.length === 1
		? `mc_identity = ${quote(identities[0] as string)}`
		: `mc_identity IN (${identities.map(quote).join(',')})`;
}

type LiveNode = {
	readonly config: SimNodeConfig;
	readonly agents: readonly string[];
	readonly stats: NodeStats;
	readonly startedS: number;
};

export function startNodeHost(options: NodeHostOptions): NodeHost {
	const {endpoint} = options;
	const url = `stomp://${endpoint.user}@${endpoint.host}:${endpoint.port}`;
	const maxDelay = options.maxReconnectDelayMs ?? 5000;
	const all = (level: Parameters<NodeLog['write']>[0], from: string, message: string) => {
		for (const node of nodes) node.config.log.write(level, from, message);
	};

	const nodes: LiveNode[] = [];
	for (const config of options.nodes) {
		const log = config.log;
		log.write(
			'info',
			"config.rb:171:in `loadconfig'",
			`The Marionette Collective version 2.12.5 started by /usr/sbin/mcollectived using config file ${config.configFile}`,
		);
		log.write(
			'info',
			"mcollectived:64:in `<main>'",
			`The Marionette Collective 2.12.5 started logging at ${config.logLevel ?? 'info'} level`,
		);
		if (config.connector !== 'activemq') {
			// the daemon cannot start: 2.12 has no such connector (the seed's `stomp`) or it is not this broker's
			log.write(
				'error',
				"pluginmanager.rb:171:in `rescue in loadclass'",
				CONNECTOR_LOAD_ERROR(config.connector),
			);
			continue;
		}
		for (const broken of config.brokenAgents ?? []) {
			const klass = broken.agent.charAt(0).toUpperCase() + broken.agent.slice(1);
			log.write(
				'error',
				"pluginmanager.rb:171:in `rescue in loadclass'",
				`Failed to load MCollective::Agent::${klass}: ${broken.error}`,
			);
			log.write(
				'error',
				"agents.rb:71:in `rescue in loadagent'",
				`Loading agent ${broken.agent} failed: ${broken.error}`,
			);
		}
		const broken = new Set((config.brokenAgents ?? []).map((b) => b.agent));
		nodes.push({
			config,
			agents: [...new Set([...BUILTIN_AGENTS, ...config.agents.filter((a) => !broken.has(a))])],
			stats: newNodeStats(),
			startedS: Math.floor((Date.now() + config.clockOffsetMs) / 1000),
		});
	}

	let session: StompSession | undefined;
	let ready = false;
	let stopped = false;
	let attempt = 0;
	let retryTimer: NodeJS.Timeout | undefined;
	let dropTimer: NodeJS.Timeout | undefined;
	const readyWaiters: ((ok: boolean) => void)[] = [];

	const byIdentity = new Map(nodes.map((n) => [n.config.identity, n]));
	// one request's replies differ only in the sender: made once, the identity spliced in per node
	const encodeReply = replyEncoder();

	function scheduleReconnect(): void {
		if (stopped) return;
		const delay = Math.min(10 * 2 ** Math.min(attempt, 20), maxDelay);
		attempt++;
		// not unref'd: like mcollectived, a node process lives on while it retries
		retryTimer = setTimeout(() => void connect(), delay);
	}

	function lost(reason: string): void {
		ready = false;
		clearTimeout(dropTimer);
		const old = session;
		session = undefined;
		void old?.close(200);
		if (stopped) return;
		all('error', "activemq.rb:134:in `on_miscerr'", `Unexpected error on connection ${url}: ${reason}\n`);
		scheduleReconnect();
	}

	async function connect(): Promise<void> {
		if (stopped || nodes.length === 0) return;
		all('info', "activemq.rb:114:in `on_connecting'", `TCP Connection attempt ${attempt} to ${url}`);
		let opened: StompSession;
		try {
			opened = await openStompSession(
				{
					host: endpoint.host,
					port: endpoint.port,
					user: endpoint.user,
					password: endpoint.password,
					vhost: 'mcollective',
				},
				{timeoutMs: options.connectTimeoutMs ?? 5000, versions: ['1.0', '1.1', '1.2']},
			);
		} catch (error) {
			if (stopped) return;
			const failure = error as StompSessionError;
			if (failure.outcome === 'auth-rejected') {
				// what mcollectived logs when ActiveMQ refuses its login: the TCP connect "succeeds",
				// then the ERROR frame and the closed socket (real-lab.md, server-wrong-password)
				all('info', "activemq.rb:119:in `on_connected'", `Connected to ${url}`);
				all(
					'error',
					"activemq.rb:134:in `on_miscerr'",
					`Unexpected error on connection ${url}: es_recv: connection.receive returning EOF as nil - resetting connection.\n`,
				);
				all(
					'warn',
					"runner.rb:199:in `rescue in block in receiver_thread'",
					'No message received from ActiveMQ.',
				);
				const delay = Math.min(10 * 2 ** Math.min(attempt, 20), maxDelay) / 1000;
				all(
					'info',
					"runner.rb:201:in `rescue in block in receiver_thread'",
					`sleeping for suggested ${delay} seconds`,
				);
			} else {
				all(
					'info',
					"activemq.rb:129:in `on_connectfail'",
					`TCP Connection to ${url} failed on attempt ${attempt}`,
				);
			}
			scheduleReconnect();
			return;
		}
		if (stopped) {
			await opened.close(200);
			return;
		}
		session = opened;
		all('info', "activemq.rb:119:in `on_connected'", `Connected to ${url}`);
		opened.onFailure((failure) => {
			if (session !== opened) return;
			if (failure.brokerMessage !== undefined) {
				// an ERROR frame on a live connection (e.g. a reply the broker may not take)
				all(
					'warn',
					"activemq.rb:440:in `receive'",
					`Unexpected 'ERROR' frame.  Headers: {"message"=>${JSON.stringify(failure.brokerMessage)}}`,
				);
				return;
			}
			lost('es_recv: connection.receive returning EOF as nil - resetting connection.');
		});
		try {
			await subscribeAll(opened);
		} catch (error) {
			if (session === opened) lost(`subscribe failed: ${(error as Error).message}`);
			return;
		}
		if (session !== opened) return;
		// a connection that is dropped on purpose keeps backing off, as a flapping link does
		if (options.dropAfterMs === undefined) attempt = 0;
		ready = true;
		for (const waiter of readyWaiters.splice(0)) waiter(true);
		if (options.dropAfterMs !== undefined) {
			dropTimer = setTimeout(() => {
				if (session === opened) lost('es_trans: transmit to 127.0.0.1 failed: Broken pipe');
			}, options.dropAfterMs);
			dropTimer.unref?.();
		}
	}

	async function subscribeAll(opened: StompSession): Promise<void> {
		const subscriptions: {destination: string; headers: Record<string, string>}[] = [];
		const collectives = [...new Set(nodes.flatMap((n) => n.config.collectives))];
		for (const collective of collectives) {
			const members = nodes.filter((n) => n.config.collectives.includes(collective));
			for (let i = 0; i < members.length; i += IDENTITIES_PER_SELECTOR) {
				const chunk = members.slice(i, i + IDENTITIES_PER_SELECTOR).map((n) => n.config.identity);
				subscriptions.push({
					destination: `/queue/${collective}.nodes`,
					headers: {selector: directedSelector(chunk)},
				});
			}
			for (const agent of [...new Set(members.flatMap((n) => n.agents))]) {
				subscriptions.push({destination: `/topic/${collective}.${agent}.agent`, headers: {}});
			}
		}
		for (const s of subscriptions) {
			all(
				'debug',
				"activemq.rb:476:in `subscribe'",
				`Subscribing to ${s.destination} with headers ${s.headers.selector ? `{"selector"=>${JSON.stringify(s.headers.selector)}}` : '{}'}`,
			);
		}
		await Promise.all(
			subscriptions.map((s) =>
				opened.subscribe(s.destination, (message) => onMessage(opened, message.headers, message.body), {
					timeoutMs: 10_000,
					headers: s.headers,
				}),
			),
		);
	}

	function onMessage(
		opened: StompSession,
		headers: Readonly<Record<string, string>>,
		body: Uint8Array,
	): void {
		const destination = headers.destination ?? '';
		const directed = /^\/queue\/(.+)\.nodes$/.exec(destination);
		const broadcast = /^\/topic\/(.+)\.([^.]+)\.agent$/.exec(destination);
		let targets: LiveNode[] = [];
		if (directed) {
			const node = byIdentity.get(headers.mc_identity ?? '');
			if (node?.config.collectives.includes(directed[1] as string)) targets = [node];
		} else if (broadcast) {
			const [, collective, agent] = broadcast as unknown as [string, string, string];
			targets = nodes.filter((n) => n.config.collectives.includes(collective) && n.agents.includes(agent));
		}
		if (targets.length === 0) return;
		// read once for all of them: a broadcast reaches thousands of nodes as one message
		const reading = readRequest(body);
		let described: string | undefined;
		const describe = (value: MarshalValue) => {
			described ??= `Handling message ${describeRequest(reading.fields)}: ${typeof value === 'string' ? value : inspect(value)}`;
			return described;
		};
		for (const node of targets) handle(opened, node, headers, reading, describe);
	}

	function handle(
		opened: StompSession,
		node: LiveNode,
		headers: Readonly<Record<string, string>>,
		reading: RequestReading,
		describe: (body: MarshalValue) => string,
	): void {
		const {config, stats} = node;
		const nowMs = Date.now() + config.clockOffsetMs;
		const nowS = Math.floor(nowMs / 1000);
		stats.total++;
		const verdict = serverVerdict(reading, {
			psk: config.psk,
			nowS,
			identity: config.identity,
			agents: node.agents,
		});
		switch (verdict.step) {
			case 'marshal':
			case 'body':
			case 'callerid':
				stats.unvalidated++;
				config.log.write('warn', "runner.rb:206:in `rescue in block in receiver_thread'", verdict.logLine);
				return;
			case 'signature':
				stats.unvalidated++;
				config.log.write(
					'warn',
					"runner.rb:206:in `rescue in block in receiver_thread'",
					`${verdict.logLine}\n`,
				);
				config.log.write(
					'warn',
					"runner.rb:207:in `rescue in block in receiver_thread'",
					"/usr/lib/ruby/vendor_ruby/mcollective/security/psk.rb:68:in `validrequest?'\n\t/usr/lib/ruby/vendor_ruby/mcollective/security/psk.rb:26:in `decodemsg'",
				);
				return;
			case 'ttl':
				stats.validated++;
				stats.ttlexpired++;
				config.log.write('warn', "runner.rb:193:in `rescue in block in receiver_thread'", verdict.logLine);
				return;
			case 'filter':
				stats.validated++;
				stats.filtered++;
				config.log.write('info', "runner.rb:196:in `rescue in block in receiver_thread'", verdict.logLine);
				return;
			case 'accepted':
				break;
		}
		stats.validated++;
		stats.passed++;
		const {requestid, agent} = reading.fields;
		const ttl = Number(integerOf(symbolKey(reading.envelope, 'ttl')) ?? 60);
		const parsed = reading.body();
		const body: MarshalValue = parsed.error === undefined ? parsed.value : null;
		config.log.write('info', "runner.rb:216:in `agentmsg'", describe(body));
		const context: AgentContext = {
			identity: config.identity,
			nowMs,
			startedS: node.startedS,
			mainCollective: config.mainCollective,
			collectives: config.collectives,
			agents: node.agents,
			configFile: config.configFile,
			pid: process.pid,
			stats,
		};
		const reply = answer(agent, body, context);
		if (reply === undefined) {
			config.log.write(
				'error',
				"agents.rb:138:in `rescue in block in dispatch'",
				`Execution of ${agent} failed: No plugin ${agent}_agent defined`,
			);
			return;
		}
		if (agent !== 'discovery' && !wantsReply(body)) return;
		const replyTo = headers['reply-to'];
		if (!replyTo || session !== opened) return;
		const replyPayload = encodeReply({
			body: reply,
			senderid: config.identity,
			requestid,
			senderagent: agent,
			msgtime: nowS,
			psk: config.psk,
		});
		stats.replies++;
		opened.publish(
			replyTo,
			{
				timestamp: String(nowS * 1000),
				// activemq.rb headers_for: absolute, by the sender's clock
				expires: String((nowS + ttl + 10) * 1000),
				mc_sender: config.identity,
			},
			replyPayload,
		);
	}

	void connect();

	return {
		get ready() {
			return ready;
		},
		waitReady(timeoutMs) {
			if (ready) return Promise.resolve(true);
			return new Promise((resolve) => {
				const timer = setTimeout(() => {
					const at = readyWaiters.indexOf(done);
					if (at >= 0) readyWaiters.splice(at, 1);
					resolve(false);
				}, timeoutMs);
				const done = (ok: boolean) => {
					clearTimeout(timer);
					resolve(ok);
				};
				readyWaiters.push(done);
			});
		},
		stats: () => new Map(nodes.map((n) => [n.config.identity, n.stats])),
		async stop() {
			stopped = true;
			clearTimeout(retryTimer);
			clearTimeout(dropTimer);
			ready = false;
			for (const waiter of readyWaiters.splice(0)) waiter(false);
			for (const node of options.nodes) {
				node.log.write(
					'info',
					"runner.rb:104:in `rescue in block in main_loop'",
					'Exiting after signal: SIGTERM',
				);
			}
			const old = session;
			session = undefined;
			await old?.close(500);
		},
	};
}
