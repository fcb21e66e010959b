/**
 * Which host the wizard runs on: pure rules over facts gathered in src/io/host-facts.ts. A role
 * set by `--role` or the answers file's `[system] role` wins; otherwise the hostname against the
 * ingredients, the daemons running here and the config files present decide. A host may hold
 * several roles (the single-host lab holds all three): then every landmark is here.
 */
import type {LandmarkStep} from '../../steps/types.js';
import {type Ingredients, ROLE_IDS, type Role} from './types.js';

/** What this host looks like; gathered in src/io/host-facts.ts. */
export type HostFacts = {
	/** os.hostname(): in a lab host's UTS namespace its own name. */
	readonly hostname: string;
	/** This host's non-loopback addresses (an ingredient may name a host by address). */
	readonly addresses: readonly string[];
	/** Config files that exist here: the path when present. */
	readonly files: {
		readonly clientCfg?: string;
		readonly serverCfg?: string;
		readonly activemqXml?: string;
		/** The answers file's [system] named this file explicitly (clientConfig/serverConfig): "it lives here". */
		readonly clientCfgNamed?: boolean;
		readonly serverCfgNamed?: boolean;
	};
	/** Daemons running here; undefined when this host cannot tell (no /proc). */
	readonly daemons?: {readonly mcollectived: boolean; readonly activemq: boolean};
};

/** The content/roles.md sections that say, in one line, what was seen (role-text.ts evidenceText). */
export const EVIDENCE_SECTIONS = [
	'seen-broker-host',
	'seen-client-host',
	'seen-node-identity',
	'seen-mcollectived',
	'seen-activemq',
	'seen-file',
	'seen-system-file',
] as const;

export type RoleEvidence = {
	readonly role: Role;
	/** file: a config file exists; system: one the answers' [system] names as this host's exists. */
	readonly source: 'hostname' | 'daemon' | 'system' | 'file';
	/** What was seen: the content/roles.md section saying it, and the values it names. */
	readonly seen: {
		readonly section: (typeof EVIDENCE_SECTIONS)[number];
		readonly values: Readonly<Record<string, string>>;
	};
};

export type RoleDecision = {
	/** This host's roles, in ROLE_IDS order; empty when nothing was found (unknown). */
	readonly roles: readonly Role[];
	/** flag: --role; answers: [system] role; detected: from the facts; none: nothing to go on. */
	readonly source: 'flag' | 'answers' | 'detected' | 'none';
	/**
	 * Sure enough not to ask: set by the user, or a hostname/daemon says so. Config files alone
	 * are not (packages install them everywhere; a copy may be left over), so the wizard asks.
	 */
	readonly certain: boolean;
	readonly evidence: readonly RoleEvidence[];
};

const LOOPBACK = new Set(['localhost', 'localhost.localdomain', '127.0.0.1', '::1']);

/** `node1` and `node1.infra.example.com` are the same host; names compare without case. */
export function sameHost(a: string, b: string): boolean {
	const x = a.trim().toLowerCase().replace(/\.$/, '');
	const y = b.trim().toLowerCase().replace(/\.$/, '');
	if (x === '' || y === '') return false;
	if (x === y) return true;
	// A short name matches the first label of a full one; two full names must be equal.
	const short = (s: string) => !s.includes('.');
	if (short(x) && !short(y)) return y.split('.')[0] === x;
	if (short(y) && !short(x)) return x.split('.')[0] === y;
	return false;
}

/** An ingredient names this host: its hostname, one of its addresses, or loopback (this machine). */
export function namesThisHost(name: string, facts: HostFacts): boolean {
	const n = name.trim().toLowerCase();
	if (LOOPBACK.has(n) || n.startsWith('127.')) return true;
	if (facts.addresses.includes(n)) return true;
	return sameHost(n, facts.hostname);
}

/** `client,node` (or a list) to roles; undefined with the bad word when one is unknown. */
export function parseRoles(text: string): {roles: Role[]} | {error: string} {
	const words = text
		.split(/[\s,]+/)
		.map((w) => w.trim())
		.filter((w) => w !== '');
	if (words.length === 0) return {error: 'no role given'};
	for (const w of words) {
		if (!(ROLE_IDS as readonly string[]).includes(w))
			return {error: `unknown role '${w}' (known: ${ROLE_IDS.join(', ')})`};
	}
	return {roles: ordered(words as Role[])};
}

/** Roles in ROLE_IDS order, each once. */
export function ordered(roles: Iterable<Role>): Role[] {
	const set = new Set(roles);
	return ROLE_IDS.filter((r) => set.has(r));
}

