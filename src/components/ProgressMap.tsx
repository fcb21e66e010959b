import {Box, Text} from 'ink';
import type {LandmarkStep} from '../../steps/index.js';
import {wordsFor} from '../core/content-words.js';
import type {LandmarkState, Position, Statuses} from '../core/machine.js';
import {isHere} from '../core/role.js';
import {roleSection} from '../core/role-text.js';
import type {Role} from '../core/types.js';
import {theme} from '../theme.js';

const ICON: Record<LandmarkState, string> = {'not-started': '·', passed: '✓', failed: '✗', skipped: '↷'};
const COLOR: Record<LandmarkState, string | undefined> = {
	'not-started': undefined,
	passed: theme.ok,
	failed: theme.fail,
	skipped: theme.warn,
};
/** content/progress.md */
export const PROGRESS_CONTENT = 'progress';

/** The sections of content/progress.md the map and the closing screens read (test/steps-content.test.ts keeps them exact). */
export const PROGRESS_SECTIONS = [
	'map-title',
	'not-started',
	'passed',
	'failed',
	'skipped',
	'you-are-here',
	'map-keys',
	'all-verified',
	'open-one',
	'open-many',
	'done-keys',
	'saved',
	'not-saved',
	'unknown-error',
	'resume-with',
	'header-title',
	'dry-run',
] as const;

export type ProgressSection = (typeof PROGRESS_SECTIONS)[number];

/** Section `name` of content/progress.md, filled in. */
export function progressWords(
	words: string,
	name: ProgressSection,
	values: Readonly<Record<string, string | number>> = {},
): string {
	return wordsFor(words, name, values);
}

/** `14:05` today, `2026-11-24 14:05` otherwise (local time: it is the operator's clock). */
export function formatWhen(at: number, now: number): string {
	const d = new Date(at);
	const pad = (n: number) => String(n).padStart(2, '0');
	const time = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
	if (new Date(now).toDateString() === d.toDateString()) return time;
	return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${time}`;
}

export type Props = {
	readonly steps: readonly LandmarkStep[];
	readonly statuses: Statuses;
	readonly current: Position;
	/** One line (header) or the full map with summaries and times. */
	readonly compact?: boolean;
	/** Highlighted row in the full map (for choosing a landmark to jump to). */
	readonly selected?: number;
	readonly now?: number;
	/** Narrow terminals get numbers only in the compact line. */
	readonly columns?: number;
	/** This host's roles: landmarks of other roles are marked "on another host". Empty: all here. */
	readonly roles?: readonly Role[];
	/** content/roles.md, for the words "here" / "on another host". */
	readonly roleWords?: string;
	/** content/progress.md: the full map's words (the compact line has none). */
	readonly words?: string;
	/** One space between landmarks in the compact line (room for the host's role). */
	readonly tight?: boolean;
	/** In the compact line: every landmark's title, only the current one's (too narrow for all), or none. */
	readonly titles?: CompactTitles;
};

export type CompactTitles = 'all' | 'current' | 'none';

/** Marks a landmark whose part runs on another host (its state there is not known here). */
const ELSEWHERE_ICON = '⇢';

/** The five landmarks with their state: always in the header, full with `m`. */
export function ProgressMap({
	steps,
	statuses,
	current,
	compact,
	selected,
	now = Date.now(),
	columns = 80,
	roles = [],
	roleWords = '',
	words = '',
	tight = false,
	titles = columns < 64 ? 'none' : 'all',
}: Props) {
	if (compact) {
		return (
			<Box>
				{steps.map((step, i) => {
					const status = statuses[step.id];
					const here = step.id === current;
					const away = !isHere(step, roles);
					const icon = away && status.state === 'not-started' ? ELSEWHERE_ICON : ICON[status.state];
					return (
						<Text key={step.id}>
							{i > 0 ? <Text dimColor>{tight ? ' ' : ' › '}</Text> : null}
							<Text
								color={here ? theme.accent : COLOR[status.state]}
								bold={here}
								underline={here}
								dimColor={away && !here}
							>
								{here
									? `▶${status.state === 'not-started' ? (away ? ELSEWHERE_ICON : '') : ICON[status.state]}`
									: icon}{' '}
								{step.number}
								{titles === 'all' || (titles === 'current' && here) ? ` ${step.shortTitle}` : ''}
							</Text>
						</Text>
					);
				})}
			</Box>
		);
	}
	return (
		<Box flexDirection="column" borderStyle="round" paddingX={1}>
			<Text bold>{progressWords(words, 'map-title')}</Text>
			{steps.map((step, i) => {
				const status = statuses[step.id];
				const here = step.id === current;
				const away = !isHere(step, roles);
				return (
					<Box key={step.id}>
						<Box width={2} flexShrink={0}>
							<Text color={theme.accent}>{selected === i ? '❯' : ' '}</Text>
						</Box>
						<Box width={24} flexShrink={0}>
							<Text color={COLOR[status.state]} bold={here}>
								{ICON[status.state]} {step.number} {step.title}
							</Text>
						</Box>
						<Box width={22} flexShrink={0}>
							<Text color={COLOR[status.state]} dimColor={away && status.state === 'not-started'}>
								{away && status.state === 'not-started'
									? `${ELSEWHERE_ICON} ${roleSection(roleWords, 'elsewhere')}`
									: progressWords(words, status.state)}
								{status.at === undefined ? '' : ` ${formatWhen(status.at, now)}`}
							</Text>
						</Box>
						<Text dimColor wrap="truncate">
							{`${here ? `${progressWords(words, 'you-are-here')} ` : ''}${step.summary}`}
						</Text>
					</Box>
				);
			})}
			<Text dimColor>{progressWords(words, 'map-keys')}</Text>
		</Box>
	);
}
