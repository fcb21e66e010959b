/**
 * Lints the files of one host together, as `mco-wizard lint` shows them: client.cfg and server.cfg
 * (mco-config/lint.ts, and the pair), the `plugin.d/*.cfg` files beside each (MCollective reads
 * them after the main file, so their `plugin.<name>.<key>` values win), activemq.xml against the
 * user and password MCollective logs in with, and every secret against the fingerprints of the
 * bundle it was carried in. Each finding names its file and line; secrets only as fingerprints.
 */

import {lintActivemqXml} from './activemq-xml/lint.js';
import {parseActivemqXml} from './activemq-xml/parse.js';
import {ADMIN_USER} from './activemq-xml/render.js';
import type {Bundle, SecretField} from './bundle.js';
import {secretMismatch} from './bundle.js';
import {isSecretKey, type LintFinding, type LintSeverity, lintConfig, lintPair} from './mco-config/lint.js';
import {connectorKeys, readMcoConfig, validPort} from './mco-config/model.js';
import {effectiveSettings, parseMcoConfig} from './mco-config/parse.js';
import {fingerprint, secretsInConfig} from './secrets.js';

export type TextFile = {readonly path: string; readonly text: string};
export type McoFile = TextFile & {
	/** The files of the `plugin.d` directory beside it. */
	readonly pluginD?: readonly TextFile[];
};

export type LintFilesInput = {
	readonly client?: McoFile;
	readonly server?: McoFile;
	readonly activemq?: TextFile;
	/** The bundle these files were made from: secrets are compared with its fingerprints. */
	readonly bundle?: Pick<Bundle, 'fingerprints'>;
	/** Clients run on other hosts than the broker (the three-host layout). */
	readonly remoteClients?: boolean;
};

export type FileFinding = {
	readonly file: string;
	readonly line?: number;
	readonly id: string;
	readonly severity: LintSeverity;
	readonly message: string;
	readonly fix?: string;
};

const at = (file: string, f: LintFinding): FileFinding => ({
	file,
	...(f.line === undefined ? {} : {line: f.line}),
	id: f.rule,
	severity: f.severity,
	message: f.message,
	...(f.fix === undefined ? {} : {fix: f.fix}),
});

type Effective = {
	readonly map: Map<string, string>;
	/** Where each effective key was set: the main file or a plugin.d file, and the line. */
	readonly origin: Map<string, {file: string; line: number}>;
};

const PLUGIN_D_FILE = /(?:^|\/)(\w+)\.cfg$/;

/** The main file's settings with plugin.d's on top, as Config#loadconfig then read_plugin_config_dir. */
function effective(file: McoFile, out: FileFinding[]): Effective {
	const parsed = parseMcoConfig(file.text);
	const map = effectiveSettings(parsed);
	const origin = new Map<string, {file: string; line: number}>();
	for (const e of parsed.entries) origin.set(e.key, {file: file.path, line: e.line});
	for (const plugin of file.pluginD ?? []) {
		const name = PLUGIN_D_FILE.exec(plugin.path)?.[1];
		if (!name) {
			out.push({
				file: plugin.path,
				id: 'plugin-d-ignored',
				severity: 'info',
				message:
					'MCollective reads only plugin.d files named <plugin>.cfg (letters, digits, _); this one is ignored.',
			});
			continue;
		}
		const p = parseMcoConfig(plugin.text);
		for (const ig of p.ignored)
			out.push({
				file: plugin.path,
				line: ig.line,
				id: 'plugin-d-ignored-line',
				severity: 'warning',
				message: 'MCollective ignores this line (it is not `key = value`).',
				fix: 'Write it as key = value, or delete it.',
			});
		for (const e of p.entries) {
			const key = `plugin.${name}.${e.key}`;
			const before = map.get(key);
			const from = origin.get(key);
			if (before !== undefined && before !== e.value && from) {
				const show = (v: string) => (isSecretKey(key) ? `sha256:${fingerprint(v)}` : `'${v}'`);
				out.push({
					file: plugin.path,
					line: e.line,
					id: 'plugin-d-overrides',
					severity: 'warning',
					message: `${key} = ${show(e.value)} here wins over ${show(before)} at ${from.file}:${from.line}: MCollective reads plugin.d after the main file.`,
					fix: `Keep ${key} in one place: delete this line or the one in ${from.file}.`,
				});
			}
			map.set(key, e.value);
			origin.set(key, {file: plugin.path, line: e.line});
		}
	}
	return {map, origin};
}

/**
 * The broker user, password, port, psk and collectives MCollective will use, read through the one
 * model of what MCollective 2.12 reads (mco-config/model.ts: its pool, plugin.d on top); a key
 * the files do not set stays undefined (nothing to compare).
 */
