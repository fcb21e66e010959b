/**
 * The practice range: the embedded broker and simulated nodes on loopback, plus the files the
 * wizard reads (client.cfg, server.cfg, answers.ini with its [system] paths, the node's log and
 * the broker's log) in a private directory — never /etc. node1 is the node the learner manages:
 * it runs from <dir>/server.cfg and <dir>/node1-host.ini (its machine: clock, agents, whether
 * mcollectived runs) and is restarted like `service mcollective restart` by restartNode().
 */

import {spawn} from 'node:child_process';
import {closeSync, existsSync, openSync} from 'node:fs';
import {appendFile, chmod, copyFile, mkdir, readFile, rm, writeFile} from 'node:fs/promises';
import net from 'node:net';
import {dirname, join} from 'node:path';
import {pathToFileURL} from 'node:url';
import ini from 'ini';
import {CONTENT_DIR, readContent} from '../content.js';
import {readMcoSettings} from '../core/mco-config/parse.js';
import {renderClientCfg, renderServerCfg} from '../core/mco-config/render.js';
import {generateSecret} from '../core/secrets.js';
import type {Ingredients, SystemSettings} from '../core/types.js';
import {stringifyAnswers} from '../io/answers-file.js';
import {aclText, labAcl, parseAclText, practiceUsers} from './auth.js';
import {type BrokerLogEvent, type PracticeBroker, startBroker} from './broker.js';
import {fileNodeLog, type NodeLog, type NodeLogLevel, silentNodeLog} from './node-log.js';
import {type BrokerEndpoint, type NodeHost, type SimNodeConfig, startNodeHost} from './nodes.js';
import {
	editConfig,
	HEALTHY_HOST,
	type NodeHostState,
	type Scenario,
	SEED_MISSING_LIBRARY,
	scenarioNamed,
} from './scenarios.js';

/**
 * The lab's openshift agent DDL: mco needs it to validate and format `rpc openshift echo`. Found
 * beside content/ (CONTENT_DIR resolves the same from src/ and from the dist/ bundle).
 */
const LAB_AGENT_DIR = new URL('../lab/mcollective/plugins/mcollective/agent/', CONTENT_DIR);

export type RangeOptions = {
	readonly dir: string;
	readonly scenario?: Scenario;
	/** Embedded broker port; 0 = any free port. */
	readonly port?: number;
	/** Use this broker (a real ActiveMQ) instead of the embedded one. */
	readonly broker?: {readonly host: string; readonly port: number};
	/** Values to use instead of generated ones (e.g. a real broker's credentials from an answers file). */
	readonly ingredients?: Partial<Ingredients>;
	/** Simulated nodes in all (node1 included); default 2. */
	readonly nodes?: number;
	/** STOMP connections the nodes other than node1 share; default 1. */
	readonly connections?: number;
	/** Node log level (the lab uses debug so every fault leaves its trace). */
	readonly nodeLogLevel?: NodeLogLevel;
	/**
	 * Run node1 as its own process named mcollectived: this CLI's command line
	 * ([node, ...execArgv, script]); undefined runs it inside this process.
	 */
	readonly node1Command?: readonly string[];
	/** The command the wizard shows for `service mcollective restart`. */
	readonly restartCommand?: string;
	/** How long a restart waits for node1 to subscribe before it says done (default 3.5 s). */
	readonly restartWaitMs?: number;
};

export type RangeFiles = {
	readonly clientCfg: string;
	readonly serverCfg: string;
	readonly answers: string;
	readonly nodeLog: string;
	readonly brokerLog: string;
	readonly nodeHost: string;
	readonly brokerAcl: string;
	readonly libdir: string;
	/** Touched when a node1 restart has finished (the restart script waits for it). */
	readonly restarted: string;
};

