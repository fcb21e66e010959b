/**
 * The words of the command line's `--help`, from content/help.md: the program's and each
 * command's description, its options' and its arguments'. Pure: the caller passes the markdown.
 * Read when the program is defined (src/commands/*-command.ts), so dist/help.json, made at build
 * time from the same program, holds them too (scripts/build.mjs rebuilds when content/help.md
 * changes).
 */

/** content/help.md */
export const HELP_CONTENT = 'help';

/** The sections of content/help.md the commands read (test/steps-content.test.ts keeps them exact). */
export const HELP_SECTIONS = [
	'program',
	'role',
	'wizard',
	'wizard-step',
	'wizard-answers',
	'wizard-config-dir',
	'wizard-dry-run',
	'wizard-state',
	'wizard-no-color',
	'check',
	'check-step',
	'check-answers',
	'check-json',
	'check-timeout',
	'check-yes',
	'check-passphrase-file',
	'connection-config',
	'connection-connect-timeout',
	'connection-server-config',
	'connection-target',
	'connection-json',
	'ping',
	'ping-timeout',
	'ping-expect',
	'ping-expect-file',
	'ping-identity',
	'ping-agent',
	'rpc',
	'rpc-agent',
	'rpc-action',
	'rpc-args',
	'rpc-timeout',
	'rpc-discovery-timeout',
	'rpc-expect',
	'rpc-identity',
	'practice',
	'practice-scenario',
	'practice-list',
	'practice-brief',
	'practice-dir',
	'practice-port',
	'practice-nodes',
	'practice-connections',
	'practice-broker',
	'practice-answers',
	'practice-wizard',
	'practice-no-wizard',
	'practice-node-config',
	'practice-node-host-state',
	'broker',
	'broker-answers',
	'broker-activemq-xml',
	'broker-bind',
	'broker-write',
	'broker-check',
	'broker-log',
	'broker-remote-clients',
	'broker-timeout',
	'broker-passphrase-file',
	'broker-json',
	'lint',
	'lint-files',
	'lint-json',
	'lint-answers',
	'lint-passphrase-file',
	'lint-remote-clients',
	'export',
	'export-out',
	'export-encrypt',
	'export-passphrase-file',
	'export-answers',
	'export-state',
	'report',
	'report-out',
	'report-answers',
	'report-state',
	'report-json',
] as const;

export type HelpSection = (typeof HELP_SECTIONS)[number];

/**
 * Every `## name` section's text, in one pass: the program reads all of them at every start, and
 * looking each up in the whole file (content-words.ts) cost ~7 ms of a commander launch.
 */
export function helpSections(markdown: string): ReadonlyMap<string, string> {
	const sections = new Map<string, string>();
	let name: string | undefined;
	let lines: string[] = [];
	const end = () => {
		if (name !== undefined && !sections.has(name)) sections.set(name, lines.join('\n').trim());
	};
	for (const line of markdown.split('\n')) {
		if (/^#{1,2}\s/.test(line)) {
			end();
			name = line.startsWith('## ') ? line.slice(3).trim() : undefined;
			lines = [];
		} else lines.push(line);
	}
	end();
	return sections;
}

/** The one line of section `name` (the name itself when the section is missing, as content-words.ts does). */
export function helpWords(sections: ReadonlyMap<string, string>, name: HelpSection): string {
	return sections.get(name) || name;
}
