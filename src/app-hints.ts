/**
 * The key line of each app state (screens with their own keys hand them to KeyHintsFrame). The
 * actions are ids: their words are content/keys.md's `## actions` list (KeyHints words them).
 */
import type {Hint} from './components/KeyHints.js';

/** Keys the app handles on every screen that has its own hints (debug view, lesson). */
export const GLOBAL_HINTS: readonly Hint[] = [
	['m', 'map'],
	['s', 'skip'],
	['q', 'quit'],
];

export function hintsFor(s: {
	typing: boolean;
	gate: boolean;
	mapOpen: boolean;
	screen: string;
	pendingSkip: boolean;
	debugShown: boolean;
}): Hint[] {
	if (s.pendingSkip)
		return [
			['s', 'skip-anyway'],
			['any key', 'stay'],
		];
	if (s.mapOpen)
		return [
			['↑/↓', 'choose'],
			['Enter', 'go'],
			['Esc', 'close'],
			['q', 'quit'],
		];
	// the export screen (message broker host): the passphrase field, Esc back to the landmark
	if (s.typing && s.screen === 'export')
		return [
			['Enter', 'next'],
			['Esc', 'back'],
			['Ctrl-C', 'save-quit'],
		];
	if (s.typing && s.gate)
		return [
			['↑/↓ Tab', 'move'],
			['Enter', 'next'],
			['Esc', 'map'],
			['Ctrl-C', 'save-quit'],
		];
	if (s.typing)
		return [
			['↑/↓ Tab', 'move'],
			['Enter', 'next'],
			['←/→', 'choose'],
			['Ctrl-G', 'generate-secret'],
			['Esc', 'map'],
			['Ctrl-C', 'save-quit'],
		];
	const common: Hint[] = [
		['m', 'map'],
		['b', 'back'],
		['s', 'skip'],
		['q', 'quit'],
	];
	if (s.screen === 'elsewhere') return [['Enter', 'next-landmark'], ...common];
	if (s.screen === 'elsewhere-export') return [['Enter', 'next-landmark'], ['e', 'export-bundle'], ...common];
	if (s.screen === 'write-config')
		return [['y/n', 'answer'], ['Enter', 'continue'], ['↑/↓', 'scroll'], ...common];
	if (s.screen === 'checks')
		return s.debugShown
			? [
					['r', 'retry-failed'],
					['b', 'check-list'],
					['m', 'map'],
					['s', 'skip'],
					['q', 'quit'],
				]
			: [['Enter', 'run-continue'], ['r', 'retry'], ['l', 'lesson'], ...common];
	return [['Enter', 'continue'], ...common];
}
