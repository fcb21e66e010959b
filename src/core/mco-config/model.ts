/**
 * What MCollective 2.12 will really read from a client.cfg or server.cfg: the ONE model that lint,
 * every ladder rung, diagnosis, ping/rpc and rendering share. Rules from Ruby's own source
 * (Debian's mcollective 2.12.5): config.rb `loadconfig` (through parse.ts), `@pluginconf` from
 * every `/^plugin.(.+)$/` key, connector/activemq.rb and rabbitmq.rb `connect` for the pool,
 * security/psk.rb for the psk. Environment overrides are the ones 2.12 honours: MCOLLECTIVE_PSK,
 * STOMP_USER, STOMP_PASSWORD (present = wins, even empty: `ENV.include?`) and
 * MCOLLECTIVE_<CONNECTOR>_POOL<n>_SSL_CERT/_KEY. Also reads the seed's legacy `connector = stomp`
 * keys (plugin.stomp.host …), which 2.12 itself no longer loads, so the checks can show them.
 * Pure: the caller passes the environment and the host name.
 */
import {effectiveSettings, parseMcoConfig} from './parse.js';
import {rubyBool, rubyInteger, rubyStrip, rubyToI} from './ruby.js';

export type CallerType = 'uid' | 'gid' | 'group' | 'user' | 'identity';

/** plugin.psk.callertype values psk.rb knows. */
export const CALLER_TYPES: readonly CallerType[] = ['uid', 'gid', 'group', 'user', 'identity'];

/** The connectors MCollective 2.x ships, plus the seed's legacy one. */
export type ConnectorName = 'activemq' | 'rabbitmq' | 'stomp';

/** MCollective's default STOMP port (activemq.rb/rabbitmq.rb `get_option(…port, 61613)`). */
export const DEFAULT_STOMP_PORT = 61613;

/**
 * The most pool hosts read from a file. MCollective loops `1.upto(pool.size)`; a hostile or
 * mistyped `pool.size = 100000000` must not make us allocate for each (issue 13): beyond this
 * the model reads the first MAX_POOL_SIZE and reports the rest as a problem.
 */
export const MAX_POOL_SIZE = 100;

/** Top-level keys Config#loadconfig accepts (config.rb:41-134); anything else stops MCollective. */
export const INTEGER_KEYS: ReadonlySet<string> = new Set([
	'registerinterval',
	'keeplogs',
	'max_log_size',
	'direct_addressing_threshold',
	'discovery_timeout',
	'publish_timeout',
	'connection_timeout',
	'fact_cache_time',
	'ttl',
	'soft_shutdown_timeout',
	'default_batch_size',
]);
export const BOOLEAN_KEYS: ReadonlySet<string> = new Set([
	'registration_splay',
	'direct_addressing',
	'color',
	'daemonize',
	'rpcaudit',
	'rpcauthorization',
	'threaded',
	'soft_shutdown',
	'activate_agents',
]);
export const STRING_KEYS: ReadonlySet<string> = new Set([
	'registration',
	'registration_collective',
	'collectives',
	'main_collective',
	'logfile',
	'loglevel',
	'logfacility',
	'libdir',
	'identity',
	'securityprovider',
	'factsource',
	'connector',
	'classesfile',
	'rpcauditprovider',
	'rpcauthprovider',
	'rpclimitmethod',
	'logger_type',
	'ssl_cipher',
	'default_discovery_options',
	'default_discovery_method',
	'default_batch_sleep_time',
]);
export const DEPRECATED_KEYS: ReadonlySet<string> = new Set([
	'topicprefix',
	'topicsep',
	'queueprefix',
	'rpchelptemplate',
	'helptemplatedir',
]);
export type PoolHost = {
	/** N of plugin.<connector>.pool.N (1-based). */
	readonly index: number;
	readonly host: string;
	/** `.to_i` of the port as Ruby does it: may be 0, negative or > 65535 (see validPort). */
	readonly port: number;
	readonly user: string;
	readonly password: string;
	readonly ssl: boolean;
	readonly sslCert?: string;
	readonly sslKey?: string;
	/** Comma-separated CA files, as activemq.rb splits them. */
	readonly sslCa?: string;
	readonly sslFallback: boolean;
	/** The config keys this host came from, for messages that name the line to fix. */
	readonly keys: {
		readonly host: string;
		readonly port: string;
		readonly user: string;
		readonly password: string;
	};
};

