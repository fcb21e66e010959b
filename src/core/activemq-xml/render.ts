/**
 * Renders what MCollective needs into activemq.xml as a minimal in-place edit of the file that is
 * there: a plain STOMP transportConnector bound where clients can reach it, the topic user and
 * `admin` in simpleAuthenticationPlugin with their groups, and authorizationEntries giving group
 * `mcollective` each collective's `<collective>.>` topics and queues and `everyone` the
 * `ActiveMQ.Advisory.>` topics. Only those elements are owned: an owned element that is already
 * right is left byte for byte; one that differs gets only the attribute that differs rewritten (a
 * group is added, never removed); a missing one is inserted at the indentation of its siblings.
 * Everything else (comments, other users, other connectors, policies) stays as it was.
 */
import type {Ingredients} from '../types.js';
import {type ActivemqXml, parseActivemqXml, parseTransportUri, type XmlElement} from './parse.js';

export type BrokerUserWant = {
	readonly username: string;
	readonly password: string;
	readonly groups: readonly string[];
};

/** What the broker must provide, from the ingredients. */
export type BrokerWants = {
	/** Address the STOMP connector binds to: 0.0.0.0 (all), or the address clients reach msg1 by. */
	readonly bind: string;
	readonly port: number;
	readonly users: readonly BrokerUserWant[];
	readonly collectives: readonly string[];
};

/** The group the MCollective users share; the authorization entries name it. */
export const MCOLLECTIVE_GROUP = 'mcollective';
export const ADMIN_USER = 'admin';

export function brokerWants(
	ingredients: Pick<
		Ingredients,
		'stompPort' | 'topicUser' | 'topicPassword' | 'adminPassword' | 'collectives'
	>,
	bind = '0.0.0.0',
): BrokerWants {
	const users: BrokerUserWant[] = [
		{
			username: ingredients.topicUser,
			password: ingredients.topicPassword,
			groups: [MCOLLECTIVE_GROUP, 'everyone'],
		},
	];
	// A topic user named `admin` IS the admin: one user, the topic password (MCollective logs in with it).
	if (ingredients.topicUser !== ADMIN_USER)
		users.push({
			username: ADMIN_USER,
			password: ingredients.adminPassword,
			groups: [MCOLLECTIVE_GROUP, 'admins', 'everyone'],
		});
	return {bind, port: ingredients.stompPort, users, collectives: ingredients.collectives};
}

export type RenderResult = {
	readonly text: string;
	/** One line per owned element added or changed (no secret in them). */
	readonly changes: readonly string[];
	/** What could not be rendered and why (the user has to do it). */
	readonly notes: readonly string[];
};

/** A new file's frame: the broker element render fills in (Debian's stock file minus OpenWire). */
const SKELETON = `<?xml version="1.0" encoding="UTF-8"?>
<!-- ActiveMQ for MCollective, written by mco-wizard. -->
<beans
  xmlns="http://www.springframework.org/schema/beans"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.springframework.org/schema/beans http://www.springframework.org/schema/beans/spring-beans-2.0.xsd
  http://activemq.apache.org/schema/core http://activemq.apache.org/schema/core/activemq-core.xsd">

  <bean class="org.springframework.beans.factory.config.PropertyPlaceholderConfigurer"/>

  <broker xmlns="http://activemq.apache.org/schema/core" brokerName="localhost" useJmx="false" dataDirectory="\${activemq.base}/data">
  </broker>
</beans>
`;

/** `>` stays as is: legal in an attribute, and `mcollective.>` reads as the docs write it. */
export function escapeAttr(value: string): string {
	return value
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/"/g, '&quot;')
		.replace(/\n/g, '&#10;')
		.replace(/\t/g, '&#9;');
}

const tag = (name: string, attrs: ReadonlyArray<readonly [string, string]>) =>
	`<${name}${attrs.map(([k, v]) => ` ${k}="${escapeAttr(v)}"`).join('')}/>`;

/** A nested block as lines, indented by `unit` per level. */
type Block = string | {readonly open: string; readonly name: string; readonly children: readonly Block[]};

function blockLines(block: Block, unit: string, depth = 0): string[] {
	const pad = unit.repeat(depth);
	if (typeof block === 'string') return [pad + block];
	return [
		`${pad}${block.open}`,
		...block.children.flatMap((c) => blockLines(c, unit, depth + 1)),
		`${pad}</${block.name}>`,
	];
}

const wrap = (name: string, children: readonly Block[]): Block => ({open: `<${name}>`, name, children});

type Edit = {readonly start: number; readonly end: number; readonly text: string};

function lineIndent(text: string, offset: number): string {
	const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
	const before = text.slice(lineStart, offset);
	return /^[ \t]*$/.test(before) ? before : (/^[ \t]*/.exec(before)?.[0] ?? '');
}

