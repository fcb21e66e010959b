/**
 * A linter for MCollective client.cfg / server.cfg that reads them exactly as MCollective does
 * (parse.ts) and explains, line by line, where what MCollective will use differs from what the
 * author meant: the seed's duplicate `plugin.stomp.user`, inline `# comments` kept as values,
 * keys for a connector that is not in use (F2), `connector = stomp` on 2.3+ (F29), default psks
 * (F13), and, across the pair, the "different wires" of F12.
 *
 * Findings never contain a secret: secret values are described, or compared by fingerprint.
 */
import ini from 'ini';
import {IDENTITY} from '../ingredients.js';
import {fingerprint} from '../secrets.js';
import {
	BOOLEAN_KEYS,
	connectorKeys,
	DEPRECATED_KEYS,
	INTEGER_KEYS,
	MAX_POOL_SIZE,
	STRING_KEYS,
	validPort,
} from './model.js';
import {ACCUMULATING_KEYS, type ConfigEntry, effectiveSettings, parseMcoConfig} from './parse.js';
import type {ConfigRole} from './render.js';
import {rubyBool, rubyInteger, rubyToI} from './ruby.js';

export type LintSeverity = 'error' | 'warning' | 'info';

export type LintFinding = {
	/** Stable rule id, e.g. `duplicate-key`. */
	readonly rule: string;
	readonly severity: LintSeverity;
	/** 1-based line in the file the finding is about (for lintPair: see `file`). */
	readonly line?: number;
	/** Which file, for lintPair findings. */
	readonly file?: ConfigRole;
	readonly message: string;
	/** The edit that repairs it. */
	readonly fix?: string;
};

const LOG_LEVELS = new Set(['debug', 'info', 'warn', 'error', 'fatal']);
const CONNECTORS = ['activemq', 'rabbitmq', 'stomp'] as const;
const DEFAULT_PSKS = new Set(['unset', 'asimplething', 'changeme', 'secret']);
const DEFAULT_PASSWORDS = new Set(['marionette', 'secret', 'password', 'changeme']);

/** Keys whose value is a secret: never quoted in a finding. */
export function isSecretKey(key: string): boolean {
	return key === 'plugin.psk' || /password$/i.test(key);
}

/** `/^plugin.(.+)$/` with its unescaped dot, as config.rb:90 has it. */
const PLUGIN_KEY = /^plugin.(.+)$/;

type Lines = {
	readonly entries: readonly ConfigEntry[];
	readonly settings: Map<string, string>;
	/** Last entry per key (the one MCollective uses). */
	readonly last: Map<string, ConfigEntry>;
};

function read(text: string): Lines & {ignored: ReturnType<typeof parseMcoConfig>['ignored']} {
	const parsed = parseMcoConfig(text);
	const last = new Map<string, ConfigEntry>();
	for (const entry of parsed.entries) last.set(entry.key, entry);
	return {entries: parsed.entries, settings: effectiveSettings(parsed), last, ignored: parsed.ignored};
}

// User names stay unquoted too: in the seed's file the duplicated 'user' line holds the password.
const quote = (key: string, value: string) =>
	isSecretKey(key) || key.endsWith('.user') ? '(not shown)' : `'${value}'`;

/** The connector MCollective will load (default activemq, config.rb:196). */
function connectorOf(settings: Map<string, string>): string {
	return (settings.get('connector') ?? 'activemq').toLowerCase();
}

/** The credential keys of every pool host MCollective reads (bounded like the model). */
function credentialKeys(connector: string, settings: Map<string, string>) {
	if (connector === 'stomp') return [{n: 1, ...connectorKeys('stomp')}];
	const size = rubyInteger(settings.get(`plugin.${connector}.pool.size`) ?? '') ?? 1;
	const count = size >= 1 ? Math.min(size, MAX_POOL_SIZE) : 1;
	return Array.from({length: count}, (_, i) => ({n: i + 1, ...connectorKeys(connector, i + 1)}));
}

