/**
 * client.cfg → everything a client needs to talk to the broker and sign requests, resolved the way
 * MCollective 2.12.5 resolves it (wire spec §1): last duplicate wins, inline `#` kept, Ruby
 * Integer() for top-level integers (`010` is 8), `.to_i` for ports, str_to_bool for booleans,
 * MCOLLECTIVE_PSK / STOMP_USER / STOMP_PASSWORD beat the file. Also reads the seed's legacy
 * `connector = stomp` keys (plugin.stomp.host …), which 2.12 itself no longer loads.
 */
import {readMcoSettings} from '../core/mco-config/parse.js';
import {CALLER_TYPES, type CallerType} from './psk.js';

export type PoolHost = {
	readonly host: string;
	readonly port: number;
	readonly user: string;
	readonly password: string;
	readonly ssl: boolean;
	readonly sslCert?: string;
	readonly sslKey?: string;
	readonly sslCa?: string;
	readonly sslFallback: boolean;
};

export type ClientSettings = {
	/** `activemq` | `rabbitmq` | `stomp` (legacy, seed) | anything else as written. */
	readonly connector: string;
	readonly pool: readonly PoolHost[];
	/** CONNECT host header: activemq `mcollective`, rabbitmq `/` by default. */
	readonly vhost: string;
	readonly psk: string | undefined;
	readonly pskSource: 'config' | 'env' | 'missing';
	readonly callerType: CallerType;
	readonly collectives: readonly string[];
	readonly mainCollective: string;
	/** undefined = the host name (Socket.gethostname), filled in by the caller. */
	readonly identity: string | undefined;
	readonly ttl: number;
	readonly directAddressing: boolean;
	readonly directAddressingThreshold: number;
	readonly discoveryTimeout: number | undefined;
	readonly connectionTimeout: number | undefined;
	readonly base64: boolean;
	readonly agentsMultiplex: boolean;
	readonly priority: number;
	readonly useReplyExchange: boolean;
	/** `:`-joined libdir paths (where agent DDLs live). */
	readonly libdir: string | undefined;
	/** Legacy stomp connector: topic prefix (default `/topic/`). */
	readonly topicPrefix: string;
	/** What would stop mco (or us) with this file, in MCollective's own words where it has some. */
	readonly problems: readonly string[];
};

/** Ruby `Integer(val)`: decimal, 0x.., 0b.., 0o.., leading 0 = octal, underscores between digits. */
export function rubyInteger(text: string): number | undefined {
	const t = text.trim();
	const m =
		/^([+-]?)(0[xX][0-9a-fA-F](?:_?[0-9a-fA-F])*|0[bB][01](?:_?[01])*|0[oO]?[0-7](?:_?[0-7])*|0|[1-9](?:_?\d)*)$/.exec(
			t,
		);
	if (!m) return undefined;
	const sign = m[1] === '-' ? -1 : 1;
	const body = (m[2] ?? '').replaceAll('_', '');
	let value: number;
	if (/^0[xX]/.test(body)) value = Number.parseInt(body.slice(2), 16);
	else if (/^0[bB]/.test(body)) value = Number.parseInt(body.slice(2), 2);
	else if (/^0[oO]/.test(body)) value = Number.parseInt(body.slice(2), 8);
	else if (body.length > 1 && body.startsWith('0')) value = Number.parseInt(body.slice(1), 8);
	else value = Number.parseInt(body, 10);
	return sign * value;
}

/** Ruby `String#to_i`: leading decimal digits, else 0. */
export function rubyToI(text: string): number {
	const m = /^\s*([+-]?\d+)/.exec(text.replaceAll('_', ''));
	return m ? Number.parseInt(m[1] ?? '0', 10) : 0;
}

/** Util.str_to_bool; undefined when MCollective would raise. */
export function rubyBool(text: string): boolean | undefined {
	if (/^(1|yes|true|y|t)$/i.test(text)) return true;
	if (/^(0|no|false|n|f)$/i.test(text)) return false;
	return undefined;
}

