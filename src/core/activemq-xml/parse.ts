/**
 * Reads ActiveMQ's activemq.xml into the few things MCollective depends on: the STOMP transport
 * connectors (and where they bind), the simpleAuthenticationPlugin users and their groups, and the
 * authorizationEntries. Every element keeps its character range and line, so render.ts can edit
 * the file in place (changing nothing it does not own) and lint.ts can point at a line.
 *
 * htmlparser2 (xmlMode) rather than a DOM library: it is the one well-kept npm parser that gives
 * every element's start and end offset, which a minimal in-place edit needs; fast-xml-parser and
 * @xmldom/xmldom give no end offsets. It is forgiving, so a malformed file is not rejected here
 * (ActiveMQ's own start-up is the judge of that: F8).
 */
import {parseDocument} from 'htmlparser2';

/** One element of the file, with its place in the text. */
export type XmlElement = {
	/** Local name (an `amq:` prefix removed). */
	readonly name: string;
	/** Attribute values, entities decoded. */
	readonly attrs: Readonly<Record<string, string>>;
	/** Offset of `<`. */
	readonly start: number;
	/** Offset just past the element's last `>`. */
	readonly end: number;
	/** Offset just past the start tag's `>`. */
	readonly startTagEnd: number;
	/** `<x/>`: no content, no end tag. */
	readonly selfClosing: boolean;
	/** 1-based line of `<`. */
	readonly line: number;
	readonly children: readonly XmlElement[];
};

export type StompTransport = {
	readonly element: XmlElement;
	readonly name?: string;
	readonly uri: string;
	/** `stomp`, `stomp+nio`, `stomp+ssl`, `stomp+nio+ssl`. */
	readonly scheme: string;
	/** The bind address as written (`0.0.0.0`, `127.0.0.1`, a host name, `${prop}`). */
	readonly host: string;
	readonly port?: number;
	readonly ssl: boolean;
};

export type BrokerUser = {
	readonly element: XmlElement;
	readonly username: string;
	/** Holds a secret: never display it, display its fingerprint. */
	readonly password: string;
	readonly groups: readonly string[];
};

export type DestinationKind = 'topic' | 'queue' | 'tempTopic' | 'tempQueue';

export type AuthorizationEntry = {
	readonly element: XmlElement;
	readonly kind: DestinationKind;
	/** The pattern as written, e.g. `mcollective.>` (may be a comma list). */
	readonly destination: string;
	readonly read: readonly string[];
	readonly write: readonly string[];
	readonly admin: readonly string[];
};

export type ActivemqXml = {
	readonly text: string;
	readonly root?: XmlElement;
	readonly broker?: XmlElement;
	readonly transportConnectors?: XmlElement;
	/** Every transportConnector, STOMP or not. */
	readonly transports: readonly {readonly element: XmlElement; readonly uri: string}[];
	readonly stomp: readonly StompTransport[];
	readonly plugins?: XmlElement;
	/** Which authentication plugin the broker runs (none: any login is accepted). */
	readonly authentication: 'simple' | 'jaas' | 'none';
	readonly simpleAuthentication?: XmlElement;
	readonly usersElement?: XmlElement;
	readonly users: readonly BrokerUser[];
	readonly authorizationPlugin?: XmlElement;
	readonly authorizationEntriesElement?: XmlElement;
	readonly entries: readonly AuthorizationEntry[];
};

type DomNode = {
	type: string;
	name?: string;
	attribs?: Record<string, string>;
	children?: DomNode[];
	startIndex: number | null;
	endIndex: number | null;
};

const localName = (name: string) => name.slice(name.indexOf(':') + 1);

/** Offsets of each line start, for offset → line. */
function lineStarts(text: string): number[] {
	const starts = [0];
	for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
	return starts;
}

function lineOf(starts: readonly number[], offset: number): number {
	let lo = 0;
	let hi = starts.length - 1;
	while (lo < hi) {
		const mid = (lo + hi + 1) >> 1;
		if ((starts[mid] ?? 0) <= offset) lo = mid;
		else hi = mid - 1;
	}
	return lo + 1;
}

/** The offset past the start tag's `>`, skipping `>` inside quoted attribute values. */
function startTagEnd(text: string, start: number): number {
	let quote: string | undefined;
	for (let i = start + 1; i < text.length; i++) {
		const c = text[i];
		if (quote) {
			if (c === quote) quote = undefined;
		} else if (c === '"' || c === "'") quote = c;
		else if (c === '>') return i + 1;
	}
	return text.length;
}