function lintKeys(lines: Lines, findings: LintFinding[]): void {
	for (const entry of lines.entries) {
		const {key, value, line} = entry;
		if (PLUGIN_KEY.test(key)) continue;
		if (DEPRECATED_KEYS.has(key)) {
			findings.push({
				rule: 'deprecated-key',
				severity: 'warning',
				line,
				message: `'${key}' is ignored since MCollective 2.3 (it logs "Use of deprecated '${key}' option").`,
				fix: `Delete the '${key}' line.`,
			});
			continue;
		}
		if (!INTEGER_KEYS.has(key) && !BOOLEAN_KEYS.has(key) && !STRING_KEYS.has(key)) {
			const indented = key.startsWith('#');
			findings.push({
				rule: 'unknown-key',
				severity: 'error',
				line,
				message: indented
					? `An indented '#' is not a comment: MCollective stops with "Unknown config parameter '${key}'".`
					: `MCollective stops with "Unknown config parameter '${key}'".`,
				fix: indented ? 'Move the # to the first column.' : `Remove or correct '${key}'.`,
			});
			continue;
		}
		// Ruby's Integer() itself (ruby.ts), so `08` is the error MCollective stops with, not octal 0.
		const integer = INTEGER_KEYS.has(key) ? rubyInteger(value) : undefined;
		if (INTEGER_KEYS.has(key) && integer === undefined) {
			findings.push({
				rule: 'bad-value',
				severity: 'error',
				line,
				message: `'${key}' must be a whole number; MCollective stops with "Could not parse value for configuration option '${key}' with value '${value}'".`,
				fix: `${key} = <number>`,
			});
		} else if (INTEGER_KEYS.has(key) && /^[+-]?0[\d_]/.test(value)) {
			findings.push({
				rule: 'octal-number',
				severity: 'warning',
				line,
				message: `'${value}' starts with 0, so Ruby's Integer() reads it as octal (${integer}).`,
				fix: `${key} = ${value.replace(/^([+-]?)0+(?=\d)/, '$1')}`,
			});
		}
		if (BOOLEAN_KEYS.has(key) && rubyBool(value) === undefined) {
			findings.push({
				rule: 'bad-value',
				severity: 'error',
				line,
				message: `'${key}' must be 1/0, yes/no or true/false; MCollective cannot convert '${value}' to a boolean.`,
				fix: `${key} = 1`,
			});
		}
	}
}

function lintDuplicates(lines: Lines, findings: LintFinding[]): void {
	const byKey = new Map<string, ConfigEntry[]>();
	for (const entry of lines.entries) {
		if (ACCUMULATING_KEYS.has(entry.key)) continue;
		byKey.set(entry.key, [...(byKey.get(entry.key) ?? []), entry]);
	}
	for (const [key, entries] of byKey) {
		if (entries.length < 2) continue;
		const winner = entries.at(-1) as ConfigEntry;
		const lineList = entries.map((e) => e.line).join(', ');
		const differ = new Set(entries.map((e) => e.value)).size > 1;
		const userNoPassword =
			key.endsWith('.user') && differ && !lines.settings.has(key.replace(/\.user$/, '.password'));
		findings.push({
			rule: 'duplicate-key',
			severity: differ ? 'error' : 'warning',
			line: winner.line,
			message: userNoPassword
				? `'${key}' is set twice (lines ${lineList}) and there is no password: MCollective keeps only line ${winner.line}, so it logs in with that value as the user name and no password.`
				: `'${key}' is set ${entries.length} times (lines ${lineList}); MCollective uses only line ${winner.line}${differ ? `, ${quote(key, winner.value)}` : ''}.`,
			fix: userNoPassword
				? `Line ${winner.line} was probably meant to be '${key.replace(/\.user$/, '.password')} = ...'; the user name goes on line ${entries[0]?.line}.`
				: `Keep one '${key}' line.`,
		});
	}
}

