/**
 * The practice range's fault scenarios as data: what each one changes in the files the learner
 * gets (client.cfg, server.cfg), on the practice "node host" (clock, agents, whether mcollectived
 * runs) or at the broker. Each has a brief for the trainer in content/practice/<name>.md. Pure:
 * the range (range.ts) applies them.
 */

/** State of the simulated node1's machine, which the learner fixes by editing node1-host.ini. */
export type NodeHostState = {
	readonly running: boolean;
	readonly clockOffsetSeconds: number;
	/** Whether the openshift agent is installed. */
	readonly agentInstalled: boolean;
	/** Whether the agent's Ruby dependency is missing (the seed's selinux library). */
	readonly agentDependencyMissing: boolean;
	/** Drop the broker connection this many seconds after each connect (0 = never). */
	readonly dropAfterSeconds: number;
};

export const HEALTHY_HOST: NodeHostState = {
	running: true,
	clockOffsetSeconds: 0,
	agentInstalled: true,
	agentDependencyMissing: false,
	dropAfterSeconds: 0,
};

/** The seed's missing library (real-lab.md, agent-broken). */
export const SEED_MISSING_LIBRARY = 'openshift-origin-container-selinux';

export type ScenarioContext = {
	readonly brokerPort: number;
	/** The topic user and password (a connector switch keeps the credentials). */
	readonly user: string;
	readonly password: string;
	/** A loopback port nobody listens on. */
	readonly closedPort: number;
};

/** key → new value (null removes the key); applied in order. */
export type ConfigEdit = readonly (readonly [string, string | null])[];

export type Scenario = {
	readonly name: string;
	/** One line for --list. */
	readonly title: string;
	/** Failure-catalogue entry the wizard should land on (for the trainer). */
	readonly catalogue?: string;
	readonly client?: (ctx: ScenarioContext) => ConfigEdit;
	readonly server?: (ctx: ScenarioContext) => ConfigEdit;
	/** Replace client.cfg entirely (the seed's file). */
	readonly clientText?: (ctx: ScenarioContext & {readonly host: string}) => string;
	readonly host?: Partial<NodeHostState>;
	/** Authorization entries left out of the broker's ACL (a broken activemq.xml). */
	readonly aclWithout?: {readonly kind: 'topic' | 'queue'; readonly pattern: string};
	/** The broker is not started (the learner starts it as the brief says). */
	readonly brokerDown?: boolean;
	/** An expected node that never answers (listed in nodeIdentities, not running). */
	readonly silentNode?: boolean;
};

const pool = (key: string) => `plugin.activemq.pool.1.${key}`;

