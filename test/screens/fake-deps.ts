/**
 * Deps for rendering the App in screen tests without touching /etc: in-memory config plans and a
 * recorded progress log. The whole-path test (whole-path.test.tsx) uses the real io instead.
 */
import type {AppDeps} from '../../src/app.js';
import {readContent} from '../../src/content.js';
import type {ProgressSnapshot} from '../../src/hooks/use-wizard.js';
import type {PlannedFile, WrittenFile} from '../../src/screens/WriteConfigScreen.js';

export type FakeDeps = AppDeps & {
	readonly saved: ProgressSnapshot[];
	readonly applied: PlannedFile[][];
	clock: number;
};

export function fakeDeps(overrides: Partial<AppDeps> = {}): FakeDeps {
	const saved: ProgressSnapshot[] = [];
	const applied: PlannedFile[][] = [];
	const deps: FakeDeps = {
		saved,
		applied,
		clock: Date.parse('2026-11-25T10:00:00Z'),
		readContent,
		now: () => deps.clock,
		planConfigs: async () => [
			{
				role: 'client',
				path: '/fake/etc/client.cfg',
				exists: false,
				changed: true,
				diff: '--- /dev/null\n+++ /fake/etc/client.cfg\n@@ -0,0 +1,2 @@\n+connector = activemq\n+plugin.psk = <secret sha256:0000abcd>\n',
			},
			{role: 'server', path: '/fake/etc/server.cfg', exists: true, changed: false, diff: ''},
		],
		applyConfigs: async (files): Promise<WrittenFile[]> => {
			applied.push([...files]);
			return files.map((f) => ({role: f.role, path: f.path, dryRun: false}));
		},
		// A run that never ends (until aborted): screen tests that do not drive checks see "Checking…".
		runChecks: (_step, _ingredients, options) =>
			new Promise((_resolve, reject) =>
				options.signal.addEventListener('abort', () => reject(new Error('aborted'))),
			),
		persist: async (snapshot) => {
			saved.push(snapshot);
		},
		...overrides,
	};
	return deps;
}
