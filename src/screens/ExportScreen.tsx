/**
 * Exporting the bundle to carry to the next host, inside the wizard: the passphrase typed twice,
 * masked, then the bundle written (src/commands/wizard.tsx seals and writes it). Two different
 * passphrases, or an empty one, write nothing and ask again. Esc closes without writing.
 */
import {Spinner} from '@inkjs/ui';
import {Box, Text, useInput} from 'ink';
import {useState} from 'react';
import {MaskedInput} from '../components/MaskedInput.js';
import {contentSection} from '../core/markdown.js';
import {fill} from '../core/role-text.js';
import {theme} from '../theme.js';

export type Props = {
	/** content/export.md */
	readonly words: string;
	/**
	 * Secrets the other hosts need that this run does not have (not in the answers file nor the
	 * saved progress): asked first, masked, one by one. Those already loaded are never asked.
	 */
	readonly ask?: ReadonlyArray<{readonly key: string; readonly label: string}>;
	/** Seals the ingredients (with the secrets typed here) with the passphrase and writes the bundle; resolves with its path. */
	readonly onExport: (passphrase: string, typed: Readonly<Record<string, string>>) => Promise<string>;
	/** Back to the screen the export was opened from. */
	readonly onClose: () => void;
	readonly isActive: boolean;
};

type Phase =
	| {readonly kind: 'secret'; readonly index: number; readonly empty?: boolean}
	| {readonly kind: 'first'; readonly note?: 'mismatch' | 'empty'}
	| {readonly kind: 'again'; readonly first: string}
	| {readonly kind: 'writing'}
	| {readonly kind: 'written'; readonly path: string}
	| {readonly kind: 'failed'; readonly message: string};

/** A section's text without its heading. */
export function section(words: string, name: string): string {
	return (contentSection(words, name) ?? name).replace(/^##[^\n]*\n?/, '').trim();
}

export function ExportScreen({words, ask = [], onExport, onClose, isActive}: Props) {
	const [phase, setPhase] = useState<Phase>(ask.length > 0 ? {kind: 'secret', index: 0} : {kind: 'first'});
	// Kept in state only until the bundle is sealed; never rendered.
	const [typed, setTyped] = useState<Readonly<Record<string, string>>>({});
	// Each prompt is a fresh input: the first passphrase never stays in the second field.
	const [round, setRound] = useState(0);
	useInput(
		(_input, key) => {
			if (key.escape || (key.return && (phase.kind === 'written' || phase.kind === 'failed'))) onClose();
		},
		{isActive},
	);
	const submitSecret = (value: string) => {
		if (phase.kind !== 'secret') return;
		const field = ask[phase.index];
		setRound((r) => r + 1);
		if (!field) return;
		if (value === '') {
			setPhase({kind: 'secret', index: phase.index, empty: true});
			return;
		}
		setTyped((t) => ({...t, [field.key]: value}));
		setPhase(phase.index + 1 < ask.length ? {kind: 'secret', index: phase.index + 1} : {kind: 'first'});
	};
	const submitFirst = (value: string) => {
		if (value === '') {
			setRound((r) => r + 1);
			setPhase({kind: 'first', note: 'empty'});
			return;
		}
		setRound((r) => r + 1);
		setPhase({kind: 'again', first: value});
	};
	const submitAgain = (value: string) => {
		if (phase.kind !== 'again') return;
		setRound((r) => r + 1);
		if (value !== phase.first) {
			setPhase({kind: 'first', note: 'mismatch'});
			return;
		}
		setPhase({kind: 'writing'});
		onExport(value, typed).then(
			(path) => setPhase({kind: 'written', path}),
			(error: unknown) =>
				setPhase({kind: 'failed', message: error instanceof Error ? error.message : String(error)}),
		);
	};
	return (
		<Box flexDirection="column">
			<Text bold color={theme.accent}>
				{section(words, 'offer')}
			</Text>
			{phase.kind === 'secret' && phase.empty ? (
				<Text color={theme.warn}>{section(words, 'empty-secret')}</Text>
			) : null}
			{phase.kind === 'secret' ? (
				<Box>
					<Text>{fill(section(words, 'missing-secret'), {label: ask[phase.index]?.label ?? ''})} </Text>
					<MaskedInput key={`p${round}`} isDisabled={!isActive} onSubmit={submitSecret} />
				</Box>
			) : null}
			{phase.kind === 'first' && phase.note ? (
				<Text color={theme.warn}>{section(words, phase.note)}</Text>
			) : null}
			{phase.kind === 'first' ? (
				<Box>
					<Text>{section(words, 'passphrase')} </Text>
					<MaskedInput key={`p${round}`} isDisabled={!isActive} onSubmit={submitFirst} />
				</Box>
			) : null}
			{phase.kind === 'again' ? (
				<Box>
					<Text>{section(words, 'again')} </Text>
					<MaskedInput key={`p${round}`} isDisabled={!isActive} onSubmit={submitAgain} />
				</Box>
			) : null}
			{phase.kind === 'writing' ? <Spinner label={section(words, 'writing')} /> : null}
			{phase.kind === 'written' ? (
				<Text color={theme.ok} wrap="wrap">
					✓ {fill(section(words, 'written'), {path: phase.path})}
				</Text>
			) : null}
			{phase.kind === 'failed' ? (
				<Text color={theme.fail} wrap="wrap">
					✗ {section(words, 'failed')} {phase.message}
				</Text>
			) : null}
			<Text dimColor>
				{section(words, phase.kind === 'written' || phase.kind === 'failed' ? 'back-done' : 'back')}
			</Text>
		</Box>
	);
}