export const SCENARIOS: readonly Scenario[] = [
	{name: 'good', title: 'nothing is wrong: every landmark should go green'},
	{name: 'broker-down', title: 'ActiveMQ is not running', catalogue: 'F1', brokerDown: true},
	{
		name: 'wrong-port',
		title: 'client.cfg points at a port where nothing listens',
		catalogue: 'F1',
		client: (ctx) => [[pool('port'), String(ctx.closedPort)]],
	},
	{
		name: 'unresolvable-host',
		title: 'client.cfg names a broker host that does not resolve',
		catalogue: 'F3',
		client: () => [[pool('host'), 'msg1.practice.invalid']],
	},
	{
		name: 'client-wrong-password',
		title: 'client.cfg has a password the broker does not know',
		catalogue: 'F5',
		client: () => [[pool('password'), 'wrongpassword']],
	},
	{
		name: 'node-wrong-password',
		title: 'server.cfg has a password the broker does not know: the node connects, then drops',
		catalogue: 'F11',
		server: () => [[pool('password'), 'wrongpassword']],
	},
	{
		name: 'node-drops',
		title: 'the node connects, then its connection keeps dropping',
		catalogue: 'F11',
		host: {dropAfterSeconds: 0.2},
	},
	{
		name: 'not-authorized',
		title: "the broker's authorization has no entry for mcollective.> queues",
		catalogue: 'F6',
		aclWithout: {kind: 'queue', pattern: 'mcollective.>'},
	},
	{
		name: 'psk-mismatch',
		title: 'client.cfg and server.cfg have different pre-shared keys',
		catalogue: 'F13',
		client: () => [['plugin.psk', 'notthesecret']],
	},
	{
		name: 'clock-ahead',
		title: "the node's clock is five minutes ahead",
		catalogue: 'F14',
		host: {clockOffsetSeconds: 300},
	},
	{
		name: 'clock-behind',
		title: "the node's clock is five minutes behind: its replies expire at the broker",
		catalogue: 'F14',
		host: {clockOffsetSeconds: -300},
	},
	{
		name: 'node-stopped',
		title: 'mcollectived is not running on the node',
		catalogue: 'F10',
		host: {running: false},
	},
	{
		name: 'agent-missing',
		title: 'the openshift agent is not installed on the node',
		catalogue: 'F17',
		host: {agentInstalled: false},
	},
	{
		name: 'agent-broken',
		title: `the openshift agent fails to load: cannot load such file -- ${SEED_MISSING_LIBRARY}`,
		catalogue: 'F17',
		host: {agentDependencyMissing: true},
	},
	{
		name: 'collective-mismatch',
		title: 'client.cfg uses another collective than the node',
		catalogue: 'F12',
		client: () => [
			['main_collective', 'openshift'],
			['collectives', 'openshift'],
		],
	},
	{
		name: 'connector-mismatch',
		title: 'client.cfg uses the rabbitmq connector, the broker and node activemq',
		catalogue: 'F12',
		client: (ctx) => [
			['connector', 'rabbitmq'],
			['plugin.rabbitmq.vhost', '/'],
			['plugin.rabbitmq.pool.size', '1'],
			['plugin.rabbitmq.pool.1.host', '127.0.0.1'],
			['plugin.rabbitmq.pool.1.port', String(ctx.brokerPort)],
			['plugin.rabbitmq.pool.1.user', ctx.user],
			['plugin.rabbitmq.pool.1.password', ctx.password],
		],
	},
	{
		name: 'seed-client-cfg',
		title: "the seed's client.cfg verbatim: connector stomp, the user key twice, no password",
		catalogue: 'F5',
		clientText: (ctx) =>
			[
				'topicprefix = /topic/',
				'main_collective = mcollective',
				'collectives = mcollective',
				'libdir = /usr/libexec/mcollective',
				'logfile = /var/log/mcollective-client.log',
				'loglevel = debug',
				'',
				'# Plugins',
				'securityprovider = psk',
				'plugin.psk = unset',
				'',
				'connector = stomp',
				`plugin.stomp.host = ${ctx.host}`,
				`plugin.stomp.port = ${ctx.brokerPort}`,
				'plugin.stomp.user = mcollective',
				'plugin.stomp.user = marionette',
				'',
			].join('\n'),
	},
	{
		name: 'fewer-replies',
		title: 'three nodes are expected, one never answers',
		catalogue: 'F15',
		silentNode: true,
	},
];

export function scenarioNamed(name: string): Scenario | undefined {
	return SCENARIOS.find((s) => s.name === name);
}

/** A random fault for exercises (never 'good'); `pick` is injectable for tests. */
export function randomScenario(pick: (n: number) => number = (n) => Math.floor(Math.random() * n)): Scenario {
	const faults = SCENARIOS.filter((s) => s.name !== 'good');
	return faults[pick(faults.length)] as Scenario;
}

/**
 * Sets keys in MCollective config text: an existing `key = value` line is replaced in place (every
 * occurrence, so no duplicate survives), a missing key is appended; null removes the key.
 */
export function editConfig(text: string, edits: ConfigEdit): string {
	let lines = text.split('\n');
	for (const [key, value] of edits) {
		const matches = (line: string) => {
			const m = /^\s*([^#=][^=]*?)\s*=/.exec(line);
			return m?.[1] === key;
		};
		if (value === null) {
			lines = lines.filter((l) => !matches(l));
			continue;
		}
		let found = false;
		lines = lines.flatMap((l) => {
			if (!matches(l)) return [l];
			if (found) return [];
			found = true;
			return [`${key} = ${value}`];
		});
		if (!found) {
			const end = lines.length > 0 && lines[lines.length - 1] === '' ? lines.length - 1 : lines.length;
			lines.splice(end, 0, `${key} = ${value}`);
		}
	}
	return lines.join('\n');
}