function credentials(file: McoFile) {
	const config = readMcoConfig(file.text, {
		pluginFiles: (file.pluginD ?? []).map((p) => ({name: p.path.split('/').pop() ?? p.path, text: p.text})),
	});
	const first = config.pool[0];
	const keys = first?.keys ?? connectorKeys(config.connector);
	const set = (key: string) => config.pluginconf.has(key.replace(/^plugin\./, ''));
	return {
		userKey: keys.user,
		passwordKey: keys.password,
		user: first && set(keys.user) ? first.user : undefined,
		password: first && set(keys.password) ? first.password : undefined,
		psk: config.psk,
		collectives: config.collectives,
		...(first && set(keys.port) && validPort(first.port) ? {port: first.port} : {}),
	};
}

export function lintFiles(input: LintFilesInput): FileFinding[] {
	const out: FileFinding[] = [];
	const roles = [
		['client', input.client],
		['server', input.server],
	] as const;
	const creds: {path: string; c: ReturnType<typeof credentials>; eff: Effective}[] = [];
	for (const [role, file] of roles) {
		if (!file) continue;
		out.push(...lintConfig(file.text, role).map((f) => at(file.path, f)));
		const eff = effective(file, out);
		creds.push({path: file.path, c: credentials(file), eff});
	}
	if (input.client && input.server) {
		const paths = {client: input.client.path, server: input.server.path};
		out.push(...lintPair(input.client.text, input.server.text).map((f) => at(paths[f.file ?? 'server'], f)));
	}
	if (input.activemq) {
		const path = input.activemq.path;
		const seen = new Set<string>();
		const runs = creds.length ? creds : [undefined];
		for (const who of runs) {
			const findings = lintActivemqXml(input.activemq.text, {
				...(who?.c.user ? {topicUser: who.c.user} : {}),
				...(who?.c.password !== undefined ? {topicPassword: {value: who.c.password, source: who.path}} : {}),
				...(who ? {collectives: who.c.collectives} : {}),
				...(who?.c.port !== undefined ? {stompPort: who.c.port} : {}),
				...(input.remoteClients ? {remoteClients: true} : {}),
			});
			for (const f of findings) {
				const key = `${f.rule}|${f.line}|${f.message}`;
				if (seen.has(key)) continue;
				seen.add(key);
				out.push(at(path, f));
			}
		}
	}
	if (input.bundle) out.push(...bundleMismatches(input, creds));
	return out;
}

function bundleMismatches(
	input: LintFilesInput,
	creds: readonly {path: string; c: ReturnType<typeof credentials>; eff: Effective}[],
): FileFinding[] {
	const bundle = input.bundle as Pick<Bundle, 'fingerprints'>;
	const out: FileFinding[] = [];
	const push = (file: string, line: number | undefined, field: SecretField, what: string, value: string) => {
		const m = secretMismatch(what, field, value, bundle);
		if (m)
			out.push({
				file,
				...(line === undefined ? {} : {line}),
				id: 'bundle-secret-mismatch',
				severity: 'error',
				message: `${m}: this host was not set up with the same ${field} as the bundle.`,
				fix: `Render the file again from the bundle (mco-wizard --answers BUNDLE), or fix ${what} by hand.`,
			});
	};
	for (const {c, eff} of creds) {
		for (const [key, field, value] of [
			[c.passwordKey, 'topicPassword', c.password],
			['plugin.psk', 'psk', c.psk],
		] as const) {
			if (value === undefined) continue;
			const from = eff.origin.get(key);
			const name = from ? from.file.split('/').pop() : undefined;
			push(from?.file ?? '', from?.line, field, `${name} ${key}`, value);
		}
	}
	if (input.activemq) {
		const doc = parseActivemqXml(input.activemq.text);
		const topicUser = creds.find((x) => x.c.user)?.c.user ?? 'mcollective';
		for (const u of doc.users) {
			const field: SecretField | undefined =
				u.username === topicUser ? 'topicPassword' : u.username === ADMIN_USER ? 'adminPassword' : undefined;
			if (field)
				push(
					input.activemq.path,
					u.element.line,
					field,
					`activemq.xml password of ${u.username}`,
					u.password,
				);
		}
	}
	return out;
}

/** Every secret value in the files (for redacting anything printed, belt and braces). */
export function secretsIn(input: LintFilesInput): string[] {
	const out: string[] = [];
	for (const file of [input.client, input.server]) {
		if (!file) continue;
		for (const t of [file, ...(file.pluginD ?? [])]) {
			for (const e of parseMcoConfig(t.text).entries)
				if (isSecretKey(e.key) || /password$/i.test(e.key)) out.push(e.value);
			// also the seed's trap (a password on a second `.user` line), which the findings quote as a user name
			out.push(...secretsInConfig(t.text));
		}
	}
	if (input.activemq) for (const u of parseActivemqXml(input.activemq.text).users) out.push(u.password);
	return out.filter((s) => s !== '');
}