export type Registration = {
	/** `registration` capitalised (default Agentlist). */
	readonly plugin: string;
	/** `registerinterval`, Integer(); 0 = off. */
	readonly interval: number;
	readonly collective: string | undefined;
	readonly splay: boolean;
};

export type McoConfig = {
	/** Every `key = value` as MCollective resolves it: last duplicate wins, libdir accumulates. */
	readonly settings: ReadonlyMap<string, string>;
	/** Ruby's `@pluginconf`: `plugin.X = v` (and `pluginXY…`, the regex's unescaped dot) as X → v. */
	readonly pluginconf: ReadonlyMap<string, string>;
	/** Lower-cased: `connector = ActiveMQ` loads the activemq connector, which reads plugin.activemq.*. */
	readonly connector: string;
	readonly pool: readonly PoolHost[];
	/** plugin.<connector>.pool.size as written and as read (undefined when absent or unparsable). */
	readonly poolSize: number | undefined;
	/** CONNECT host header: activemq `mcollective`, rabbitmq `/` by default. */
	readonly vhost: string;
	readonly psk: string | undefined;
	readonly pskSource: 'config' | 'env' | 'missing';
	readonly callerType: CallerType;
	readonly securityProvider: string;
	readonly collectives: readonly string[];
	/** Not derived from collectives: MCollective's default is `mcollective` whatever collectives says. */
	readonly mainCollective: string;
	/** The file's identity, else the host name the caller passed (Socket.gethostname), else undefined. */
	readonly identity: string | undefined;
	readonly ttl: number;
	readonly logfile: string | undefined;
	readonly loglevel: string;
	/** Every libdir path in file order (each `libdir` line adds, `:` separates). */
	readonly libdirs: readonly string[];
	readonly registration: Registration;
	readonly directAddressing: boolean;
	readonly directAddressingThreshold: number;
	readonly discoveryTimeout: number | undefined;
	readonly connectionTimeout: number | undefined;
	readonly base64: boolean;
	readonly agentsMultiplex: boolean;
	readonly priority: number;
	readonly useReplyExchange: boolean;
	readonly maxReconnectAttempts: number | undefined;
	/** Legacy stomp connector: topic prefix (default `/topic/`). */
	readonly topicPrefix: string;
	/** What would stop mco/mcollectived (or us) with this file, in MCollective's own words where it has some. */
	readonly problems: readonly string[];
};

export type ReadOptions = {
	/** MCOLLECTIVE_PSK, STOMP_USER, STOMP_PASSWORD, MCOLLECTIVE_<C>_POOL<n>_SSL_CERT/KEY. */
	readonly env?: Readonly<Record<string, string | undefined>>;
	/** Socket.gethostname: MCollective's default identity. */
	readonly hostname?: string;
	/**
	 * The files of `plugin.d/` beside the config (config.rb read_plugin_config_dir), by file name:
	 * `<name>.cfg`'s `key = value` becomes pluginconf `<name>.key`, after the main file (so it wins).
	 */
	readonly pluginFiles?: ReadonlyArray<{readonly name: string; readonly text: string}>;
};

/** config.rb: `pluginconfigfile =~ /^([\w]+).cfg$/` (any one character before `cfg`). */
export function pluginFileName(fileName: string): string | undefined {
	if (fileName.length < 5 || !fileName.endsWith('cfg')) return undefined;
	const name = fileName.slice(0, -4);
	return /^\w+$/.test(name) ? name : undefined;
}

/** The key prefix of a connector's pool host N (the one place it is computed). */
export function poolKeyPrefix(connector: string, n = 1): string {
	return connector === 'stomp' ? 'plugin.stomp.' : `plugin.${connector}.pool.${n}.`;
}