/** The file's indentation step: the first child deeper than its parent, else two spaces. */
function indentUnit(doc: ActivemqXml): string {
	const stack = doc.root ? [doc.root] : [];
	while (stack.length) {
		const el = stack.shift() as XmlElement;
		const mine = lineIndent(doc.text, el.start);
		for (const child of el.children) {
			const theirs = lineIndent(doc.text, child.start);
			if (theirs.length > mine.length && theirs.startsWith(mine)) return theirs.slice(mine.length);
		}
		stack.push(...el.children);
	}
	return '  ';
}

/** Replaces (or appends) attributes in one start tag, keeping every other byte of it. */
function rewriteStartTag(text: string, el: XmlElement, set: ReadonlyMap<string, string>): Edit {
	let startTag = text.slice(el.start, el.startTagEnd);
	for (const [key, value] of set) {
		const re = new RegExp(`(\\s${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*=\\s*)(?:"[^"]*"|'[^']*')`);
		if (re.test(startTag))
			startTag = startTag.replace(re, (_m, head: string) => `${head}"${escapeAttr(value)}"`);
		else {
			const close = startTag.endsWith('/>') ? startTag.length - 2 : startTag.length - 1;
			const head = startTag.slice(0, close).replace(/\s+$/, '');
			startTag = `${head} ${key}="${escapeAttr(value)}"${startTag.slice(close)}`;
		}
	}
	return {start: el.start, end: el.startTagEnd, text: startTag};
}

export function renderActivemqXml(current: string | undefined, wants: BrokerWants): RenderResult {
	const base = current ?? SKELETON;
	const doc = parseActivemqXml(base);
	const broker = doc.broker;
	if (!broker)
		return {
			text: base,
			changes: [],
			notes: ['This file has no <broker> element: nothing rendered (is it an activemq.xml?).'],
		};
	const text = doc.text;
	const unit = indentUnit(doc);
	const edits: Edit[] = [];
	const changes: string[] = [];
	const notes: string[] = [];
	const attrEdits = new Map<XmlElement, Map<string, string>>();
	const setAttr = (el: XmlElement, key: string, value: string) => {
		const m = attrEdits.get(el) ?? new Map<string, string>();
		m.set(key, value);
		attrEdits.set(el, m);
	};
	const inserts = new Map<XmlElement, Block[]>();
	const insert = (parent: XmlElement, block: Block) =>
		inserts.set(parent, [...(inserts.get(parent) ?? []), block]);
	/** Blocks for a <plugins> element that does not exist yet. */
	const newPlugins: Block[] = [];
	const intoPlugins = (block: Block) => (doc.plugins ? insert(doc.plugins, block) : newPlugins.push(block));

	// STOMP transport: the first plain one is ours (TLS connectors are left to the operator).
	const uri = `stomp+nio://${wants.bind}:${wants.port}`;
	const plain = doc.stomp.find((s) => !s.ssl);
	if (plain) {
		if (plain.host !== wants.bind || plain.port !== wants.port) {
			const next = plain.uri.replace(
				/^(\s*[\w+.-]+:\/\/)(\[[^\]]*\]|[^:/?]*)(:\d+)?/,
				`$1${wants.bind.includes(':') ? `[${wants.bind}]` : wants.bind}:${wants.port}`,
			);
			setAttr(plain.element, 'uri', next);
			changes.push(`STOMP transportConnector: ${plain.uri} → ${next}`);
		}
	} else {
		const connector = tag('transportConnector', [
			['name', 'stomp+nio'],
			['uri', uri],
		]);
		if (doc.transportConnectors) insert(doc.transportConnectors, connector);
		else insert(broker, wrap('transportConnectors', [connector]));
		changes.push(`STOMP transportConnector added: ${uri}`);
	}

	// Users.
	const userTag = (u: BrokerUserWant) =>
		tag('authenticationUser', [
			['username', u.username],
			['password', u.password],
			['groups', u.groups.join(',')],
		]);
	if (doc.authentication === 'jaas') {
		notes.push(
			`The broker authenticates with JAAS: set the users ${wants.users.map((u) => u.username).join(', ')} and their groups in its users.properties and groups.properties.`,
		);
	} else if (doc.usersElement && !doc.usersElement.selfClosing) {
		for (const want of wants.users) {
			const have = doc.users.find((u) => u.username === want.username);
			if (!have) {
				insert(doc.usersElement, userTag(want));
				changes.push(`user ${want.username} added (groups ${want.groups.join(',')})`);
				continue;
			}
			if (have.password !== want.password) {
				setAttr(have.element, 'password', want.password);
				changes.push(`user ${want.username}: password set`);
			}
			const missing = want.groups.filter((g) => !have.groups.includes(g));
			if (missing.length) {
				setAttr(have.element, 'groups', [...have.groups, ...missing].join(','));
				changes.push(`user ${want.username}: groups ${missing.join(',')} added`);
			}
		}
	} else {
		const users = wrap('users', wants.users.map(userTag));
		if (doc.simpleAuthentication && !doc.simpleAuthentication.selfClosing)
			insert(doc.simpleAuthentication, users);
		else if (doc.simpleAuthentication)
			notes.push('simpleAuthenticationPlugin is an empty element: give it a <users> list by hand.');
		else intoPlugins(wrap('simpleAuthenticationPlugin', [users]));
		changes.push(`users ${wants.users.map((u) => u.username).join(', ')} added`);
	}

	// Authorization entries.
	const wanted: {kind: 'topic' | 'queue'; destination: string; group: string}[] = [
		...wants.collectives.flatMap((c) => [
			{kind: 'topic' as const, destination: `${c}.>`, group: MCOLLECTIVE_GROUP},
			{kind: 'queue' as const, destination: `${c}.>`, group: MCOLLECTIVE_GROUP},
		]),
		{kind: 'topic', destination: 'ActiveMQ.Advisory.>', group: 'everyone'},
	];
	const entryTag = (kind: string, destination: string, group: string) =>
		tag('authorizationEntry', [
			[kind, destination],
			['read', group],
			['write', group],
			['admin', group],
		]);
	if (doc.authorizationEntriesElement && !doc.authorizationEntriesElement.selfClosing) {
		for (const w of wanted) {
			const have = doc.entries.find((e) => e.kind === w.kind && e.destination.trim() === w.destination);
			if (!have) {
				insert(doc.authorizationEntriesElement, entryTag(w.kind, w.destination, w.group));
				changes.push(`authorizationEntry ${w.kind} ${w.destination} added (group ${w.group})`);
				continue;
			}
			for (const op of ['read', 'write', 'admin'] as const) {
				if (have[op].includes(w.group)) continue;
				setAttr(have.element, op, [...have[op], w.group].join(','));
				changes.push(`authorizationEntry ${w.kind} ${w.destination}: ${op} for ${w.group}`);
			}
		}
	} else if (doc.authorizationPlugin) {
		notes.push(
			`authorizationPlugin at line ${doc.authorizationPlugin.line} is not an <authorizationEntries> map: give group ${MCOLLECTIVE_GROUP} ${wants.collectives.map((c) => `${c}.>`).join(', ')} topics and queues and everyone ActiveMQ.Advisory.> by hand.`,
		);
	} else {
		const entries = [
			entryTag('queue', '>', 'admins'),
			entryTag('topic', '>', 'admins'),
			...wanted.map((w) => entryTag(w.kind, w.destination, w.group)),
		];
		intoPlugins(
			wrap('authorizationPlugin', [
				wrap('map', [wrap('authorizationMap', [wrap('authorizationEntries', entries)])]),
			]),
		);
		changes.push('authorizationPlugin added (mcollective topics and queues, advisories)');
	}
	if (newPlugins.length) insert(broker, wrap('plugins', newPlugins));

	for (const [el, set] of attrEdits) edits.push(rewriteStartTag(text, el, set));
	for (const [parent, blocks] of inserts) edits.push(insertion(text, parent, blocks, unit));
	edits.sort((a, b) => b.start - a.start);
	let out = text;
	for (const e of edits) out = out.slice(0, e.start) + e.text + out.slice(e.end);
	return {text: out, changes, notes};
}