/** What the facts say, role by role. */
export function roleEvidence(facts: HostFacts, ingredients: Partial<Ingredients>): RoleEvidence[] {
	const out: RoleEvidence[] = [];
	const seen = (section: RoleEvidence['seen']['section'], values: Record<string, string> = {}) => ({
		section,
		values,
	});
	if (ingredients.brokerHost !== undefined && namesThisHost(ingredients.brokerHost, facts))
		out.push({
			role: 'message-broker',
			source: 'hostname',
			seen: seen('seen-broker-host', {host: ingredients.brokerHost}),
		});
	if (ingredients.clientHost !== undefined && namesThisHost(ingredients.clientHost, facts))
		out.push({
			role: 'client',
			source: 'hostname',
			seen: seen('seen-client-host', {host: ingredients.clientHost}),
		});
	const identity = ingredients.nodeIdentities?.find((id) => sameHost(id, facts.hostname));
	if (identity) out.push({role: 'node', source: 'hostname', seen: seen('seen-node-identity', {identity})});
	if (facts.daemons?.mcollectived)
		out.push({role: 'node', source: 'daemon', seen: seen('seen-mcollectived')});
	if (facts.daemons?.activemq)
		out.push({role: 'message-broker', source: 'daemon', seen: seen('seen-activemq')});
	if (facts.files.activemqXml)
		out.push({
			role: 'message-broker',
			source: 'file',
			seen: seen('seen-file', {path: facts.files.activemqXml}),
		});
	const file = (role: Role, path: string | undefined, named: boolean | undefined, key: string) => {
		if (!path) return;
		out.push(
			named
				? {role, source: 'system', seen: seen('seen-system-file', {key, path})}
				: {role, source: 'file', seen: seen('seen-file', {path})},
		);
	};
	file('client', facts.files.clientCfg, facts.files.clientCfgNamed, 'clientConfig');
	file('node', facts.files.serverCfg, facts.files.serverCfgNamed, 'serverConfig');
	return out;
}

/**
 * This host's roles. A flag wins over the answers file, which wins over detection. Detected
 * roles are those a hostname, a running daemon or a config file the answers' [system] names as this
 * host's proves (certain; a stopped daemon is still this host's), else those the files suggest.
 */
export function decideRoles(input: {
	readonly flag?: readonly Role[];
	readonly answers?: readonly Role[];
	readonly facts?: HostFacts;
	readonly ingredients: Partial<Ingredients>;
}): RoleDecision {
	const evidence = input.facts ? roleEvidence(input.facts, input.ingredients) : [];
	if (input.flag && input.flag.length > 0)
		return {roles: ordered(input.flag), source: 'flag', certain: true, evidence};
	if (input.answers && input.answers.length > 0)
		return {roles: ordered(input.answers), source: 'answers', certain: true, evidence};
	if (evidence.length === 0) return {roles: [], source: 'none', certain: false, evidence};
	// Names, daemons and files named in [system] decide; other files only when nothing else speaks
	// (packages put both .cfg files on every host: a node with a stray client.cfg is just a node).
	const strong = evidence.filter((e) => e.source !== 'file');
	const deciding = strong.length > 0 ? strong : evidence;
	return {
		roles: ordered(deciding.map((e) => e.role)),
		source: 'detected',
		certain: strong.length > 0,
		evidence,
	};
}

/** The landmark runs here: this host holds one of its roles, or the roles are unknown. */
export function isHere(step: Pick<LandmarkStep, 'roles'>, roles: readonly Role[]): boolean {
	return roles.length === 0 || step.roles.some((r) => roles.includes(r));
}

/** The landmarks (with checks) this host runs, in the steps' order. */
export function landmarksHere<S extends Pick<LandmarkStep, 'roles'>>(
	steps: readonly S[],
	roles: readonly Role[],
): S[] {
	return steps.filter((s) => isHere(s, roles));
}

/** The hosts the ingredients name for a role (empty when not given yet). */
export function hostsFor(role: Role, ingredients: Partial<Ingredients>): string[] {
	if (role === 'message-broker') return ingredients.brokerHost ? [ingredients.brokerHost] : [];
	if (role === 'client') return ingredients.clientHost ? [ingredients.clientHost] : [];
	return [...(ingredients.nodeIdentities ?? [])];
}

/** Where a landmark that is not here runs, and the exact command to run there. */
export type RunOn = {
	readonly role: Role;
	readonly hosts: readonly string[];
	readonly command: string;
};

/** Single quotes for a shell word when it needs them (paths with spaces). */
function shellWord(word: string): string {
	return /^[A-Za-z0-9_./:=,@+-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/**
 * The command for the other host: the wizard (`mco-wizard --role node --step server --answers …`)
 * or the non-interactive check (`mco-wizard check …`). The answers file is the one to carry.
 */
export function runOn(
	step: Pick<LandmarkStep, 'id' | 'roles'>,
	ingredients: Partial<Ingredients>,
	options: {readonly answers?: string; readonly command: 'wizard' | 'check'},
): RunOn {
	const role = step.roles[0] ?? 'client';
	const words = ['mco-wizard', ...(options.command === 'check' ? ['check'] : [])];
	words.push('--role', role, '--step', step.id, '--answers', shellWord(options.answers ?? 'answers.ini'));
	return {role, hosts: hostsFor(role, ingredients), command: words.join(' ')};
}

/** A stable key for a set of roles: the progress file keeps one section per key. */
export function rolesKey(roles: readonly Role[]): string {
	return ordered(roles).join('+');
}

/**
 * Clients reach ActiveMQ by a name other than loopback: a STOMP connector bound to loopback only
 * cannot serve them. (A broker host whose own name resolves to 127.0.1.1, Debian's habit, with
 * every client on it too, is the one case this calls remote wrongly; the bind check says why.)
 */
export function clientsElsewhere(ingredients: Pick<Ingredients, 'brokerHost'>): boolean {
	const n = ingredients.brokerHost.trim().toLowerCase();
	return !(LOOPBACK.has(n) || n.startsWith('127.'));
}
