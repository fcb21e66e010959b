/**
 * The debugging view for a failed landmark: the cause in one sentence, the evidence the checks
 * saw, what was already ruled out (the rungs that passed) and the commands that tell it apart on
 * other hosts, the fix as exact commands, and the lesson. Words come from content/debug/F<n>.md
 * (a trainer edits those, not this file); evidence and fix come from src/core/diagnose.ts.
 * Keys: r retries from the failed check, b goes back to the checks, ↑/↓ PgUp/PgDn scroll.
 */
import {Box, type DOMElement, measureElement, Text, useInput} from 'ink';
import {useEffect, useMemo, useRef, useState} from 'react';
import {contentSection, readContent} from '../content.js';
import {catalogueEntry} from '../core/catalogue.js';
import type {LandmarkReport} from '../core/types.js';

export type Props = {
	readonly report: LandmarkReport;
	readonly onRetry: () => void;
	readonly onBack: () => void;
	/**
	 * Rows available. The evidence, tell-apart commands and fix of some entries (F2, F5) run
	 * past 24 rows, so the body scrolls inside them and the keys line always stays visible.
	 * Without it the screen takes its natural height.
	 */
	readonly height?: number;
};

/** The parts of a content/debug lesson the screen shows. */
export type DebugLesson = {
	readonly title: string;
	readonly cause: string;
	readonly tellApart: readonly string[];
	readonly lesson: string;
};

const stripMarkdown = (text: string) => text.replace(/`([^`]*)`/g, '$1').replace(/\*([^*]+)\*/g, '$1');

/** Reads content/debug/F<n>.md; a missing lesson degrades to the catalogue title. */
export function loadDebugLesson(id: string): DebugLesson {
	let markdown = '';
	try {
		markdown = readContent(`debug/${id}`);
	} catch {
		markdown = '';
	}
	const title = /^# (.+)$/m.exec(markdown)?.[1] ?? safeTitle(id);
	const cause = markdown.split('\n\n')[1]?.trim() ?? '';
	const body = (heading: string) =>
		(contentSection(markdown, heading) ?? '').split('\n').slice(1).join('\n').trim();
	const tellApart = body('Tell it apart')
		.split('\n')
		.filter((l) => l.startsWith('- '))
		.map((l) => stripMarkdown(l.slice(2)));
	return {
		title,
		cause: stripMarkdown(cause),
		tellApart,
		lesson: stripMarkdown(body('Lesson').replace(/\n/g, ' ')),
	};
}

function safeTitle(id: string): string {
	try {
		return catalogueEntry(id).title;
	} catch {
		return id;
	}
}

function Section({title, children}: {readonly title: string; readonly children: React.ReactNode}) {
	return (
		<Box flexDirection="column" marginTop={1}>
			<Text bold>{title}</Text>
			{children}
		</Box>
	);
}

export function DebugScreen({report, onRetry, onBack, height}: Props) {
	const failed = report.checks.find((c) => !c.ok && !c.skipped);
	const diagnosis = report.diagnosis;
	const lesson = useMemo(() => (diagnosis ? loadDebugLesson(diagnosis.id) : undefined), [diagnosis]);
	const ruledOut = report.checks.filter((c) => c.ok && !c.skipped);

	// Scrolling: the body is measured after each layout; the window is the rows left above the keys line.
	const body = useRef<DOMElement>(null);
	const [bodyRows, setBodyRows] = useState(0);
	const [offset, setOffset] = useState(0);
	const windowRows = height === undefined ? undefined : Math.max(height - 2, 3);
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

	const content = (
		<Box ref={body} flexDirection="column" flexShrink={0} marginTop={-top}>
			<Text bold color="red">
				✗ Landmark {report.step} failed at {failed?.id ?? '?'}
				{diagnosis ? ` — ${diagnosis.id}: ${lesson?.title ?? diagnosis.title}` : ''}
			</Text>
			{lesson?.cause ? <Text>{lesson.cause}</Text> : null}
			{failed ? <Text dimColor>{failed.evidence}</Text> : null}
			{diagnosis ? (
				<>
					<Section title="Evidence">
						{diagnosis.evidence.map((line) => (
							<Text key={`e-${line}`}>
								{'  • '}
								{line}
							</Text>
						))}
					</Section>
					<Section title="Tell it apart">
						{ruledOut.map((c) => (
							<Text key={`ok-${c.id}`} color="green">
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
								color={cmd.startsWith('#') ? undefined : 'cyan'}
								dimColor={cmd.startsWith('#')}
							>
								{cmd.startsWith('#') ? `  ${cmd}` : `  $ ${cmd}`}
							</Text>
						))}
					</Section>
					<Section title="Fix">
						{diagnosis.fix.map((cmd) => (
							<Text
								key={`f-${cmd}`}
								color={cmd.startsWith('#') ? undefined : 'yellow'}
								dimColor={cmd.startsWith('#')}
							>
								{'  '}
								{cmd.startsWith('#') ? cmd : `$ ${cmd}`}
							</Text>
						))}
					</Section>
					{lesson?.lesson ? (
						<Section title="Lesson">
							<Text>{lesson.lesson}</Text>
						</Section>
					) : null}
				</>
			) : (
				<Text>No catalogue entry matched this evidence; the check's own words are above.</Text>
			)}
		</Box>
	);

	return (
		<Box flexDirection="column" {...(height === undefined ? {} : {height})}>
			{windowRows === undefined ? (
				content
			) : (
				<Box flexDirection="column" height={windowRows} overflow="hidden">
					{content}
				</Box>
			)}
			<Box marginTop={1}>
				<Text>
					<Text bold>r</Text>
					<Text dimColor> retry from {failed?.id ?? 'the start'} · </Text>
					<Text bold>b</Text>
					<Text dimColor> back to the checks</Text>
					{maxOffset > 0 ? (
						<Text dimColor>
							{' '}
							· ↑/↓ scroll ({top + 1}–{Math.min(top + (windowRows ?? 0), bodyRows)} of {bodyRows})
						</Text>
					) : null}
				</Text>
			</Box>
		</Box>
	);
}
