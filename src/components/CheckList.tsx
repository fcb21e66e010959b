import cliSpinners from 'cli-spinners';
import {Box, Text} from 'ink';
import stringWidth from 'string-width';
import type {StepCheck} from '../../steps/index.js';
import type {CheckRow} from '../core/check-run.js';
import {forTerminal} from '../core/sanitize.js';
import {theme} from '../theme.js';

/**
 * How often a running check's row changes (its spinner frame and elapsed time), so the screen's
 * one clock drives both. A spinner with its own timer beside the clock doubled the frames Ink
 * draws while a check runs, and each frame is the whole screen: on a loaded host the drawing
 * starved the check it was showing (issue #12).
 */
export const CHECK_TICK_MS = 200;

const SPINNER = cliSpinners.dots;

/**
 * Measures once, ahead of time, the glyphs a run draws (spinner frames, the row marks, the debug
 * view's bullets). string-width (Ink's, the same module) takes 150-300 ms on a loaded host the
 * first time it meets such characters (its Unicode-property regexes); unwarmed, that cost fell
 * on the first frame after Enter, in the middle of the ping (issue #12). Call it when the screen
 * is idle.
 */
export function warmCheckGlyphs(): void {
	for (const glyph of [...SPINNER.frames, '✓', '✗', '·', '↳', '•', '–', '—', '›', '▶'])
		stringWidth(`${glyph} x`);
}

export type Props = {
	readonly checks: readonly StepCheck[];
	readonly rows: Readonly<Record<string, CheckRow>>;
	readonly now: number;
	readonly width: number;
};

/** The ladder of a landmark: one line per check, a spinner with elapsed time while it runs, evidence when done. */
export function CheckList({checks, rows, now, width}: Props) {
	const titleWidth = Math.min(44, Math.max(width - 30, 20));
	return (
		<Box flexDirection="column" flexShrink={0}>
			{checks.map((check) => {
				const row = rows[check.id] ?? {phase: 'idle'};
				return (
					<Box key={check.id} flexDirection="column" flexShrink={0}>
						<Box>
							<Box width={3} flexShrink={0}>
								<RowIcon row={row} now={now} />
							</Box>
							<Box width={titleWidth} flexShrink={0}>
								<Text wrap="truncate" dimColor={row.phase === 'idle'}>
									{check.title}
								</Text>
							</Box>
							<Text dimColor wrap="truncate">
								{' '}
								{check.id}
								{row.phase === 'running' ? ` ${seconds(now - row.startedAt)}` : ''}
								{row.phase === 'done' && !row.result.skipped ? ` ${Math.round(row.result.ms)} ms` : ''}
							</Text>
						</Box>
						{row.phase === 'running' && row.note ? (
							<Text dimColor wrap="truncate">
								{'   ↳ '}
								{forTerminal(row.note)}
							</Text>
						) : null}
						{row.phase === 'done' && row.result.evidence ? (
							<Text
								color={row.result.skipped ? undefined : row.result.ok ? undefined : theme.fail}
								dimColor={row.result.ok || row.result.skipped}
								wrap="truncate"
							>
								{'   ↳ '}
								{row.result.evidence}
							</Text>
						) : null}
					</Box>
				);
			})}
		</Box>
	);
}

function RowIcon({row, now}: {readonly row: CheckRow; readonly now: number}) {
	if (row.phase === 'running') {
		const tick = Math.floor(Math.max(now - row.startedAt, 0) / CHECK_TICK_MS);
		// blue: the colour @inkjs/ui's Spinner drew these frames in
		return <Text color="blue">{SPINNER.frames[tick % SPINNER.frames.length]}</Text>;
	}
	if (row.phase === 'idle') return <Text dimColor>·</Text>;
	if (row.result.skipped) return <Text dimColor>-</Text>;
	return row.result.ok ? <Text color={theme.ok}>✓</Text> : <Text color={theme.fail}>✗</Text>;
}

function seconds(ms: number): string {
	return `${(Math.max(ms, 0) / 1000).toFixed(1)} s`;
}