export type PracticeRange = {
	readonly dir: string;
	readonly brokerHost: string;
	readonly brokerPort: number;
	readonly ingredients: Ingredients;
	readonly files: RangeFiles;
	readonly nodeIdentities: readonly string[];
	/** Whether the embedded broker is listening. */
	readonly brokerRunning: boolean;
	/** Waits until every running node has subscribed (false on timeout). */
	waitReady(timeoutMs: number): Promise<boolean>;
	/**
	 * Waits until the range has finished starting (false on timeout): its nodes started
	 * (startNodes) and each subscribed or given the restart wait to (a node that cannot connect is
	 * the fault being practised). What a check waits for before it looks at the range.
	 */
	whenStarted(timeoutMs: number): Promise<boolean>;
	/** `service mcollective restart` for node1: re-reads server.cfg and node1-host.ini. */
	restartNode(): Promise<void>;
	/** `service activemq restart` for the embedded broker: re-reads activemq-acl.txt. */
	restartBroker(): Promise<void>;
	stop(): Promise<void>;
};

/** A range whose files are written and whose broker listens; its nodes start with startNodes(). */
export type OpenedRange = PracticeRange & {
	/** Starts node1 and the other nodes (once; nothing after stop()). */
	startNodes(): Promise<void>;
};

/** A loopback port with nothing listening (bind, read the number, close). */
export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen({host: '127.0.0.1', port: 0}, () => {
			const {port} = server.address() as net.AddressInfo;
			server.close(() => resolve(port));
		});
	});
}

/** log4j's `2026-11-25 04:56:15,101 | WARN  | message | logger | thread`, as activemq.log has it. */
export function activemqLogLine(event: BrokerLogEvent, epochMs: number): string {
	const iso = new Date(epochMs).toISOString();
	return `${iso.slice(0, 10)} ${iso.slice(11, 19)},${iso.slice(20, 23)} | ${event.level.padEnd(5)} | ${event.message} | ${event.logger} | ActiveMQ NIO Worker 1\n`;
}

export function readHostState(text: string): NodeHostState {
	const parsed = ini.parse(text) as Record<string, unknown>;
	const bool = (key: keyof NodeHostState, fallback: boolean) => {
		const v = parsed[key];
		return typeof v === 'boolean' ? v : typeof v === 'string' ? /^(1|yes|true)$/i.test(v) : fallback;
	};
	const num = (key: keyof NodeHostState, fallback: number) => {
		const v = Number(parsed[key]);
		return Number.isFinite(v) ? v : fallback;
	};
	return {
		running: bool('running', HEALTHY_HOST.running),
		clockOffsetSeconds: num('clockOffsetSeconds', HEALTHY_HOST.clockOffsetSeconds),
		agentInstalled: bool('agentInstalled', HEALTHY_HOST.agentInstalled),
		agentDependencyMissing: bool('agentDependencyMissing', HEALTHY_HOST.agentDependencyMissing),
		dropAfterSeconds: num('dropAfterSeconds', HEALTHY_HOST.dropAfterSeconds),
	};
}

function hostStateText(state: NodeHostState): string {
	return [
		'; The practice node1 machine. Edit, then restart the node (the range prints how).',
		'; running: mcollectived runs; clockOffsetSeconds: its clock minus the true time;',
		'; agentInstalled / agentDependencyMissing: the openshift agent and its library.',
		ini.stringify(state, {whitespace: true}),
	].join('\n');
}

