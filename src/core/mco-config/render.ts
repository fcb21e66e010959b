/**
 * client.cfg and server.cfg from the ingredients, in MCollective's own `key = value` format
 * (shared/docs/mcollective-wire.md §1). Hand-written rather than `ini.stringify`, which escapes
 * `#`/`;` with backslashes and quotes values that MCollective would then read literally
 * (ecosystem.md B.5).
 *
 * Rules that keep the output safe to read back with MCollective's parser:
 * - comments only on their own lines, starting in column 1 (an inline `# note` becomes part of
 *   the value);
 * - every key exactly once (the last duplicate wins, which is how the seed lost its password);
 * - both `main_collective` and `collectives` (main_collective does not follow collectives);
 * - values are single lines with no leading/trailing whitespace, else rendering throws.
 */
import {REGISTRATION_SERVER_SETTINGS} from '../../mcollective/registration-settings.js';
import type {Ingredients, Platform} from '../types.js';
import {connectorKeys} from './model.js';

export type ConfigRole = 'client' | 'server';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'fatal';

export type RenderOptions = {
	/** server.cfg `identity`; default: the first node identity. Ignored for client.cfg. */
	readonly identity?: string;
	/** Log file; server default per platform. For the client, setting it switches to the file logger. */
	readonly logfile?: string;
	/** Plugin directory; default per platform (see PLATFORM_PATHS). */
	readonly libdir?: string;
	/** Default: 'info' for the server, 'warn' for the client (Debian's templates). */
	readonly loglevel?: LogLevel;
	/** Facts file for `factsource = yaml` (server); null leaves facts out. Default per platform. */
	readonly factsFile?: string | null;
	/** server.cfg `daemonize`; default true (the seed's; Debian's systemd unit overrides it). */
	readonly daemonize?: boolean;
	/** RabbitMQ virtual host; default `/mcollective`. */
	readonly vhost?: string;
	/**
	 * Client reconnect limits so `mco` gives up instead of retrying for ever when the broker is
	 * unreachable (F4). null leaves MCollective's defaults (retry for ever).
	 */
	readonly reconnect?: {readonly initialDelay: number; readonly maxAttempts: number} | null;
	/**
	 * server.cfg registration (`registerinterval`, `registration = agentlist`): on by default, so a
	 * client can prove a psk mismatch or a clock ahead from the node's registrations without the
	 * node's log (docs/client-side-evidence-verified.md). false leaves MCollective's default (off).
	 */
	readonly registration?: boolean;
};

/** Where MCollective's files live per platform. */
export const PLATFORM_PATHS: Readonly<
	Record<
		Platform,
		{
			readonly configDir: string;
			readonly libdir: string;
			readonly serverLog: string;
			readonly factsFile: string;
		}
	>
> = {
	// Debian/Ubuntu package layout: Debian 12's mcollective-common 2.12.5 ships
	// /usr/share/mcollective/plugins and its own client.cfg/server.cfg name it (what the lab and CI
	// install). Fedora/RHEL rpms use RPM_LIBDIR; io/platform.ts detectLibdir picks the one present.
	plain: {
		configDir: '/etc/mcollective',
		libdir: '/usr/share/mcollective/plugins',
		serverLog: '/var/log/mcollective.log',
		factsFile: '/etc/mcollective/facts.yaml',
	},
	// RHEL/CentOS 6 ruby193 Software Collection, as OpenShift Origin's installer writes it.
	scl: {
		configDir: '/opt/rh/ruby193/root/etc/mcollective',
		libdir: '/opt/rh/ruby193/root/usr/libexec/mcollective',
		serverLog: '/var/log/openshift/node/ruby193-mcollective.log',
		factsFile: '/opt/rh/ruby193/root/etc/mcollective/facts.yaml',
	},
};

/** The libdir of the Fedora/RHEL mcollective rpm (`%{_libexecdir}/mcollective`), the seed's. */
export const RPM_LIBDIR = '/usr/libexec/mcollective';

export function defaultConfigDir(platform: Platform): string {
	return PLATFORM_PATHS[platform].configDir;
}

export const DEFAULT_CLIENT_RECONNECT = {initialDelay: 0.1, maxAttempts: 6} as const;

/**
 * mcollectived's connection to the broker (connector/activemq.rb and rabbitmq.rb in 2.12): STOMP
 * 1.1 heart-beats every 30 s (the minimum 2.12 accepts) so a half-open connection is noticed, and
 * a back-off capped at 5 s instead of 30 s, retrying for ever (0), so a node is back within
 * seconds of the broker coming back rather than half a minute later (measured: README, "The lab").
 */
export const SERVER_CONNECTION = {
	heartbeatInterval: 30,
	initialReconnectDelay: 0.1,
	maxReconnectDelay: 5,
	backOffMultiplier: 2,
	maxReconnectAttempts: 0,
} as const;

/** A config line or a comment line (null value). */
type Line = readonly [key: string, value: string] | readonly [comment: string];

const comment = (text: string): Line => [`# ${text}`];
const blank: Line = [''];

function assertRenderable(key: string, value: string): void {
	// Names the key, never the value: the value may be a secret.
	if (value === '')
		throw new Error(`Cannot render '${key}': empty value (MCollective would ignore the line).`);
	if (/[\r\n]/.test(value)) throw new Error(`Cannot render '${key}': the value spans lines.`);
	if (/^\s|\s$/.test(value))
		throw new Error(`Cannot render '${key}': leading or trailing whitespace is lost.`);
}

function toText(lines: readonly Line[]): string {
	const seen = new Set<string>();
	const out: string[] = [];
	for (const line of lines) {
		if (line.length === 1) {
			out.push(line[0]);
			continue;
		}
		const [key, value] = line;
		if (seen.has(key)) throw new Error(`Internal: '${key}' rendered twice.`);
		seen.add(key);
		assertRenderable(key, value);
		out.push(`${key} = ${value}`);
	}
	return `${out.join('\n')}\n`;
}

