/**
 * A landmark whose part runs on another host: what to run there and what to carry, never a check
 * from here (its files and logs do not exist on this host). Enter goes on to the next landmark.
 */
import {Box, Text, useInput} from 'ink';
import type {LandmarkStep} from '../../steps/index.js';
import {Markdown} from '../components/Markdown.js';
import {runOn} from '../core/role.js';
import {carryText, elsewhereValues, fill, roleSection} from '../core/role-text.js';
import type {Ingredients, Role} from '../core/types.js';
import {theme} from '../theme.js';

export type Props = {
	readonly step: LandmarkStep;
	readonly roles: readonly Role[];
	readonly hostname: string;
	readonly ingredients: Partial<Ingredients>;
	/** The answers file this run was started with: the one to carry. */
	readonly answersPath?: string;
	/** The secrets that answers file holds (loaded, never shown): not typed again on the other host. */
	readonly answersSecrets?: readonly string[];
	/** content/roles.md */
	readonly words: string;
	/** content/ingredient-labels.md: the secrets' names. */
	readonly fieldWords: string;
	readonly width: number;
	readonly height: number;
	/** Enter: on to the next landmark. */
	readonly onNext: () => void;
	/** On the message broker host: `e` exports a bundle to carry (the offer's words from content/export.md). */
	readonly exportOffer?: {readonly text: string; readonly open: () => void};
	readonly isActive: boolean;
};

export function ElsewhereScreen({
	step,
	roles,
	hostname,
	ingredients,
	answersPath,
	answersSecrets,
	words,
	fieldWords,
	width,
	height,
	onNext,
	exportOffer,
	isActive,
}: Props) {
	useInput(
		(input, key) => {
			if (key.return) onNext();
			if (input === 'e' && exportOffer) exportOffer.open();
		},
		{isActive},
	);
	const target = runOn(step, ingredients, {
		command: 'wizard',
		...(answersPath ? {answers: answersPath} : {}),
	});
	const values = elsewhereValues({
		markdown: words,
		step,
		roles,
		hostname,
		runOn: target,
		...(answersPath ? {answers: answersPath} : {}),
	});
	return (
		<Box flexDirection="column" height={height} overflow="hidden">
			<Markdown source={fill(roleSection(words, 'elsewhere-screen'), values)} width={width} />
			{/* Wrapped, never truncated: it is copied to the other host whole. */}
			<Box paddingLeft={2} paddingY={1}>
				<Text color={theme.accent} wrap="wrap">
					{target.command}
				</Text>
			</Box>
			<Markdown source={carryText(words, target.role, answersSecrets, values, fieldWords)} width={width} />
			{exportOffer ? (
				<Box marginTop={1}>
					<Text color={theme.accent} wrap="wrap">
						{exportOffer.text}
					</Text>
				</Box>
			) : null}
		</Box>
	);
}