/** node1 as its server.cfg and its machine say. */
export function nodeFromServerCfg(
	text: string,
	state: NodeHostState,
	configFile: string,
	log: NodeLog,
): {node: SimNodeConfig; endpoint: BrokerEndpoint} {
	const s = readMcoSettings(text);
	const collectives = (s.get('collectives') ?? 'mcollective')
		.split(',')
		.map((c) => c.trim())
		.filter(Boolean);
	const brokenAgents =
		state.agentInstalled && state.agentDependencyMissing
			? [{agent: 'openshift', error: `cannot load such file -- ${SEED_MISSING_LIBRARY}`}]
			: [];
	return {
		node: {
			identity: s.get('identity') ?? 'node1.practice',
			psk: s.get('plugin.psk') ?? '',
			collectives,
			mainCollective: s.get('main_collective') ?? 'mcollective',
			clockOffsetMs: state.clockOffsetSeconds * 1000,
			agents: state.agentInstalled ? ['openshift'] : [],
			brokenAgents,
			connector: (s.get('connector') ?? 'activemq').toLowerCase(),
			configFile,
			log,
		},
		endpoint: {
			host: s.get('plugin.activemq.pool.1.host') ?? '127.0.0.1',
			port: Number.parseInt(s.get('plugin.activemq.pool.1.port') ?? '61613', 10) || 0,
			user: s.get('plugin.activemq.pool.1.user') ?? '',
			password: s.get('plugin.activemq.pool.1.password') ?? '',
		},
	};
}

/**
 * node1 from its server.cfg and its machine's state (node1-host.ini); undefined when its
 * mcollectived is "not running". Used in the range's process and by `practice-node`.
 */
export async function startNode1(
	serverCfg: string,
	hostStateFile: string,
	defaultLevel: NodeLogLevel = 'debug',
): Promise<NodeHost | undefined> {
	const state = readHostState(await readFile(hostStateFile, 'utf8'));
	if (!state.running) return undefined;
	const text = await readFile(serverCfg, 'utf8');
	const settings = readMcoSettings(text);
	const logPath = settings.get('logfile') ?? join(dirname(serverCfg), 'mcollective.log');
	const level = settings.get('loglevel') as NodeLogLevel | undefined;
	const clock = () => Date.now() + state.clockOffsetSeconds * 1000;
	const log = fileNodeLog(logPath, level && LOG_LEVELS.includes(level) ? level : defaultLevel, clock);
	const {node, endpoint} = nodeFromServerCfg(text, state, serverCfg, log);
	return startNodeHost({
		endpoint,
		nodes: [{...node, logLevel: level ?? defaultLevel}],
		dropAfterMs: state.dropAfterSeconds > 0 ? state.dropAfterSeconds * 1000 : undefined,
	});
}

/** How long a restart waits for node1 to subscribe before it says done. */
const RESTART_WAIT_MS = 3500;

/** How long the range's start waits for node1's own process to be up (a loaded CI machine). */
const NODE1_START_WAIT_MS = 60_000;

const LOG_LEVELS: readonly NodeLogLevel[] = ['debug', 'info', 'warn', 'error', 'fatal'];

/**
 * node1 as a process whose program is named `mcollectived` (a two-line shim in <dir>/bin that
 * runs `practice-node` of this CLI), started with `--config=<server.cfg>`: what `ps` and the
 * wizard's daemon check look for. It reports readiness over the IPC channel.
 */
/** node1 as its own process: a NodeHost that also tells when the process itself is up. */
type SpawnedNode = NodeHost & {
	/**
	 * Resolves true once the process has started its node (log begun, connection tried: the
	 * `started` message) or has exited; false after `timeoutMs`. A Node start takes seconds on a
	 * loaded machine, and a check before it would find no daemon.
	 */
	waitStarted(timeoutMs: number): Promise<boolean>;
};