/** The host/port/user/password keys of pool host N for a connector. */
export function connectorKeys(connector: string, n = 1): PoolHost['keys'] {
	const p = poolKeyPrefix(connector.toLowerCase(), n);
	return {host: `${p}host`, port: `${p}port`, user: `${p}user`, password: `${p}password`};
}

/** A port a socket can dial: `.to_i` gives 0 for junk and anything for big numbers. */
export function validPort(port: number): boolean {
	return Number.isInteger(port) && port >= 1 && port <= 65535;
}

/** config.rb: `val.split(",")` drops trailing empty fields, then each is stripped. */
function rubySplit(text: string, separator: string): string[] {
	const parts = text.split(separator);
	while (parts.length > 0 && parts.at(-1) === '') parts.pop();
	return parts;
}

/** `/^plugin.(.+)$/`: "plugin", any one character, at least one more. */
function pluginName(key: string): string | undefined {
	return key.length > 7 && key.startsWith('plugin') ? key.slice(7) : undefined;
}

const capitalize = (s: string) => (s === '' ? s : s[0]?.toUpperCase() + s.slice(1).toLowerCase());

/** Identities MCollective accepts (config.rb: `/^[\w\.\-]+$/`, ASCII \w). */
const IDENTITY = /^[A-Za-z0-9_.-]+$/;

