/**
 * The debugging view for a failed landmark: the cause in one sentence, the evidence the checks
 * saw, what was already ruled out (the rungs that passed) and the commands that tell it apart on
 * other hosts, the fix as exact commands, and the lesson. Words come from content/debug/F<n>.md
 * (a trainer edits those, not this file); evidence and fix come from src/core/diagnose.ts.
 * Labels come from content/debug-view.md. Keys: r retries (from the rung the machine's retry rule names), b goes back to the checks,
 * ↑/↓ PgUp/PgDn scroll; the app's key line shows them.
 */
import {Box, type DOMElement, measureElement, Text, useInput} from 'ink';
import {useEffect, useRef, useState} from 'react';
import {useScreenHints} from '../components/KeyHints.js';
import {failedCheck} from '../core/check-run.js';
import {wordsFor} from '../core/content-words.js';
import type {DebugLesson} from '../core/debug-lesson.js';
import {fixLine} from '../core/fix-line.js';
import type {LandmarkReport} from '../core/types.js';
import {theme} from '../theme.js';

export type Props = {
	readonly report: LandmarkReport;
	/** The diagnosis's lesson (content/debug/<id>.md, read by the caller through readContent). */
	readonly lesson?: DebugLesson;
	/** content/debug-view.md: the view's labels (read by the caller through readContent). */
	readonly words: string;
	/** The rung Retry starts at (the machine's retry rule), for the key line. */
	readonly retryFrom?: string;
	readonly onRetry: () => void;
	readonly onBack: () => void;
	/**
	 * Rows available. The evidence, tell-apart commands and fix of some entries (F2, F5) run
	 * past 24 rows, so the body scrolls inside them (the app's key line stays below it).
	 * Without it the screen takes its natural height.
	 */
	readonly height?: number;
};

/** A command behind `$ `; a comment, or a line for a file (`+ line`, as a diff adds it), as it is. */
function shown(line: string): string {
	const l = fixLine(line);
	return l.kind === 'command' ? `$ ${l.text}` : line;
}

function Section({title, children}: {readonly title: string; readonly children: React.ReactNode}) {
	return (
		<Box flexDirection="column" marginTop={1}>
			<Text bold>{title}</Text>
			{children}
		</Box>
	);
}

export function DebugScreen({report, lesson, words, retryFrom, onRetry, onBack, height}: Props) {
	const say = (name: string, values?: Readonly<Record<string, string | number>>) =>
		wordsFor(words, name, values);
	const failed = failedCheck(report);
	const diagnosis = report.diagnosis;
	const ruledOut = report.checks.filter((c) => c.ok && !c.skipped);

	// Scrolling: the body is measured after each layout; the window is the rows left above the keys line.
	const body = useRef<DOMElement>(null);
	const [bodyRows, setBodyRows] = useState(0);
	const [offset, setOffset] = useState(0);
	const windowRows = height === undefined ? undefined : Math.max(height, 3);
	useEffect(() => {
		if (body.current) setBodyRows(measureElement(body.current).height);
	});
	const maxOffset = windowRows === undefined ? 0 : Math.max(bodyRows - windowRows, 0);
	const top = Math.min(offset, maxOffset);

	useInput((input, key) => {
		if (input === 'r') onRetry();
		else if (input === 'b' || key.escape) onBack();
		else if (key.downArrow) setOffset(Math.min(top + 1, maxOffset));
		else if (key.upArrow) setOffset(Math.max(top - 1, 0));
		else if (key.pageDown || input === ' ') setOffset(Math.min(top + (windowRows ?? 1) - 1, maxOffset));
		else if (key.pageUp) setOffset(Math.max(top - (windowRows ?? 1) + 1, 0));
	});

	useScreenHints(
		[
			['r', say('retry-from', {rung: retryFrom ?? failed?.id ?? say('the-start')})],
			['b', say('back')],
		],
		maxOffset > 0
			? [
					[
						'↑/↓',
						say('scroll', {from: top + 1, to: Math.min(top + (windowRows ?? 0), bodyRows), total: bodyRows}),
					],
				]
			: [],
	);

	const content = (
		<Box ref={body} flexDirection="column" flexShrink={0} marginTop={-top}>
			<Text bold color={theme.fail}>
				✗ {say('failed-at', {step: report.step, rung: failed?.id ?? '?'})}
				{diagnosis
					? diagnosis.id
						? ` — ${diagnosis.id}: ${lesson?.title ?? diagnosis.id}`
						: ` — ${lesson?.title ?? diagnosis.undecided ?? diagnosis.uncatalogued ?? ''}`
					: ''}
			</Text>
			{/* this run's cause sentence (which clock is off) before the lesson's general one */}
			{(diagnosis?.cause ?? lesson?.cause) ? <Text>{diagnosis?.cause ?? lesson?.cause}</Text> : null}
			{failed ? <Text dimColor>{failed.evidence}</Text> : null}
			{diagnosis ? (
				<>
					<Section title={say('evidence')}>
						{diagnosis.evidence.map((line) => (
							<Text key={`e-${line}`}>
								{'  • '}
								{line}
							</Text>
						))}
					</Section>
					{diagnosis.notObserved?.length ? (
						<Section title={say('not-observed')}>
							{diagnosis.notObserved.map((line) => (
								<Text key={`n-${line}`} dimColor>
									{'  – '}
									{line}
								</Text>
							))}
						</Section>
					) : null}
					{diagnosis.candidates?.length ? (
						<Section title={say('still-possible')}>
							{diagnosis.candidates.map((c) => (
								<Text key={`c-${c.id}`}>
									{'  ? '}
									{c.id}: {c.why}
								</Text>
							))}
						</Section>
					) : null}
					{diagnosis.decide ? (
						<Section title={say('decide-on', {host: diagnosis.decide.host})}>
							<Text color={theme.accent}>
								{'  $ '}
								{diagnosis.decide.command}
							</Text>
						</Section>
					) : null}
					<Section title={say('tell-apart')}>
						{ruledOut.map((c) => (
							<Text key={`ok-${c.id}`} color={theme.ok}>
								{'  ✔ '}
								{c.id}: <Text dimColor>{c.evidence}</Text>
							</Text>
						))}
						{lesson?.tellApart.map((line) => (
							<Text key={`t-${line}`}>
								{'  – '}
								{line}
							</Text>
						))}
						{(diagnosis.distinguishing ?? []).map((cmd) => (
							<Text
								key={`d-${cmd}`}
								color={fixLine(cmd).kind === 'comment' ? undefined : theme.accent}
								dimColor={fixLine(cmd).kind === 'comment'}
							>
								{`  ${shown(cmd)}`}
							</Text>
						))}
					</Section>
					{diagnosis.fix.length > 0 ? (
						<Section title={say('fix')}>
							{diagnosis.fix.map((cmd) => (
								<Text
									key={`f-${cmd}`}
									color={fixLine(cmd).kind === 'comment' ? undefined : theme.warn}
									dimColor={fixLine(cmd).kind === 'comment'}
								>
									{'  '}
									{shown(cmd)}
								</Text>
							))}
						</Section>
					) : null}
					{lesson?.lesson ? (
						<Section title={say('lesson')}>
							<Text>{lesson.lesson}</Text>
						</Section>
					) : null}
				</>
			) : (
				<Text>{say('no-entry')}</Text>
			)}
		</Box>
	);

	return windowRows === undefined ? (
		content
	) : (
		<Box flexDirection="column" height={windowRows} overflow="hidden">
			{content}
		</Box>
	);
}