async function spawnNode1(
	command: readonly string[],
	dir: string,
	files: RangeFiles,
): Promise<SpawnedNode | undefined> {
	if (!readHostState(await readFile(files.nodeHost, 'utf8')).running) return undefined;
	const [exec, ...rest] = command;
	const script = rest[rest.length - 1] as string;
	const shim = join(dir, 'bin', 'mcollectived');
	await mkdir(dirname(shim), {recursive: true});
	await writeFile(
		shim,
		[
			'// The practice range stand-in for /usr/sbin/mcollectived: runs node1 (mco-wizard practice-node).',
			"process.argv.splice(2, 0, 'practice-node');",
			`import(${JSON.stringify(pathToFileURL(script).href)});`,
			'',
		].join('\n'),
		{mode: 0o700},
	);
	// loader flags (tsx under `npm run dev`) go through NODE_OPTIONS so the command line stays
	// `node <dir>/bin/mcollectived --config=…`, the shape the daemon check looks for
	const loaders = rest.slice(0, -1).map((a) => JSON.stringify(a));
	const nodeOptions = [process.env.NODE_OPTIONS ?? '', ...loaders].filter(Boolean).join(' ');
	// stderr to a file, never the terminal: a Node process whose stdio is a TTY resets that TTY's
	// mode when it exits, which would take the wizard's raw mode away on every node1 restart
	const stderr = openSync(join(dir, 'node1.stderr.log'), 'a', 0o600);
	const child = spawn(
		exec as string,
		[shim, `--config=${files.serverCfg}`, `--host-state=${files.nodeHost}`],
		{
			stdio: ['ignore', 'ignore', stderr, 'ipc'],
			env: {...process.env, NODE_OPTIONS: nodeOptions},
		},
	);
	closeSync(stderr);
	let ready = false;
	let exited = false;
	const waiters: ((ok: boolean) => void)[] = [];
	let markUp = () => {};
	const up = new Promise<boolean>((resolve) => {
		markUp = () => resolve(true);
	});
	child.on('message', (message) => {
		if (message === 'started') markUp();
		if (message !== 'ready') return;
		ready = true;
		markUp();
		for (const w of waiters.splice(0)) w(true);
	});
	const exit = new Promise<void>((resolve) => {
		child.once('exit', () => {
			exited = true;
			ready = false;
			markUp();
			for (const w of waiters.splice(0)) w(false);
			resolve();
		});
	});
	return {
		waitStarted(timeoutMs) {
			let timer: NodeJS.Timeout | undefined;
			const late = new Promise<boolean>((resolve) => {
				timer = setTimeout(() => resolve(false), timeoutMs);
			});
			return Promise.race([up, late]).finally(() => clearTimeout(timer));
		},
		get ready() {
			return ready;
		},
		waitReady(timeoutMs) {
			if (ready || exited) return Promise.resolve(ready);
			return new Promise((resolve) => {
				const timer = setTimeout(() => resolve(false), timeoutMs);
				waiters.push((ok) => {
					clearTimeout(timer);
					resolve(ok);
				});
			});
		},
		stats: () => new Map(),
		async stop() {
			if (exited) return;
			child.kill('SIGTERM');
			const kill = setTimeout(() => child.kill('SIGKILL'), 3000);
			await exit;
			clearTimeout(kill);
		},
	};
}

/**
 * The range's libdir holds the openshift agent file exactly when node1's machine has the agent
 * installed (node1-host.ini), as a package would put it there: the wizard on the node looks for the
 * file in server.cfg's libdir. Placed again at every node1 start, so an "installed" agent is there.
 */
async function placeAgentFile(hostState: string, agentDir: string): Promise<void> {
	const file = join(agentDir, 'openshift.rb');
	const installed = readHostState(await readFile(hostState, 'utf8')).agentInstalled;
	const labAgent = new URL('openshift.rb', LAB_AGENT_DIR);
	if (installed && existsSync(labAgent)) await copyFile(labAgent, file);
	else if (!installed) await rm(file, {force: true});
}

/**
 * A file of the range, private to its user. Not writeFileAtomic: its fsyncs (file and directory,
 * 10–100 ms each on a busy disk) were most of the practice start's idle time, and the range writes
 * every one of these files again at each start, so a crash loses nothing worth keeping. The
 * wizard's own writes (the learner's fixes) stay atomic.
 */
async function writeRangeFile(path: string, text: string): Promise<void> {
	// a new file each time ('wx'), as writeFileAtomic's rename did: a symlink planted under the
	// name is replaced, never written through
	await rm(path, {force: true});
	await writeFile(path, text, {mode: 0o600, flag: 'wx'});
	await chmod(path, 0o600); // the umask may have removed bits
}

/** The range with every node started (tests, `practice --no-wizard`). */
export async function startRange(options: RangeOptions): Promise<PracticeRange> {
	const range = await openRange(options);
	await range.startNodes();
	return range;
}