/** Children appended just before a parent's end tag, one indent deeper than the parent. */
function insertion(text: string, parent: XmlElement, blocks: readonly Block[], unit: string): Edit {
	const parentIndent = lineIndent(text, parent.start);
	const lines = blocks.flatMap((b) => blockLines(b, unit)).map((l) => parentIndent + unit + l);
	if (parent.selfClosing) {
		const open = `${text.slice(parent.start, parent.end - 2).replace(/\s+$/, '')}>`;
		return {
			start: parent.start,
			end: parent.end,
			text: `${open}\n${lines.join('\n')}\n${parentIndent}</${text.slice(parent.start + 1).match(/^[^\s/>]+/)?.[0]}>`,
		};
	}
	const close = text.lastIndexOf('</', parent.end - 1);
	const lineStart = text.lastIndexOf('\n', close - 1) + 1;
	if (/^[ \t]*$/.test(text.slice(lineStart, close)))
		return {start: lineStart, end: lineStart, text: `${lines.join('\n')}\n`};
	return {start: close, end: close, text: `\n${lines.join('\n')}\n${parentIndent}`};
}

/** Where activemq.xml lives: Debian's instance layout, then the RHEL/upstream path. */
export function activemqXmlCandidates(instance = 'main'): readonly string[] {
	return [`/etc/activemq/instances-available/${instance}/activemq.xml`, '/etc/activemq/activemq.xml'];
}

/** Reads back the STOMP bind as render wrote it (for checks that compare with the live port). */
export function stompBinding(text: string): {host: string; port?: number} | undefined {
	const s = parseActivemqXml(text).stomp.find((t) => !t.ssl);
	return s ? parseTransportUri(s.uri) : undefined;
}