function connectorLines(ing: Ingredients, role: ConfigRole, options: RenderOptions): Line[] {
	const port = String(ing.stompPort);
	const keys = connectorKeys(ing.connector);
	switch (ing.connector) {
		case 'stomp':
			return [
				comment("LEGACY: the seed's 'stomp' connector was removed in MCollective 2.3; 2.3 and later fail"),
				comment("with 'cannot load such file -- mcollective/connector/stomp.rb'. Choose 'activemq' there."),
				comment('topicprefix is only read by MCollective 2.2 and older (deprecated and ignored since).'),
				['topicprefix', '/topic/'],
				['connector', 'stomp'],
				[keys.host, ing.brokerHost],
				[keys.port, port],
				[keys.user, ing.topicUser],
				[keys.password, ing.topicPassword],
			];
		case 'activemq':
		case 'rabbitmq': {
			const p = `plugin.${ing.connector}`;
			const lines: Line[] = [
				comment(`Middleware: the '${ing.connector}' connector speaks STOMP to the broker on pool host 1.`),
				['connector', ing.connector],
			];
			if (ing.connector === 'rabbitmq') {
				lines.push(comment('RabbitMQ virtual host holding the MCollective exchanges.'));
				lines.push([`${p}.vhost`, options.vhost ?? '/mcollective']);
			}
			lines.push(
				[`${p}.pool.size`, '1'],
				[keys.host, ing.brokerHost],
				[keys.port, port],
				[keys.user, ing.topicUser],
				[keys.password, ing.topicPassword],
			);
			const reconnect = options.reconnect === undefined ? DEFAULT_CLIENT_RECONNECT : options.reconnect;
			if (role === 'server') {
				const c = SERVER_CONNECTION;
				lines.push(
					comment('Notice a dead broker connection (heart-beats) and reconnect for ever, at most 5 s apart.'),
					[`${p}.heartbeat_interval`, String(c.heartbeatInterval)],
					[`${p}.initial_reconnect_delay`, String(c.initialReconnectDelay)],
					[`${p}.max_reconnect_delay`, String(c.maxReconnectDelay)],
					[`${p}.back_off_multiplier`, String(c.backOffMultiplier)],
					[`${p}.max_reconnect_attempts`, String(c.maxReconnectAttempts)],
				);
			}
			if (role === 'client' && reconnect) {
				lines.push(
					comment('Give up after a few quick retries instead of retrying for ever when the broker is down.'),
					[`${p}.initial_reconnect_delay`, String(reconnect.initialDelay)],
					[`${p}.max_reconnect_attempts`, String(reconnect.maxAttempts)],
				);
			}
			return lines;
		}
	}
}

function render(ing: Ingredients, role: ConfigRole, options: RenderOptions): string {
	const paths = PLATFORM_PATHS[ing.platform];
	const [main] = ing.collectives;
	if (main === undefined) throw new Error("Cannot render 'collectives': at least one collective is needed.");
	const lines: Line[] = [
		comment(
			`MCollective ${role} configuration (${role === 'client' ? 'mco' : 'mcollectived'}), written by mco-wizard.`,
		),
		comment('Format: key = value. A # starts a comment only in the first column: a # after a value is'),
		comment('part of the value. The last of two equal keys wins. Keep one key per line.'),
		blank,
		comment('Collectives: main_collective is not derived from collectives, so both are set.'),
		['main_collective', main],
		['collectives', ing.collectives.join(',')],
		['libdir', options.libdir ?? paths.libdir],
	];
	if (role === 'server') {
		const identity = options.identity ?? ing.nodeIdentities[0];
		if (identity !== undefined) {
			lines.push(comment('The name this node answers mco ping with.'), ['identity', identity]);
		}
		lines.push(
			['logfile', options.logfile ?? paths.serverLog],
			['loglevel', options.loglevel ?? 'info'],
			['daemonize', options.daemonize === false ? '0' : '1'],
		);
	} else if (options.logfile) {
		lines.push(
			['logger_type', 'file'],
			['logfile', options.logfile],
			['loglevel', options.loglevel ?? 'warn'],
		);
	} else {
		lines.push(
			comment('Log to the terminal mco runs in.'),
			['logger_type', 'console'],
			['loglevel', options.loglevel ?? 'warn'],
		);
	}
	lines.push(
		blank,
		comment('Security: the pre-shared key must be identical on the client and every node.'),
		['securityprovider', 'psk'],
		['plugin.psk', ing.psk],
		blank,
		...connectorLines(ing, role, options),
	);
	if (role === 'server' && options.registration !== false) {
		lines.push(
			blank,
			comment('Registration: the node announces itself (signed, with its clock) every interval, so the'),
			comment(
				"client can tell a psk mismatch or a skewed clock without this node's log. agentlist is built in.",
			),
			['registerinterval', String(REGISTRATION_SERVER_SETTINGS.registerinterval)],
			['registration', REGISTRATION_SERVER_SETTINGS.registration],
		);
	}
	const factsFile = options.factsFile === undefined ? paths.factsFile : options.factsFile;
	if (role === 'server' && factsFile !== null) {
		lines.push(blank, comment('Facts'), ['factsource', 'yaml'], ['plugin.yaml', factsFile]);
	}
	return toText(lines);
}

export function renderClientCfg(ingredients: Ingredients, options: RenderOptions = {}): string {
	return render(ingredients, 'client', options);
}

export function renderServerCfg(ingredients: Ingredients, options: RenderOptions = {}): string {
	return render(ingredients, 'server', options);
}