function toElement(node: DomNode, text: string, starts: readonly number[]): XmlElement {
	const start = node.startIndex ?? 0;
	const end = (node.endIndex ?? start) + 1;
	const tagEnd = startTagEnd(text, start);
	const children = (node.children ?? [])
		.filter((c) => c.type === 'tag')
		.map((c) => toElement(c, text, starts));
	return {
		name: localName(node.name ?? ''),
		attrs: node.attribs ?? {},
		start,
		end,
		startTagEnd: tagEnd,
		selfClosing: text[tagEnd - 2] === '/' && tagEnd === end,
		line: lineOf(starts, start),
		children,
	};
}

export function* descendants(element: XmlElement): Generator<XmlElement> {
	for (const child of element.children) {
		yield child;
		yield* descendants(child);
	}
}

const childNamed = (parent: XmlElement | undefined, name: string) =>
	parent?.children.find((c) => c.name === name);

/** `a, b ,c` → ['a','b','c']. */
export function splitList(value: string | undefined): string[] {
	return (value ?? '')
		.split(',')
		.map((s) => s.trim())
		.filter((s) => s !== '');
}

/** `stomp+nio://127.0.0.1:61613?trace=true` → scheme, host, port. */
export function parseTransportUri(uri: string): {scheme: string; host: string; port?: number} {
	const m = /^\s*([\w+.-]+):\/\/(\[[^\]]*\]|[^:/?]*)(?::(\d+))?/.exec(uri);
	if (!m) return {scheme: '', host: ''};
	const port = m[3] === undefined ? undefined : Number(m[3]);
	return {scheme: (m[1] ?? '').toLowerCase(), host: m[2] ?? '', ...(port === undefined ? {} : {port})};
}

export function parseActivemqXml(text: string): ActivemqXml {
	const starts = lineStarts(text);
	const doc = parseDocument(text, {
		xmlMode: true,
		withStartIndices: true,
		withEndIndices: true,
	}) as unknown as {
		children: DomNode[];
	};
	const rootNode = doc.children.find((c) => c.type === 'tag');
	const root = rootNode ? toElement(rootNode, text, starts) : undefined;
	const all = root ? [root, ...descendants(root)] : [];
	const broker = all.find((e) => e.name === 'broker');
	const transportConnectors = childNamed(broker, 'transportConnectors');
	const transports = (transportConnectors?.children ?? [])
		.filter((e) => e.name === 'transportConnector')
		.map((element) => ({element, uri: element.attrs.uri ?? ''}));
	const stomp = transports.flatMap(({element, uri}): StompTransport[] => {
		const parsed = parseTransportUri(uri);
		if (!parsed.scheme.startsWith('stomp')) return [];
		const name = element.attrs.name;
		return [
			{
				element,
				uri,
				...parsed,
				ssl: parsed.scheme.includes('ssl'),
				...(name === undefined ? {} : {name}),
			},
		];
	});
	const plugins = childNamed(broker, 'plugins');
	const simpleAuthentication = childNamed(plugins, 'simpleAuthenticationPlugin');
	const jaas = plugins?.children.some((c) => /^jaas.*AuthenticationPlugin$/.test(c.name));
	const usersElement = childNamed(simpleAuthentication, 'users');
	const users = (usersElement?.children ?? [])
		.filter((e) => e.name === 'authenticationUser')
		.map((element) => ({
			element,
			username: element.attrs.username ?? '',
			password: element.attrs.password ?? '',
			groups: splitList(element.attrs.groups),
		}));
	const authorizationPlugin = childNamed(plugins, 'authorizationPlugin');
	const authorizationEntriesElement = authorizationPlugin
		? [...descendants(authorizationPlugin)].find((e) => e.name === 'authorizationEntries')
		: undefined;
	const entries = (authorizationEntriesElement?.children ?? [])
		.filter((e) => e.name === 'authorizationEntry')
		.flatMap((element): AuthorizationEntry[] => {
			const kinds: DestinationKind[] = ['topic', 'queue', 'tempTopic', 'tempQueue'];
			const kind = kinds.find((k) => element.attrs[k] !== undefined);
			if (!kind) return [];
			return [
				{
					element,
					kind,
					destination: element.attrs[kind] ?? '',
					read: splitList(element.attrs.read),
					write: splitList(element.attrs.write),
					admin: splitList(element.attrs.admin),
				},
			];
		});
	return {
		text,
		transports,
		stomp,
		authentication: simpleAuthentication ? 'simple' : jaas ? 'jaas' : 'none',
		users,
		entries,
		...(root ? {root} : {}),
		...(broker ? {broker} : {}),
		...(transportConnectors ? {transportConnectors} : {}),
		...(plugins ? {plugins} : {}),
		...(simpleAuthentication ? {simpleAuthentication} : {}),
		...(usersElement ? {usersElement} : {}),
		...(authorizationPlugin ? {authorizationPlugin} : {}),
		...(authorizationEntriesElement ? {authorizationEntriesElement} : {}),
	};
}