/**
 * The range's files and its broker, nodes not started yet: the practice wizard draws its first
 * frame from these files, and starts the nodes after it (src/commands/practice.ts).
 */
export async function openRange(options: RangeOptions): Promise<OpenedRange> {
	const dir = options.dir;
	const scenario = options.scenario ?? (scenarioNamed('good') as Scenario);
	await mkdir(dir, {recursive: true, mode: 0o700});
	await chmod(dir, 0o700);
	const libdir = join(dir, 'plugins');
	const agentDir = join(libdir, 'mcollective', 'agent');
	const labDdl = new URL('openshift.ddl', LAB_AGENT_DIR);
	// mco's DDL, beside the broker's start below (nothing waits for it before the nodes)
	const ddlPlaced = mkdir(agentDir, {recursive: true}).then(async () => {
		if (existsSync(labDdl)) await copyFile(labDdl, join(agentDir, 'openshift.ddl'));
	});
	// awaited below; a failure meanwhile is not an unhandled rejection
	ddlPlaced.catch(() => {});

	const files: RangeFiles = {
		clientCfg: join(dir, 'client.cfg'),
		serverCfg: join(dir, 'server.cfg'),
		answers: join(dir, 'answers.ini'),
		nodeLog: join(dir, 'mcollective.log'),
		brokerLog: join(dir, 'activemq.log'),
		nodeHost: join(dir, 'node1-host.ini'),
		brokerAcl: join(dir, 'activemq-acl.txt'),
		libdir,
		restarted: join(dir, '.node1-restarted'),
	};

	const external = options.broker;
	const brokerHost = external?.host ?? '127.0.0.1';
	const count = Math.max(1, options.nodes ?? 2);
	const identities = Array.from({length: count}, (_, i) => `node${i + 1}.practice`);
	const listed = scenario.silentNode ? [...identities, `node${count + 1}.practice`] : identities;
	const chosen = {
		topicUser: 'mcollective',
		topicPassword: generateSecret(),
		adminPassword: generateSecret(),
		psk: generateSecret(),
		connector: 'activemq',
		collectives: ['mcollective'],
		clientHost: 'localhost',
		nodeIdentities: listed,
		platform: 'plain',
		...options.ingredients,
	} as const;
	const users = practiceUsers(chosen);

	// the broker
	let broker: PracticeBroker | undefined;
	const brokerLog = (event: BrokerLogEvent) => {
		void appendFile(files.brokerLog, activemqLogLine(event, Date.now()), {mode: 0o600}).catch(() => {});
	};
	const launchBroker = async (port: number): Promise<number> => {
		if (external) return port;
		if (broker) return broker.port;
		const {acl, errors} = parseAclText(await readFile(files.brokerAcl, 'utf8'));
		for (const error of errors) {
			brokerLog({
				level: 'WARN',
				logger: 'org.apache.activemq.xbean.XBeanBrokerFactory',
				message: `${files.brokerAcl} ${error}`,
			});
		}
		broker = await startBroker({port, users, acl, log: brokerLog});
		brokerLog({
			level: 'INFO',
			logger: 'org.apache.activemq.broker.TransportConnector',
			message: `Connector stomp started on 127.0.0.1:${broker.port}`,
		});
		return broker.port;
	};
	const without = scenario.aclWithout;
	const acl = labAcl().filter((e) => !(without && e.kind === without.kind && e.pattern === without.pattern));
	await writeFile(files.brokerAcl, aclText(acl), {mode: 0o600});
	// The broker binds first and keeps its port, and the configs get the port it really got: a port
	// probed free (bind, close) and bound again later can be taken in between (EADDRINUSE).
	const brokerPort =
		external?.port ?? (await launchBroker(options.port && options.port > 0 ? options.port : 0));
	if (scenario.brokerDown) {
		// nothing may listen on the configured port: the fault being practised
		await broker?.close();
		broker = undefined;
	}
	const ingredients: Ingredients = {
		brokerHost,
		stompPort: brokerPort,
		...chosen,
		...(external ? {brokerHost, stompPort: brokerPort} : {}),
	};
	const node1 = identities[0] as string;
	const ctx = {
		brokerPort,
		closedPort: await freePort(),
		user: ingredients.topicUser,
		password: ingredients.topicPassword,
	};

	let clientText = renderClientCfg(ingredients, {libdir});
	if (scenario.clientText) clientText = scenario.clientText({...ctx, host: brokerHost});
	if (scenario.client) clientText = editConfig(clientText, scenario.client(ctx));
	let serverText = renderServerCfg(ingredients, {
		identity: node1,
		logfile: files.nodeLog,
		libdir,
		loglevel: options.nodeLogLevel ?? 'debug',
		factsFile: null,
		daemonize: false,
	});
	if (scenario.server) serverText = editConfig(serverText, scenario.server(ctx));
	const system: SystemSettings = {
		configDir: dir,
		clientConfig: files.clientCfg,
		serverConfig: files.serverCfg,
		nodeLog: files.nodeLog,
		libdir,
		identity: node1,
		serviceRestart: options.restartCommand ?? restartScriptPath(dir),
	};
	// independent files: written side by side
	await Promise.all([
		ddlPlaced,
		writeRangeFile(files.clientCfg, clientText),
		writeRangeFile(files.serverCfg, serverText),
		writeRangeFile(files.nodeHost, hostStateText({...HEALTHY_HOST, ...scenario.host})),
		writeRangeFile(files.answers, stringifyAnswers(ingredients, system, {includeSecrets: true})),
		options.restartCommand ? undefined : writeRestartScript(dir, files.restarted),
	]);

	// node1, the learner's node: in this process, or as its own `mcollectived` process
	const nodeLevel = options.nodeLogLevel ?? 'debug';
	let node1Host: NodeHost | undefined;
	let node1Process: SpawnedNode | undefined;
	const launchNode1 = async () => {
		await placeAgentFile(files.nodeHost, agentDir);
		node1Process = options.node1Command ? await spawnNode1(options.node1Command, dir, files) : undefined;
		node1Host = options.node1Command
			? node1Process
			: await startNode1(files.serverCfg, files.nodeHost, nodeLevel);
	};

	// the other nodes: healthy, sharing `connections` STOMP connections
	const others = identities.slice(1);
	const connections = Math.max(1, Math.min(options.connections ?? 1, others.length || 1));
	const otherHosts: NodeHost[] = [];
	const endpoint: BrokerEndpoint = {
		host: brokerHost,
		port: brokerPort,
		user: ingredients.topicUser,
		password: ingredients.topicPassword,
	};
	const launchOthers = () => {
		for (let c = 0; c < connections && others.length > 0; c++) {
			const mine = others.filter((_, i) => i % connections === c);
			otherHosts.push(
				startNodeHost({
					endpoint,
					nodes: mine.map((identity) => ({
						identity,
						psk: ingredients.psk,
						collectives: ingredients.collectives,
						mainCollective: ingredients.collectives[0] ?? 'mcollective',
						clockOffsetMs: 0,
						agents: ['openshift'],
						connector: 'activemq',
						configFile: join(dir, 'nodes', identity, 'server.cfg'),
						log:
							count <= 10
								? fileNodeLog(join(dir, 'nodes', `${identity}.log`), nodeLevel, Date.now)
								: silentNodeLog,
					})),
				}),
			);
		}
	};

	let stopped = false;
	let starting: Promise<void> | undefined;
	let markStarted = () => {};
	const started = new Promise<void>((resolve) => {
		markStarted = resolve;
	});
	const waitReady = async (timeoutMs: number) => {
		const hosts = [...otherHosts, ...(node1Host ? [node1Host] : [])];
		const results = await Promise.all(hosts.map((h) => h.waitReady(timeoutMs)));
		return results.every(Boolean);
	};
	const startNodes = () => {
		if (!starting) {
			starting = stopped
				? Promise.resolve()
				: launchNode1().then(() => {
						// stopped while node1 was starting: the others never start (stop() waits for this)
						if (!stopped) launchOthers();
					});
			// started: node1's process up (or gone), then every node subscribed or given the restart
			// wait (a node that cannot connect is the fault); never when the start failed
			starting
				.then(async () => {
					await node1Process?.waitStarted(NODE1_START_WAIT_MS);
					await waitReady(options.restartWaitMs ?? RESTART_WAIT_MS);
				})
				.then(markStarted, () => {});
		}
		return starting;
	};

	return {
		dir,
		brokerHost,
		brokerPort,
		ingredients,
		files,
		nodeIdentities: listed,
		get brokerRunning() {
			return broker !== undefined;
		},
		waitReady,
		startNodes,
		whenStarted(timeoutMs) {
			let timer: NodeJS.Timeout | undefined;
			const late = new Promise<boolean>((resolve) => {
				timer = setTimeout(() => resolve(false), timeoutMs);
			});
			// the nodes not started yet (the wizard starts them after its first frame) count as not ready
			return Promise.race([started.then(() => true), late]).finally(() => clearTimeout(timer));
		},
		async restartNode() {
			if (stopped) return;
			// asked before or while the nodes start: that start first, never a second node1 beside it
			await startNodes().catch(() => undefined);
			await node1Host?.stop();
			node1Host = undefined;
			await launchNode1();
			// the service script returns once the daemon is up; a node that cannot connect (the
			// fault being practised) is up too, so the wait is bounded below the wizard's 5 s per check
			await (node1Host as NodeHost | undefined)?.waitReady(options.restartWaitMs ?? RESTART_WAIT_MS);
			await writeFile(files.restarted, `${Date.now()}\n`, {mode: 0o600});
		},
		async restartBroker() {
			await broker?.close();
			broker = undefined;
			await launchBroker(brokerPort);
		},
		async stop() {
			stopped = true;
			// a node1 being spawned right now is stopped too, once it is there
			await starting?.catch(() => undefined);
			await Promise.all([node1Host?.stop(), ...otherHosts.map((h) => h.stop())]);
			await broker?.close();
			broker = undefined;
		},
	};
}