export function readMcoConfig(text: string, options: ReadOptions = {}): McoConfig {
	const env = options.env ?? {};
	const parsed = parseMcoConfig(text);
	const settings = effectiveSettings(parsed);
	const pluginconf = new Map<string, string>();
	for (const entry of parsed.entries) {
		const name = pluginName(entry.key);
		if (name !== undefined) pluginconf.set(name, entry.value);
	}
	// Ruby walks the directory unsorted; sorted here so the same files always read the same.
	const pluginFiles = [...(options.pluginFiles ?? [])].sort((a, b) => (a.name < b.name ? -1 : 1));
	for (const file of pluginFiles) {
		const plugin = pluginFileName(file.name);
		if (plugin === undefined) continue;
		for (const entry of parseMcoConfig(file.text).entries)
			pluginconf.set(`${plugin}.${entry.key}`, entry.value);
	}
	const problems: string[] = [];
	const get = (key: string) => settings.get(key);
	const plugin = (name: string) => pluginconf.get(name);
	const readInt = (key: string, raw: string | undefined, fallback: number | undefined) => {
		if (raw === undefined) return fallback;
		const value = rubyInteger(raw);
		if (value === undefined) {
			problems.push(`Could not parse value for configuration option '${key}' with value '${raw}'`);
			return fallback;
		}
		return value;
	};
	const readBool = (key: string, raw: string | undefined, fallback: boolean) => {
		if (raw === undefined) return fallback;
		const value = rubyBool(raw);
		if (value === undefined) {
			problems.push(`Cannot convert string value '${rubyStrip(raw)}' into a boolean. (${key})`);
			return fallback;
		}
		return value;
	};
	const int = (key: string, fallback: number | undefined) => readInt(key, get(key), fallback);
	const bool = (key: string, fallback: boolean) => readBool(key, get(key), fallback);
	const pluginInt = (name: string, fallback: number | undefined) =>
		readInt(`plugin.${name}`, plugin(name), fallback);
	const pluginBool = (name: string, fallback: boolean) => readBool(`plugin.${name}`, plugin(name), fallback);

	// config.rb raises on the first key it does not know or cannot convert; we list them all.
	for (const [key, value] of settings) {
		if (pluginName(key) !== undefined || STRING_KEYS.has(key) || DEPRECATED_KEYS.has(key)) continue;
		if (INTEGER_KEYS.has(key)) readInt(key, value, undefined);
		else if (BOOLEAN_KEYS.has(key)) readBool(key, value, false);
		else problems.push(`Unknown config parameter '${key}'`);
	}

	const connector = (get('connector') ?? 'activemq').toLowerCase();
	const collectives = rubySplit(get('collectives') ?? 'mcollective', ',').map(rubyStrip);
	const mainCollective = get('main_collective') ?? 'mcollective';
	if (!collectives.includes(mainCollective)) {
		problems.push(`Unknown collective '${mainCollective}' known collectives are '${collectives.join(', ')}'`);
	}
	const identity = get('identity') ?? options.hostname;
	if (identity !== undefined && !IDENTITY.test(identity))
		problems.push('Identities can only match /\\w\\.\\-/');

	const libdirs: string[] = [];
	for (const entry of parsed.entries) {
		if (entry.key !== 'libdir') continue;
		for (const path of rubySplit(entry.value, ':')) {
			if (!path.startsWith('/'))
				problems.push(`libdir paths should be absolute paths but '${path}' is relative`);
			libdirs.push(path);
		}
	}

	let psk = plugin('psk');
	let pskSource: McoConfig['pskSource'] = psk === undefined ? 'missing' : 'config';
	if (env.MCOLLECTIVE_PSK !== undefined) {
		psk = env.MCOLLECTIVE_PSK;
		pskSource = 'env';
	}
	const securityProvider = (get('securityprovider') ?? 'psk').toLowerCase();
	if (securityProvider !== 'psk')
		problems.push(`securityprovider '${securityProvider}' is not psk: only psk is spoken here`);
	else if (psk === undefined) problems.push('No plugin.psk configuration option specified');
	const rawCaller = plugin('psk.callertype') ?? 'uid';
	const callerType = (CALLER_TYPES as readonly string[]).includes(rawCaller)
		? (rawCaller as CallerType)
		: 'uid';

	const envUser = env.STOMP_USER;
	const envPassword = env.STOMP_PASSWORD;
	const pool: PoolHost[] = [];
	let poolSize: number | undefined;
	if (connector === 'activemq' || connector === 'rabbitmq') {
		poolSize = pluginInt(`${connector}.pool.size`, undefined);
		if (plugin(`${connector}.pool.size`) === undefined) {
			problems.push(
				`Could not connect to ${connector === 'activemq' ? 'ActiveMQ' : 'RabbitMQ'} Server: No plugin.${connector}.pool.size configuration option given`,
			);
		}
		if (poolSize !== undefined && poolSize > MAX_POOL_SIZE) {
			problems.push(
				`plugin.${connector}.pool.size = ${plugin(`${connector}.pool.size`)} is more than ${MAX_POOL_SIZE} pool hosts: only the first ${MAX_POOL_SIZE} are read`,
			);
		}
		const count = Math.min(poolSize ?? 0, MAX_POOL_SIZE);
		const upper = connector.toUpperCase();
		for (let n = 1; n <= count; n++) {
			const name = (k: string) => `${connector}.pool.${n}.${k}`;
			const keys = connectorKeys(connector, n);
			const host = plugin(name('host'));
			if (host === undefined) {
				problems.push(`No plugin.${name('host')} configuration option given`);
				continue;
			}
			const portText = plugin(name('port'));
			pool.push({
				index: n,
				host,
				port: portText === undefined ? DEFAULT_STOMP_PORT : rubyToI(portText),
				user: envUser ?? plugin(name('user')) ?? '',
				password: envPassword ?? plugin(name('password')) ?? '',
				ssl: pluginBool(name('ssl'), false),
				sslCert: env[`MCOLLECTIVE_${upper}_POOL${n}_SSL_CERT`] ?? plugin(name('ssl.cert')),
				sslKey: env[`MCOLLECTIVE_${upper}_POOL${n}_SSL_KEY`] ?? plugin(name('ssl.key')),
				sslCa: plugin(name('ssl.ca')),
				sslFallback: pluginBool(name('ssl.fallback'), false),
				keys,
			});
		}
		if (poolSize !== undefined && poolSize < 1)
			problems.push(
				`No hosts found for the ${connector === 'activemq' ? 'ActiveMQ' : 'RabbitMQ'} connection pool`,
			);
	} else if (connector === 'stomp') {
		// mcollective <= 2.2 stomp connector (the seed's); env STOMP_SERVER/PORT/USER/PASSWORD win.
		poolSize = pluginInt('stomp.pool.size', undefined);
		if (poolSize !== undefined) {
			if (poolSize > MAX_POOL_SIZE)
				problems.push(
					`plugin.stomp.pool.size = ${plugin('stomp.pool.size')} is more than ${MAX_POOL_SIZE} pool hosts: only the first ${MAX_POOL_SIZE} are read`,
				);
			for (let n = 1; n <= Math.min(poolSize, MAX_POOL_SIZE); n++) {
				pool.push({
					index: n,
					host: plugin(`stomp.pool.host${n}`) ?? '',
					port: rubyToI(plugin(`stomp.pool.port${n}`) ?? String(DEFAULT_STOMP_PORT)),
					user: envUser ?? plugin(`stomp.pool.user${n}`) ?? '',
					password: envPassword ?? plugin(`stomp.pool.password${n}`) ?? '',
					ssl: rubyBool(plugin(`stomp.pool.ssl${n}`) ?? 'false') ?? false,
					sslFallback: false,
					keys: {
						host: `plugin.stomp.pool.host${n}`,
						port: `plugin.stomp.pool.port${n}`,
						user: `plugin.stomp.pool.user${n}`,
						password: `plugin.stomp.pool.password${n}`,
					},
				});
			}
		} else {
			const host = env.STOMP_SERVER ?? plugin('stomp.host');
			if (host === undefined)
				problems.push('No STOMP_SERVER environment or plugin.stomp.host configuration option given');
			else {
				pool.push({
					index: 1,
					host,
					port: rubyToI(env.STOMP_PORT ?? plugin('stomp.port') ?? '6163'),
					user: envUser ?? plugin('stomp.user') ?? '',
					password: envPassword ?? plugin('stomp.password') ?? '',
					ssl: false,
					sslFallback: false,
					keys: connectorKeys('stomp'),
				});
			}
		}
		problems.push(
			"connector 'stomp' was removed after MCollective 2.2: mco 2.12 fails with 'cannot load such file -- mcollective/connector/stomp.rb'",
		);
	} else {
		problems.push(`unknown connector '${connector}'`);
	}
	for (const host of pool) {
		if (!validPort(host.port)) problems.push(`${host.keys.port} = ${host.port} is not a TCP port (1-65535)`);
		if (host.password === '')
			problems.push(`no password for ${host.user || '(no user)'}@${host.host}:${host.port}`);
	}

	return {
		settings,
		pluginconf,
		connector,
		pool,
		poolSize,
		vhost: plugin(`${connector}.vhost`) ?? (connector === 'rabbitmq' ? '/' : 'mcollective'),
		psk,
		pskSource,
		callerType,
		securityProvider,
		collectives,
		mainCollective,
		identity,
		ttl: int('ttl', 60) ?? 60,
		logfile: get('logfile'),
		loglevel: get('loglevel') ?? 'info',
		libdirs,
		registration: {
			plugin: capitalize(get('registration') ?? 'agentlist'),
			interval: int('registerinterval', 0) ?? 0,
			collective: get('registration_collective'),
			splay: bool('registration_splay', false),
		},
		directAddressing: bool('direct_addressing', true),
		directAddressingThreshold: int('direct_addressing_threshold', 10) ?? 10,
		discoveryTimeout: int('discovery_timeout', undefined),
		connectionTimeout: int('connection_timeout', undefined),
		base64: pluginBool(`${connector}.base64`, false),
		agentsMultiplex: pluginBool(`${connector}.agents_multiplex`, false),
		priority: connector === 'activemq' ? rubyToI(plugin(`${connector}.priority`) ?? '0') : 0,
		useReplyExchange: connector === 'rabbitmq' ? pluginBool(`${connector}.use_reply_exchange`, false) : false,
		maxReconnectAttempts: pluginInt(`${connector}.max_reconnect_attempts`, undefined),
		topicPrefix: get('topicprefix') ?? '/topic/',
		// the key pass above and the typed reads below may both report one bad value
		problems: [...new Set(problems)],
	};
}
