/**
 * Who may connect and what they may touch, modelled on the lab's activemq.xml
 * (simpleAuthenticationPlugin + authorizationPlugin) and worded like ActiveMQ 5.17's
 * SimpleAuthenticationBroker / AuthorizationBroker, because the wizard's diagnosis quotes those
 * words (F5 `User name [x] or password is invalid.`, F6 `User x is not authorized to read from: …`).
 */
import {timingSafeEqual} from 'node:crypto';
import type {Ingredients} from '../core/types.js';

export type BrokerUser = {
	readonly name: string;
	readonly password: string;
	readonly groups: readonly string[];
};

/** ActiveMQ's physical destination kinds; names as ActiveMQ prints them (`topic://x`, `queue://x`). */
export type DestinationKind = 'topic' | 'queue';

export type AclEntry = {
	readonly kind: DestinationKind;
	/** ActiveMQ wildcard pattern: `.` separates, `*` one segment, `>` the rest. */
	readonly pattern: string;
	readonly read: readonly string[];
	readonly write: readonly string[];
};

/** The lab's activemq.xml authorizationEntries, in its order (the most specific match decides). */
export function labAcl(): AclEntry[] {
	return [
		{kind: 'queue', pattern: '>', read: ['admins'], write: ['admins']},
		{kind: 'topic', pattern: '>', read: ['admins'], write: ['admins']},
		{kind: 'topic', pattern: 'mcollective.>', read: ['mcollective'], write: ['mcollective']},
		{kind: 'queue', pattern: 'mcollective.>', read: ['mcollective'], write: ['mcollective']},
		{kind: 'topic', pattern: 'ActiveMQ.Advisory.>', read: ['everyone'], write: ['everyone']},
	];
}

/** The lab's users, from the practice ingredients: topic user, and `admin` with the admin password. */
export function practiceUsers(
	ing: Pick<Ingredients, 'topicUser' | 'topicPassword' | 'adminPassword'>,
): BrokerUser[] {
	return [
		{name: ing.topicUser, password: ing.topicPassword, groups: ['mcollective', 'everyone']},
		{name: 'admin', password: ing.adminPassword, groups: ['mcollective', 'admins', 'everyone']},
	];
}

/** `User name [x] or password is invalid.` (SimpleAuthenticationBroker), x = `null` without login. */
export function invalidLoginMessage(login: string | undefined): string {
	return `User name [${login ?? 'null'}] or password is invalid.`;
}

export function notAuthorizedMessage(
	user: string,
	action: 'read' | 'write',
	kind: DestinationKind,
	name: string,
): string {
	return `User ${user} is not authorized to ${action === 'read' ? 'read from' : 'write to'}: ${kind}://${name}`;
}

function sameSecret(a: string, b: string): boolean {
	const x = Buffer.from(a, 'utf8');
	const y = Buffer.from(b, 'utf8');
	return x.length === y.length && timingSafeEqual(x, y);
}

/** The user's groups when login/passcode match, else undefined. */
export function authenticate(
	users: readonly BrokerUser[],
	login: string | undefined,
	passcode: string | undefined,
): BrokerUser | undefined {
	if (login === undefined || passcode === undefined) return undefined;
	const user = users.find((u) => u.name === login);
	return user && sameSecret(user.password, passcode) ? user : undefined;
}

/** ActiveMQ DestinationMap wildcard match. */
export function wildcardMatches(pattern: string, name: string): boolean {
	const p = pattern.split('.');
	const n = name.split('.');
	for (let i = 0; i < p.length; i++) {
		const part = p[i];
		if (part === '>') return true;
		if (i >= n.length) return false;
		if (part !== '*' && part !== n[i]) return false;
	}
	return p.length === n.length;
}

/**
 * ActiveMQ unions the groups of every matching entry (DefaultAuthorizationMap collects all
 * matches), so `mcollective.>` adds the mcollective group to `>`'s admins.
 */
export function allowed(
	acl: readonly AclEntry[],
	user: BrokerUser,
	action: 'read' | 'write',
	kind: DestinationKind,
	name: string,
): boolean {
	const groups = new Set<string>();
	for (const entry of acl) {
		if (entry.kind !== kind || !wildcardMatches(entry.pattern, name)) continue;
		for (const g of action === 'read' ? entry.read : entry.write) groups.add(g);
	}
	return user.groups.some((g) => groups.has(g));
}

/**
 * The practice broker's authorization file, one entry a line in activemq.xml's order:
 *   queue mcollective.> read=mcollective write=mcollective
 * `#` starts a comment line. Lines that do not parse are reported, not guessed.
 */
export function parseAclText(text: string): {acl: AclEntry[]; errors: string[]} {
	const acl: AclEntry[] = [];
	const errors: string[] = [];
	for (const [i, raw] of text.split('\n').entries()) {
		const line = raw.trim();
		if (line === '' || line.startsWith('#')) continue;
		const m = /^(topic|queue)\s+(\S+)\s+read=(\S*)\s+write=(\S*)$/.exec(line);
		if (!m) {
			errors.push(`line ${i + 1}: expected "topic|queue PATTERN read=GROUPS write=GROUPS"`);
			continue;
		}
		const groups = (list: string) => list.split(',').filter(Boolean);
		acl.push({
			kind: m[1] as DestinationKind,
			pattern: m[2] as string,
			read: groups(m[3] ?? ''),
			write: groups(m[4] ?? ''),
		});
	}
	return {acl, errors};
}

export function aclText(acl: readonly AclEntry[]): string {
	return [
		"# The practice broker's authorizationEntries (activemq.xml). Edit, then restart the broker.",
		...acl.map((e) => `${e.kind} ${e.pattern} read=${e.read.join(',')} write=${e.write.join(',')}`),
		'',
	].join('\n');
}
