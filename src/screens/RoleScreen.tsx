/**
 * The first screen when this host's role is not certain: a short choice (↑/↓, Enter), the
 * detected guess preselected, with what was seen. src/commands/wizard.tsx shows it before the App.
 */
import {Box, Text, useInput} from 'ink';
import {useState} from 'react';
import {ROLE_TEXT} from '../../steps/roles.js';
import type {RoleEvidence} from '../core/role.js';
import {evidenceText, roleSection} from '../core/role-text.js';
import {ROLE_IDS, type Role} from '../core/types.js';
import {theme} from '../theme.js';

export type Props = {
	/** The detected guess (maybe empty). */
	readonly guess: readonly Role[];
	readonly evidence: readonly RoleEvidence[];
	readonly hostname: string;
	/** content/roles.md */
	readonly words: string;
	readonly onChoose: (roles: readonly Role[]) => void;
	readonly onQuit: () => void;
	readonly isActive: boolean;
};

/** One role each, then all three (a single machine). */
const CHOICES: readonly (readonly Role[])[] = [['client'], ['node'], ['message-broker'], [...ROLE_IDS]];

const same = (a: readonly Role[], b: readonly Role[]) =>
	a.length === b.length && a.every((r) => b.includes(r));

export function RoleScreen({guess, evidence, hostname, words, onChoose, onQuit, isActive}: Props) {
	const [index, setIndex] = useState(
		Math.max(
			CHOICES.findIndex((c) => same(c, guess)),
			0,
		),
	);
	useInput(
		(input, key) => {
			if (key.upArrow) setIndex((i) => Math.max(i - 1, 0));
			else if (key.downArrow) setIndex((i) => Math.min(i + 1, CHOICES.length - 1));
			else if (key.return) onChoose(CHOICES[index] ?? ['client']);
			else if (input === 'q' || (key.ctrl && input === 'c')) onQuit();
		},
		{isActive},
	);
	return (
		<Box flexDirection="column">
			<Text bold color={theme.accent}>
				{hostname}: {roleSection(words, 'question')}
			</Text>
			<Text> </Text>
			{CHOICES.map((choice, i) => (
				<Text key={choice.join('+')} wrap="truncate">
					<Text color={theme.accent}>{i === index ? '❯ ' : '  '}</Text>
					<Text bold={i === index}>
						{choice.length === 1 && choice[0]
							? `${ROLE_TEXT[choice[0]].label}: ${ROLE_TEXT[choice[0]].runs}`
							: roleSection(words, 'all')}
					</Text>
				</Text>
			))}
			<Text> </Text>
			<Text dimColor>{roleSection(words, 'choose-keys')}</Text>
			<Text> </Text>
			{evidence.map((e) => {
				const seen = evidenceText(words, e);
				return (
					<Text key={`${e.role}-${seen}`} dimColor wrap="truncate">
						{`${ROLE_TEXT[e.role].label}? ${seen}`}
					</Text>
				);
			})}
		</Box>
	);
}