export function clientSettingsFromConfig(
	text: string,
	env: Readonly<Record<string, string | undefined>> = {},
): ClientSettings {
	const settings = readMcoSettings(text);
	const problems: string[] = [];
	const get = (key: string) => settings.get(key);
	const int = (key: string, fallback: number | undefined): number | undefined => {
		const raw = get(key);
		if (raw === undefined) return fallback;
		const value = rubyInteger(raw);
		if (value === undefined) {
			problems.push(`Could not parse value for configuration option '${key}' with value '${raw}'`);
			return fallback;
		}
		return value;
	};
	const bool = (key: string, fallback: boolean): boolean => {
		const raw = get(key);
		if (raw === undefined) return fallback;
		const value = rubyBool(raw);
		if (value === undefined) {
			problems.push(`Cannot convert string value '${raw}' into a boolean. (${key})`);
			return fallback;
		}
		return value;
	};

	const connector = (get('connector') ?? 'activemq').toLowerCase();
	const collectives = (get('collectives') ?? 'mcollective')
		.split(',')
		.map((c) => c.trim())
		.filter((c) => c !== '');
	const mainCollective = get('main_collective') ?? 'mcollective';
	if (!collectives.includes(mainCollective)) {
		problems.push(`Unknown collective '${mainCollective}' known collectives are '${collectives.join(', ')}'`);
	}
	const identity = get('identity');
	if (identity !== undefined && !/^[\w.-]+$/.test(identity))
		problems.push('Identities can only match /\\w\\.\\-/');

	let psk = get('plugin.psk');
	let pskSource: ClientSettings['pskSource'] = psk === undefined ? 'missing' : 'config';
	if (env.MCOLLECTIVE_PSK !== undefined && env.MCOLLECTIVE_PSK !== '') {
		psk = env.MCOLLECTIVE_PSK;
		pskSource = 'env';
	}
	const securityProvider = (get('securityprovider') ?? 'psk').toLowerCase();
	if (securityProvider !== 'psk')
		problems.push(`securityprovider '${securityProvider}' is not psk: only psk is spoken here`);
	else if (psk === undefined) problems.push('No plugin.psk configuration option specified');

	const rawCaller = get('plugin.psk.callertype') ?? 'uid';
	const callerType = (CALLER_TYPES as readonly string[]).includes(rawCaller)
		? (rawCaller as CallerType)
		: 'uid';

	const pool: PoolHost[] = [];
	const envUser = env.STOMP_USER;
	const envPassword = env.STOMP_PASSWORD;
	const prefix = `plugin.${connector}`;
	if (connector === 'activemq' || connector === 'rabbitmq') {
		const size = int(`${prefix}.pool.size`, undefined);
		if (size === undefined) {
			problems.push(
				`Could not connect to ${connector === 'activemq' ? 'ActiveMQ' : 'RabbitMQ'} Server: No ${prefix}.pool.size configuration option given`,
			);
		}
		for (let n = 1; n <= (size ?? 0); n++) {
			const key = (k: string) => get(`${prefix}.pool.${n}.${k}`);
			const host = key('host');
			if (host === undefined) {
				problems.push(`No ${prefix}.pool.${n}.host configuration option given`);
				continue;
			}
			const ssl = rubyBool(key('ssl') ?? 'false') ?? false;
			pool.push({
				host,
				port: key('port') === undefined ? 61613 : rubyToI(key('port') ?? ''),
				user: envUser ?? key('user') ?? '',
				password: envPassword ?? key('password') ?? '',
				ssl,
				sslCert: key('ssl.cert'),
				sslKey: key('ssl.key'),
				sslCa: key('ssl.ca'),
				sslFallback: rubyBool(key('ssl.fallback') ?? 'false') ?? false,
			});
		}
	} else if (connector === 'stomp') {
		// mcollective <= 2.2 stomp connector (the seed's); env STOMP_SERVER/PORT/USER/PASSWORD win.
		const size = int('plugin.stomp.pool.size', undefined);
		if (size !== undefined) {
			for (let n = 1; n <= size; n++) {
				pool.push({
					host: get(`plugin.stomp.pool.host${n}`) ?? '',
					port: rubyToI(get(`plugin.stomp.pool.port${n}`) ?? '61613'),
					user: envUser ?? get(`plugin.stomp.pool.user${n}`) ?? '',
					password: envPassword ?? get(`plugin.stomp.pool.password${n}`) ?? '',
					ssl: rubyBool(get(`plugin.stomp.pool.ssl${n}`) ?? 'false') ?? false,
					sslFallback: false,
				});
			}
		} else {
			const host = env.STOMP_SERVER ?? get('plugin.stomp.host');
			if (host === undefined)
				problems.push('No STOMP_SERVER environment or plugin.stomp.host configuration option given');
			else {
				pool.push({
					host,
					port: rubyToI(env.STOMP_PORT ?? get('plugin.stomp.port') ?? '6163'),
					user: envUser ?? get('plugin.stomp.user') ?? '',
					password: envPassword ?? get('plugin.stomp.password') ?? '',
					ssl: false,
					sslFallback: false,
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
		if (host.password === '')
			problems.push(`no password for ${host.user || '(no user)'}@${host.host}:${host.port}`);
	}

	return {
		connector,
		pool,
		vhost: get(`${prefix}.vhost`) ?? (connector === 'rabbitmq' ? '/' : 'mcollective'),
		psk,
		pskSource,
		callerType,
		collectives,
		mainCollective,
		identity,
		ttl: int('ttl', 60) ?? 60,
		directAddressing: bool('direct_addressing', true),
		directAddressingThreshold: int('direct_addressing_threshold', 10) ?? 10,
		discoveryTimeout: int('discovery_timeout', undefined),
		connectionTimeout: int('connection_timeout', undefined),
		base64: bool(`${prefix}.base64`, false),
		agentsMultiplex: bool(`${prefix}.agents_multiplex`, false),
		priority: connector === 'activemq' ? rubyToI(get(`${prefix}.priority`) ?? '0') : 0,
		useReplyExchange: connector === 'rabbitmq' ? bool(`${prefix}.use_reply_exchange`, false) : false,
		libdir: get('libdir'),
		topicPrefix: get('topicprefix') ?? '/topic/',
		problems,
	};
}