/** ` # note` after a value: MCollective keeps it (parse.ts); say what it will really use. */
function lintInlineComments(lines: Lines, findings: LintFinding[]): void {
	for (const entry of lines.entries) {
		const at = entry.value.search(/\s#/);
		if (at < 0) continue;
		const meant = entry.value.slice(0, at).trimEnd();
		const secret = isSecretKey(entry.key);
		const harmless = /\.port$/.test(entry.key); // plugin ports go through to_i (real-lab.md)
		findings.push({
			rule: 'inline-comment',
			severity: harmless ? 'warning' : 'error',
			line: entry.line,
			message: secret
				? `A '#' after the value is not a comment: the text from '#' on is part of the ${entry.key === 'plugin.psk' ? 'psk' : 'password'} MCollective uses.`
				: `A '#' after the value is not a comment: MCollective uses ${quote(entry.key, entry.value)} for '${entry.key}', not ${quote(entry.key, meant)}.${harmless ? ' It works only because ports are read with to_i.' : ''}`,
			fix: `Put the comment on its own line starting with '#', and leave '${entry.key} = ${secret || entry.key.endsWith('.user') ? '...' : meant}'.`,
		});
	}
}

/** Lines a generic INI reader (Puppet ini_setting, Python, the `ini` package) reads differently. */
function lintIniDisagreement(lines: Lines, findings: LintFinding[]): void {
	for (const entry of lines.entries) {
		if (/\s#/.test(entry.value)) continue; // already explained by inline-comment
		let generic: unknown;
		try {
			generic = ini.parse(entry.raw)[entry.key];
		} catch {
			continue;
		}
		if (generic === undefined || String(generic) === entry.value) continue;
		const reason = entry.value.includes(';')
			? "';' starts a comment there"
			: /^["']/.test(entry.value)
				? 'it removes the quotes (MCollective keeps them)'
				: "'#' starts a comment there";
		const secret = isSecretKey(entry.key);
		findings.push({
			rule: 'ini-disagrees',
			severity: 'warning',
			line: entry.line,
			message: secret
				? `A generic INI tool would read a different ${entry.key === 'plugin.psk' ? 'psk' : 'password'} here (${reason}); MCollective uses the whole value.`
				: `MCollective uses ${quote(entry.key, entry.value)} but a generic INI tool reads ${quote(entry.key, String(generic))} (${reason}).`,
			fix: secret
				? 'Use a secret of letters and digits only (F28) so every tool reads the same value.'
				: /^["']/.test(entry.value) && !entry.key.endsWith('.user')
					? `Remove the quotes: '${entry.key} = ${entry.value.replace(/^["']|["']$/g, '')}'.`
					: undefined,
		});
	}
}

function lintIgnored(ignored: ReturnType<typeof parseMcoConfig>['ignored'], findings: LintFinding[]): void {
	for (const line of ignored) {
		if (line.reason === 'empty-value') {
			const key = line.raw.split('=')[0]?.trim() ?? '';
			findings.push({
				rule: 'empty-value',
				severity: isSecretKey(key) ? 'error' : 'warning',
				line: line.line,
				message: `'${key}' has no value, so MCollective silently ignores the line.`,
				fix: `${key} = <value>, or delete the line.`,
			});
		} else {
			findings.push({
				rule: 'ignored-line',
				severity: 'info',
				line: line.line,
				message: `No '=' here, so MCollective ignores the line${line.raw.trimStart().startsWith('#') ? " (an indented '#' is not a comment)" : ''}.`,
				fix: line.raw.trimStart().startsWith('#') ? 'Start comments in the first column.' : undefined,
			});
		}
	}
}

function lintConnector(lines: Lines, role: ConfigRole, findings: LintFinding[]): void {
	const {settings, last} = lines;
	const connector = connectorOf(settings);
	const connectorLine = last.get('connector')?.line;
	if (connector === 'stomp') {
		findings.push({
			rule: 'legacy-connector',
			severity: 'error',
			line: connectorLine,
			message:
				"'connector = stomp' (the seed's) was removed in MCollective 2.3: 2.3 and later fail with 'cannot load such file -- mcollective/connector/stomp.rb' (F29).",
			fix: 'connector = activemq, with plugin.activemq.pool.size = 1 and plugin.activemq.pool.1.host/port/user/password instead of plugin.stomp.*.',
		});
	} else if (!(CONNECTORS as readonly string[]).includes(connector)) {
		findings.push({
			rule: 'unknown-connector',
			severity: 'error',
			line: connectorLine,
			message: `There is no '${connector}' connector in MCollective 2.x; use activemq or rabbitmq.`,
			fix: 'connector = activemq',
		});
		return;
	}
	// Keys for a connector that is not in use are ignored: the classic "edited the wrong key" (F2).
	for (const entry of lines.entries) {
		const other = CONNECTORS.find((c) => c !== connector && entry.key.startsWith(`plugin.${c}.`));
		if (!other) continue;
		findings.push({
			rule: 'wrong-connector-keys',
			severity: 'warning',
			line: entry.line,
			message: `'${entry.key}' is ignored: the connector in use is '${connector}', which reads plugin.${connector}.* keys.`,
			fix: connector === 'stomp' ? undefined : `Move the value to the matching plugin.${connector}.* key.`,
		});
	}
	if (connector !== 'stomp') {
		const sizeKey = `plugin.${connector}.pool.size`;
		const size = settings.get(sizeKey);
		if (size === undefined) {
			findings.push({
				rule: 'missing-key',
				severity: 'error',
				line: connectorLine,
				message: `'${sizeKey}' is missing; the ${connector} connector cannot connect without it.`,
				fix: `${sizeKey} = 1`,
			});
		} else if ((rubyInteger(size) ?? 0) < 1) {
			findings.push({
				rule: 'bad-value',
				severity: 'error',
				line: last.get(sizeKey)?.line,
				message: `'${sizeKey}' must be a whole number of pool hosts (1 or more), not '${size}'.`,
				fix: `${sizeKey} = 1`,
			});
		} else if ((rubyInteger(size) ?? 0) > MAX_POOL_SIZE) {
			// The model (and so every check, ping and rpc) reads only the first MAX_POOL_SIZE hosts.
			findings.push({
				rule: 'bad-value',
				severity: 'error',
				line: last.get(sizeKey)?.line,
				message: `'${sizeKey}' is ${size}: more than ${MAX_POOL_SIZE} pool hosts, only the first ${MAX_POOL_SIZE} are read.`,
				fix: `${sizeKey} = the number of plugin.${connector}.pool.N.host lines`,
			});
		}
	}
	for (const keys of credentialKeys(connector, settings)) {
		const host = settings.get(keys.host);
		if (host === undefined) {
			findings.push({
				rule: 'missing-key',
				severity: 'error',
				line: connectorLine,
				message: `'${keys.host}' is missing: the connector has no broker to connect to (it falls back to a default, F2).`,
				fix: `${keys.host} = <ActiveMQ host>`,
			});
		}
		const port = settings.get(keys.port);
		if (port !== undefined) {
			// the connector reads ports with Ruby's to_i (`61613 # stomp` is 61613, `x` is 0)
			if (!validPort(rubyToI(port))) {
				findings.push({
					rule: 'bad-value',
					severity: 'error',
					line: last.get(keys.port)?.line,
					message: `'${keys.port}' is not a port between 1 and 65535 ('${port}').`,
					fix: `${keys.port} = 61613`,
				});
			}
		}
		const user = settings.get(keys.user);
		const password = settings.get(keys.password);
		if (password === undefined) {
			findings.push({
				rule: 'missing-password',
				severity: 'error',
				line: last.get(keys.user)?.line ?? connectorLine,
				// The user's value is not quoted: in the seed's file the 'user' that wins is the password.
				message: `'${keys.password}' is missing: MCollective logs in with an empty password and ActiveMQ refuses it (F5).`,
				fix: `${keys.password} = <topic password>`,
			});
		} else if (DEFAULT_PASSWORDS.has(password)) {
			findings.push({
				rule: 'default-secret',
				severity: 'info',
				line: last.get(keys.password)?.line,
				message: `'${keys.password}' is a well-known example password; fine for a lab, not for production.`,
				fix: 'Generate a random alphanumeric password and set it in activemq.xml and both config files.',
			});
		}
		if (user === undefined) {
			findings.push({
				rule: 'missing-key',
				severity: 'warning',
				line: connectorLine,
				message: `'${keys.user}' is missing: MCollective logs in with an empty user name.`,
				fix: `${keys.user} = mcollective`,
			});
		}
	}
	if (
		role === 'client' &&
		connector !== 'stomp' &&
		!settings.has(`plugin.${connector}.max_reconnect_attempts`)
	) {
		findings.push({
			rule: 'reconnect-forever',
			severity: 'info',
			message: `mco retries for ever when the broker is unreachable (F4): no 'plugin.${connector}.max_reconnect_attempts'.`,
			fix: `plugin.${connector}.initial_reconnect_delay = 0.1 and plugin.${connector}.max_reconnect_attempts = 6`,
		});
	}
}

function lintSecurity(lines: Lines, findings: LintFinding[]): void {
	const {settings, last} = lines;
	const provider = (settings.get('securityprovider') ?? 'psk').toLowerCase();
	if (provider !== 'psk') return;
	const psk = settings.get('plugin.psk');
	if (psk === undefined) {
		findings.push({
			rule: 'missing-psk',
			severity: 'error',
			line: last.get('securityprovider')?.line,
			message:
				"'plugin.psk' is missing: every request fails with 'No plugin.psk configuration option specified' (unless MCOLLECTIVE_PSK is set).",
			fix: 'plugin.psk = <the same secret as on every node>',
		});
		return;
	}
	const line = last.get('plugin.psk')?.line;
	if (DEFAULT_PSKS.has(psk)) {
		findings.push({
			rule: 'default-secret',
			severity: 'warning',
			line,
			message: `plugin.psk is the well-known default '${psk}': anyone who knows it can sign requests (F13).`,
			fix: 'Generate a random alphanumeric psk and set it on the client and every node.',
		});
	}
	if (/\s/.test(psk) && !/\s#/.test(psk)) {
		findings.push({
			rule: 'psk-whitespace',
			severity: 'warning',
			line,
			message:
				'The psk contains whitespace; MCollective keeps it, but tools that manage it (the Puppet module) reject it.',
			fix: 'Use a psk of letters and digits only.',
		});
	}
}

function lintCollectives(lines: Lines, findings: LintFinding[]): void {
	const {settings, last} = lines;
	const collectives = (settings.get('collectives') ?? 'mcollective').split(',').map((c) => c.trim());
	const main = settings.get('main_collective');
	if (main === undefined && settings.has('collectives')) {
		findings.push({
			rule: 'missing-main-collective',
			severity: collectives.includes('mcollective') ? 'warning' : 'error',
			line: last.get('collectives')?.line,
			message: `'main_collective' is missing, so it stays 'mcollective'${collectives.includes('mcollective') ? '' : `, which is not in collectives (${collectives.join(', ')}): requests fail with "Unknown collective 'mcollective'"`}.`,
			fix: `main_collective = ${collectives[0] ?? 'mcollective'}`,
		});
	} else if (main !== undefined && !collectives.includes(main)) {
		findings.push({
			rule: 'main-collective-not-listed',
			severity: 'error',
			line: last.get('main_collective')?.line,
			message: `main_collective '${main}' is not one of collectives (${collectives.join(', ')}).`,
			fix: `collectives = ${[main, ...collectives].join(',')}`,
		});
	}
	for (const name of collectives) {
		if (!/^[A-Za-z0-9_-]+$/.test(name)) {
			findings.push({
				rule: 'bad-value',
				severity: 'error',
				line: last.get('collectives')?.line,
				message: `Collective '${name}' becomes part of topic names; use letters, digits, _ and - only.`,
			});
		}
	}
}

function lintPathsAndIdentity(lines: Lines, role: ConfigRole, findings: LintFinding[]): void {
	const {settings, last} = lines;
	for (const entry of lines.entries) {
		if (entry.key !== 'libdir') continue;
		for (const part of entry.value.split(':')) {
			if (part.startsWith('/')) continue;
			findings.push({
				rule: 'libdir-relative',
				severity: 'error',
				line: entry.line,
				message: `MCollective stops with "libdir paths should be absolute paths but '${part}' is relative".`,
				fix: 'libdir = /usr/share/mcollective/plugins',
			});
		}
	}
	const identity = settings.get('identity');
	if (identity !== undefined && !IDENTITY.test(identity)) {
		findings.push({
			rule: 'bad-identity',
			severity: 'error',
			line: last.get('identity')?.line,
			message: `MCollective stops with 'Identities can only match /\\w\\.\\-/': '${identity}' has other characters.`,
			fix: 'identity = node1.example.com',
		});
	} else if (identity === undefined && role === 'server') {
		findings.push({
			rule: 'no-identity',
			severity: 'info',
			message: "No 'identity': the node answers with its host name, so two cloned nodes look like one (F15).",
			fix: 'identity = <this node, e.g. node1.example.com>',
		});
	}
	const loglevel = settings.get('loglevel');
	if (loglevel !== undefined && !LOG_LEVELS.has(loglevel) && !/\s#/.test(loglevel)) {
		findings.push({
			rule: 'bad-value',
			severity: 'warning',
			line: last.get('loglevel')?.line,
			message: `loglevel '${loglevel}' is not one of debug, info, warn, error, fatal; MCollective logs 'Could not set logging to ${loglevel}'.`,
			fix: 'loglevel = info',
		});
	}
	const registration = settings.get('registration');
	if (registration !== undefined && registration.toLowerCase() !== 'agentlist') {
		findings.push({
			rule: 'registration-plugin',
			severity: 'warning',
			line: last.get('registration')?.line,
			message: `registration = ${registration} loads the '${registration}' registration plugin at start; if it is not installed, mcollectived will not start (F10).`,
			fix: "Comment out 'registration' (as the seed advises) or install the plugin.",
		});
	}
	const logfile = settings.get('logfile');
	const loggerType = settings.get('logger_type') ?? 'file';
	if (role === 'server' && loggerType === 'file' && logfile === undefined) {
		findings.push({
			rule: 'no-logfile',
			severity: 'warning',
			message:
				"No 'logfile': the node's log, where connection and security errors show up, is nowhere to be read.",
			fix: 'logfile = /var/log/mcollective.log',
		});
	}
}

/** Everything wrong or risky in one MCollective config file, in line order. */
export function lintConfig(text: string, role: ConfigRole): LintFinding[] {
	const lines = read(text);
	const findings: LintFinding[] = [];
	lintKeys(lines, findings);
	lintDuplicates(lines, findings);
	lintInlineComments(lines, findings);
	lintIniDisagreement(lines, findings);
	lintIgnored(lines.ignored, findings);
	lintConnector(lines, role, findings);
	lintSecurity(lines, findings);
	lintCollectives(lines, findings);
	lintPathsAndIdentity(lines, role, findings);
	return findings.sort((a, b) => (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER));
}

/** True when any finding is an error. */
export function hasErrors(findings: readonly LintFinding[]): boolean {
	return findings.some((f) => f.severity === 'error');
}

/**
 * What differs between a client.cfg and a server.cfg that must agree (F12, F13, F5): connector,
 * collectives, psk and broker credentials. Secrets are compared by fingerprint. Only the
 * cross-file findings: run lintConfig on each file for the rest.
 */
export function lintPair(clientText: string, serverText: string): LintFinding[] {
	const client = read(clientText);
	const server = read(serverText);
	const findings: LintFinding[] = [];
	const c = client.settings;
	const s = server.settings;
	const cConnector = connectorOf(c);
	const sConnector = connectorOf(s);
	if (cConnector !== sConnector) {
		findings.push({
			rule: 'pair-connector',
			severity: 'error',
			file: 'server',
			line: server.last.get('connector')?.line,
			message: `client.cfg uses the '${cConnector}' connector and server.cfg '${sConnector}': they use different topic names, so no request arrives (F12).`,
			fix: `connector = ${cConnector === 'stomp' ? 'activemq' : cConnector} in both files.`,
		});
	}
	const cMain = c.get('main_collective') ?? 'mcollective';
	const sCollectives = (s.get('collectives') ?? 'mcollective').split(',').map((x) => x.trim());
	if (!sCollectives.includes(cMain)) {
		findings.push({
			rule: 'pair-collectives',
			severity: 'error',
			file: 'server',
			line: server.last.get('collectives')?.line,
			message: `The client sends to collective '${cMain}' but the node only listens on ${sCollectives.join(', ')} (F12).`,
			fix: `collectives = ${[cMain, ...sCollectives].join(',')} in server.cfg, or main_collective = ${sCollectives[0]} in client.cfg.`,
		});
	} else if ((s.get('main_collective') ?? 'mcollective') !== cMain) {
		findings.push({
			rule: 'pair-collectives',
			severity: 'warning',
			file: 'server',
			line: server.last.get('main_collective')?.line,
			message: `main_collective differs: client '${cMain}', server '${s.get('main_collective') ?? 'mcollective'}'. Node replies and registration go to different collectives.`,
			fix: `main_collective = ${cMain} in both files.`,
		});
	}
	const cPsk = c.get('plugin.psk');
	const sPsk = s.get('plugin.psk');
	if (cPsk !== undefined && sPsk !== undefined && cPsk !== sPsk) {
		findings.push({
			rule: 'pair-psk',
			severity: 'error',
			file: 'server',
			line: server.last.get('plugin.psk')?.line,
			message: `plugin.psk differs (client sha256 ${fingerprint(cPsk)}, server sha256 ${fingerprint(sPsk)}): the node rejects every request with 'Received an invalid signature in message' (F13).`,
			fix: 'Set the same plugin.psk in both files.',
		});
	}
	if (cConnector === sConnector) {
		const [ck] = credentialKeys(cConnector, c);
		const [sk] = credentialKeys(sConnector, s);
		if (ck && sk) {
			for (const part of ['host', 'port', 'user'] as const) {
				const cv = c.get(ck[part]) ?? (part === 'port' ? '61613' : undefined);
				const sv = s.get(sk[part]) ?? (part === 'port' ? '61613' : undefined);
				if (cv !== undefined && sv !== undefined && cv !== sv) {
					findings.push({
						rule: 'pair-broker',
						severity: 'warning',
						file: 'server',
						line: server.last.get(sk[part])?.line,
						// User names are not quoted: a mistyped user line can hold a password (the seed's).
						message:
							part === 'user'
								? `The broker user differs between client.cfg (line ${client.last.get(ck.user)?.line}) and server.cfg; fine only if ActiveMQ knows both users.`
								: `Broker ${part} differs: client '${cv}', server '${sv}'. Fine only if both reach the same ActiveMQ (or a network of brokers).`,
						fix: part === 'user' ? `Use the same ${sk.user} in both files.` : `${sk[part]} = ${cv}`,
					});
				}
			}
			const cPass = c.get(ck.password);
			const sPass = s.get(sk.password);
			if (
				cPass !== undefined &&
				sPass !== undefined &&
				cPass !== sPass &&
				c.get(ck.user) === s.get(sk.user)
			) {
				findings.push({
					rule: 'pair-password',
					severity: 'error',
					file: 'server',
					line: server.last.get(sk.password)?.line,
					message: `Same user, different passwords (client sha256 ${fingerprint(cPass)}, server sha256 ${fingerprint(sPass)}): at most one of them can be right (F5).`,
					fix: 'Set the password from activemq.xml in both files.',
				});
			}
		}
		for (const option of ['base64', 'vhost', 'agents_multiplex']) {
			const key = `plugin.${cConnector}.${option}`;
			if (c.get(key) !== s.get(key)) {
				findings.push({
					rule: 'pair-connector-option',
					severity: 'error',
					file: 'server',
					line: server.last.get(key)?.line,
					message: `'${key}' differs between client.cfg ('${c.get(key) ?? 'unset'}') and server.cfg ('${s.get(key) ?? 'unset'}'); it must match on both ends.`,
					fix: `Set '${key}' the same in both files.`,
				});
			}
		}
	}
	return findings;
}
