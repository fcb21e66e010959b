import {Box, Text, useInput} from 'ink';
import {useRef, useState} from 'react';
import {contentSection} from '../core/markdown.js';
import {theme} from '../theme.js';

export type StartChoice = 'real' | 'practice' | 'quit';

export type Props = {
	/** content/start.md */
	readonly words: string;
	readonly onChoose: (choice: StartChoice) => void;
};

const CHOICES = ['real', 'practice'] as const;

/**
 * The first screen when nothing is configured: set up real hosts, or practice on a simulated
 * range. Its own small component so other first-screen choices can sit beside it.
 */
export function StartMenu({words, onChoose}: Props) {
	const [selected, setSelected] = useState(0);
	// keys that arrive in one burst (↓ then Enter) must see each other's effect before a re-render
	const current = useRef(0);
	const select = (i: number) => {
		current.current = i;
		setSelected(i);
	};
	const part = (name: string) => (contentSection(words, name) ?? '').split('\n').slice(1).join(' ').trim();
	useInput((input, key) => {
		if (key.upArrow || key.downArrow || key.tab) select((current.current + 1) % CHOICES.length);
		if (input === '1' || input === '2') select(Number(input) - 1);
		if (key.return) onChoose(CHOICES[current.current] ?? 'real');
		if (input === 'q' || key.escape || (key.ctrl && input === 'c')) onChoose('quit');
	});
	const title = /^# (.+)$/m.exec(words)?.[1] ?? '';
	const intro = words.split('\n\n')[1]?.trim() ?? '';
	return (
		<Box flexDirection="column">
			<Text bold color={theme.accent}>
				{title}
			</Text>
			<Text>{intro}</Text>
			{CHOICES.map((choice, i) => (
				<Box key={choice} marginTop={i === 0 ? 1 : 0}>
					<Text color={theme.accent}>{i === selected ? '❯ ' : '  '}</Text>
					<Text bold={i === selected}>
						{i + 1}. {part(choice)}
					</Text>
				</Box>
			))}
			<Box marginTop={1}>
				<Text dimColor>{part('keys')}</Text>
			</Box>
		</Box>
	);
}
