/**
 * The failure catalogue (shared/docs/failure-catalogue.md, F1-F30) as data: id, layer, title and
 * the lesson id in content/debug/. The words a user reads (cause, lesson, how to tell it apart)
 * live in content/debug/F<n>.md so a trainer can change them without touching code; the
 * evidence and the exact fix commands are computed by src/core/diagnose.ts.
 */

export type CatalogueLayer = 'client' | 'node' | 'e2e' | 'agent' | 'host';

export type CatalogueEntry = {
	readonly id: `F${number}`;
	readonly layer: CatalogueLayer;
	readonly title: string;
	/** content/<content>.md when the wizard can produce this entry (else undefined). */
	readonly content?: string;
};

const entry = (n: number, layer: CatalogueLayer, title: string, produced = true): CatalogueEntry => ({
	id: `F${n}`,
	layer,
	title,
	...(produced ? {content: `debug/F${n}`} : {}),
});

export const CATALOGUE: readonly CatalogueEntry[] = [
	entry(1, 'client', 'Cannot reach the STOMP port'),
	entry(2, 'client', 'The file read is not the file edited'),
	entry(3, 'client', 'The broker host name does not resolve'),
	entry(4, 'client', 'mco would hang: the connector retries forever'),
	entry(5, 'client', 'ActiveMQ rejected the user name or password'),
	entry(6, 'client', 'Logged in, but not authorized for the MCollective destinations'),
	entry(7, 'client', 'TLS mismatch between client and STOMP port'),
	entry(8, 'client', 'ActiveMQ ignores its config or dies on start'),
	entry(9, 'node', 'The node never connects to ActiveMQ'),
	entry(10, 'node', 'mcollectived will not start or dies'),
	entry(11, 'node', 'The node connects, then the broker drops it (credentials)'),
	entry(12, 'e2e', 'Client and node are on different wires (connector or collective)'),
	entry(13, 'e2e', 'The psk differs between client and node'),
	entry(14, 'e2e', 'Clock skew: the node rejects messages as too old'),
	entry(15, 'e2e', 'Fewer replies than nodes'),
	entry(16, 'e2e', 'Direct addressing mismatch', false),
	entry(17, 'agent', 'The openshift agent is missing or failed to load'),
	entry(18, 'agent', 'Agent installed after the daemon started'),
	entry(19, 'agent', 'Agent loaded but not activated'),
	entry(20, 'agent', 'The client lacks the openshift DDL'),
	entry(21, 'agent', 'The echo input is rejected by the DDL'),
	entry(22, 'agent', '"Time: nil" in the echo reply is normal'),
	entry(23, 'agent', 'Discovery window too short'),
	entry(24, 'host', 'SELinux context of mcollectived', false),
	entry(25, 'host', 'Client log not writable', false),
	entry(26, 'host', 'Config file missing or unreadable'),
	entry(27, 'host', 'Package or repository version conflict', false),
	entry(28, 'host', 'Special characters in passwords', false),
	entry(29, 'host', 'connector = stomp on MCollective 2.3 or later'),
	entry(30, 'host', 'mco works but the OpenShift broker app does not', false),
];

export function catalogueEntry(id: string): CatalogueEntry {
	const found = CATALOGUE.find((e) => e.id === id);
	if (!found) throw new Error(`not a catalogue id: ${id}`);
	return found;
}

/** Entries the wizard can diagnose (each has content/debug/F<n>.md and a steps/debug entry). */
export const PRODUCED: readonly CatalogueEntry[] = CATALOGUE.filter((e) => e.content !== undefined);

/**
 * The package that provides a Ruby library an agent failed to `require` (the seed's missing
 * facter-dependency gems). OpenShift Origin packages gem `x` as `rubygem-x`; a require path like
 * `openshift-origin-node/utils/shell_exec` belongs to the gem named by its first segment.
 */
const KNOWN_LIBRARY_PACKAGES: Readonly<Record<string, string>> = {
	'openshift-origin-container-selinux': 'rubygem-openshift-origin-container-selinux',
	'openshift-origin-frontend-nodejs-websocket': 'rubygem-openshift-origin-frontend-nodejs-websocket',
	'openshift-origin-frontend-apache-mod-rewrite': 'rubygem-openshift-origin-frontend-apache-mod-rewrite',
	'openshift-origin-node': 'rubygem-openshift-origin-node',
	'openshift-origin-common': 'rubygem-openshift-origin-common',
	facter: 'facter',
	json: 'rubygem-json',
};

export function packageForLibrary(library: string): string {
	const gem = library.split('/')[0] ?? library;
	return KNOWN_LIBRARY_PACKAGES[gem] ?? `rubygem-${gem}`;
}

/** What the seed says each host needs for landmark 5. */
export const CLIENT_PACKAGES = [
	'mcollective-client',
	'rubygem-openshift-origin-msg-broker-mcollective',
] as const;
export const NODE_PACKAGES = [
	'mcollective',
	'openshift-origin-msg-node-mcollective',
	'rubygem-openshift-origin-frontend-nodejs-websocket',
	'rubygem-openshift-origin-frontend-apache-mod-rewrite',
	'rubygem-openshift-origin-container-selinux',
] as const;
/** On the SCL platform the MCollective packages carry the collection prefix. */
export function platformPackage(name: string, platform: 'plain' | 'scl'): string {
	return platform === 'scl' && /^mcollective(-client)?$/.test(name) ? `ruby193-${name}` : name;
}
