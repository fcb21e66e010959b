import {Box, Text} from 'ink';
import type {LandmarkStep} from '../../steps/index.js';
import {ProgressMap} from '../components/ProgressMap.js';
import type {Statuses} from '../core/machine.js';
import {theme} from '../theme.js';

export type Props = {
	readonly steps: readonly LandmarkStep[];
	readonly statuses: Statuses;
	readonly now: number;
};

/** After the last landmark: what was verified, what was not. */
export function DoneScreen({steps, statuses, now}: Props) {
	const open = steps.filter((s) => statuses[s.id].state !== 'passed');
	return (
		<Box flexDirection="column">
			{open.length === 0 ? (
				<Text color={theme.ok} bold>
					All five landmarks verified: MCollective and the OpenShift agent answer end to end.
				</Text>
			) : (
				<Text color={theme.warn} bold>
					Reached the end with {open.length} landmark{open.length > 1 ? 's' : ''} not verified:{' '}
					{open.map((s) => s.number).join(', ')}.
				</Text>
			)}
			<ProgressMap steps={steps} statuses={statuses} current="done" now={now} />
			<Text>q quits (progress is saved) · m goes back to any landmark</Text>
		</Box>
	);
}

export type QuitProps = {
	readonly progressPath: string;
	readonly saved: boolean;
	readonly error?: string;
	readonly resumeHint: string;
	/** The words before the hint (default "Resume with"; the practice range starts over instead). */
	readonly resumeLabel?: string;
};

/** The last frame, left on the terminal after exit. */
export function QuitScreen({progressPath, saved, error, resumeHint, resumeLabel = 'Resume with'}: QuitProps) {
	return (
		<Box flexDirection="column">
			{saved ? (
				<Text>Progress saved to {progressPath}.</Text>
			) : (
				<Text color={theme.fail}>Progress NOT saved ({error ?? 'unknown error'}).</Text>
			)}
			<Text>
				{resumeLabel} <Text color={theme.accent}>{resumeHint}</Text>
			</Text>
		</Box>
	);
}
