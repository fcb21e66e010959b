import {Box, Text} from 'ink';
import type {LandmarkStep} from '../../steps/index.js';
import {ProgressMap, progressWords} from '../components/ProgressMap.js';
import type {Statuses} from '../core/machine.js';
import {theme} from '../theme.js';

export type Props = {
	readonly steps: readonly LandmarkStep[];
	readonly statuses: Statuses;
	readonly now: number;
	/** content/progress.md */
	readonly words: string;
};

/** After the last landmark: what was verified, what was not. */
export function DoneScreen({steps, statuses, now, words}: Props) {
	const open = steps.filter((s) => statuses[s.id].state !== 'passed');
	return (
		<Box flexDirection="column">
			{open.length === 0 ? (
				<Text color={theme.ok} bold>
					{progressWords(words, 'all-verified')}
				</Text>
			) : (
				<Text color={theme.warn} bold>
					{progressWords(words, open.length > 1 ? 'open-many' : 'open-one', {
						count: open.length,
						numbers: open.map((s) => s.number).join(', '),
					})}
				</Text>
			)}
			<ProgressMap steps={steps} statuses={statuses} current="done" now={now} words={words} />
			<Text>{progressWords(words, 'done-keys')}</Text>
		</Box>
	);
}

export type QuitProps = {
	readonly progressPath: string;
	readonly saved: boolean;
	readonly error?: string;
	readonly resumeHint: string;
	/** The words before the hint (default content/progress.md's resume-with; the practice range starts over instead). */
	readonly resumeLabel?: string;
	/** content/progress.md */
	readonly words: string;
};

/** The last frame, left on the terminal after exit. */
export function QuitScreen({progressPath, saved, error, resumeHint, resumeLabel, words}: QuitProps) {
	return (
		<Box flexDirection="column">
			{saved ? (
				<Text>{progressWords(words, 'saved', {path: progressPath})}</Text>
			) : (
				<Text color={theme.fail}>
					{progressWords(words, 'not-saved', {error: error ?? progressWords(words, 'unknown-error')})}
				</Text>
			)}
			<Text>
				{resumeLabel ?? progressWords(words, 'resume-with')} <Text color={theme.accent}>{resumeHint}</Text>
			</Text>
		</Box>
	);
}
