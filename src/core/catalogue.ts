/**
 * The failure catalogue (shared/docs/failure-catalogue.md, F1-F30): id and layer. Which entries the
 * wizard can diagnose, their lessons and their retry rule are data in steps/debug; their titles
 * and every word a user reads live in content/debug/F<n>.md (its `# heading` is the title) so a
 * trainer can change them without touching code; the evidence and the exact fix commands are
 * computed by src/core/diagnose.ts.
 */
import {DEBUG_STEPS} from '../../steps/debug/index.js';

export type CatalogueLayer = 'client' | 'node' | 'e2e' | 'agent' | 'host';

export type CatalogueEntry = {
	readonly id: `F${number}`;
	readonly layer: CatalogueLayer;
	/** content/<content>.md when the wizard can produce this entry (it has a steps/debug step). */
	readonly content?: string;
};

/** The layer of each entry, F1 first (failure-catalogue.md groups them the same way). */
const LAYERS: readonly CatalogueLayer[] = [
	...Array<CatalogueLayer>(8).fill('client'), // F1-F8
	...Array<CatalogueLayer>(3).fill('node'), // F9-F11
	...Array<CatalogueLayer>(5).fill('e2e'), // F12-F16
	...Array<CatalogueLayer>(7).fill('agent'), // F17-F23
	...Array<CatalogueLayer>(7).fill('host'), // F24-F30
];

export const CATALOGUE: readonly CatalogueEntry[] = LAYERS.map((layer, i) => {
	const id = `F${i + 1}` as const;
	const content = DEBUG_STEPS.find((s) => s.failure === id)?.content;
	return {id, layer, ...(content ? {content} : {})};
});

export function catalogueEntry(id: string): CatalogueEntry {
	const found = CATALOGUE.find((e) => e.id === id);
	if (!found) throw new Error(`not a catalogue id: ${id}`);
	return found;
}

/** Entries the wizard can diagnose (each has a steps/debug step and content/debug/F<n>.md). */
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
