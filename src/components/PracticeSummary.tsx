import {Box, Text} from 'ink';
import {LANDMARK_STEPS} from '../../steps/index.js';
import {contentSection} from '../content.js';
import {fill} from '../core/content-words.js';
import {debugLessonFor} from '../core/debug-lesson.js';
import type {PracticeRecord} from '../core/practice-record.js';
import {theme} from '../theme.js';

export type Props = {
	readonly record: PracticeRecord;
	readonly readContent: (id: string) => string;
};

/** The practice record at the end (done screen, quit): each debugging screen met, fixed or not. */
export function PracticeSummary({record, readContent}: Props) {
	const words = readContent('practice/record');
	const part = (name: string) =>
		(contentSection(words, name) ?? '').split('\n').slice(1).join(' ').replace(/`/g, '').trim() || name;
	return (
		<Box flexDirection="column" marginTop={1}>
			<Text bold>{part('title')}</Text>
			{record.met.length === 0 ? <Text dimColor>{part('none')}</Text> : null}
			{record.met.map((m) => {
				const step = LANDMARK_STEPS.find((s) => s.id === m.landmark);
				return (
					// fixed or not comes before the title: at 80 columns a long title is what gets cut
					<Text key={`${m.landmark}-${m.id}`} wrap="truncate">
						<Text color={m.fixed ? theme.ok : theme.warn}>{m.fixed ? '✓' : '✗'}</Text> {m.id}{' '}
						<Text dimColor>
							{fill(part('met'), {
								number: step?.number ?? m.landmark,
								state: part(m.fixed ? 'fixed' : 'open'),
							})}{' '}
						</Text>
						{debugLessonFor(m.id, readContent).title}
					</Text>
				);
			})}
			<Text dimColor>{part('again')}</Text>
		</Box>
	);
}