/**
 * <dir>/bin/mcollective-restart: the range's `service mcollective restart`. Like the service
 * command it returns once the daemon has been restarted (a bare signal returns at once, and
 * the wizard's next check would find no mcollectived yet): it signals this process, then waits
 * for the range to mark the restart done.
 */
function restartScriptPath(dir: string): string {
	return join(dir, 'bin', 'mcollective-restart');
}

async function writeRestartScript(dir: string, marker: string): Promise<void> {
	const script = restartScriptPath(dir);
	await mkdir(dirname(script), {recursive: true});
	const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
	await writeFile(
		script,
		[
			'#!/bin/sh',
			'# The practice range stand-in for `service mcollective restart`: node1 restarts, re-reading',
			'# server.cfg and node1-host.ini: signals the range (SIGUSR2), then waits until it is done.',
			`rm -f ${q(marker)}`,
			`kill -USR2 ${process.pid} || { echo "the practice range (pid ${process.pid}) is not running" >&2; exit 1; }`,
			'i=0',
			`while [ ! -e ${q(marker)} ]; do`,
			'  i=$((i + 1))',
			'  if [ "$i" -gt 100 ]; then echo "node1 did not restart within 10 s" >&2; exit 1; fi',
			'  sleep 0.1',
			'done',
			'echo "Restarting mcollective: done"',
			'',
		].join('\n'),
		{mode: 0o700},
	);
	await chmod(script, 0o700);
}

export {defaultRangeDir} from '../io/progress-path.js';

/** The trainer's brief of a scenario (content/practice/<name>.md). */
export function readScenarioBrief(name: string): string {
	return readContent(`practice/${name}`);
}
