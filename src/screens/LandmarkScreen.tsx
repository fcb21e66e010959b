import {Box, Text} from 'ink';
import {type ComponentType, useEffect, useState} from 'react';
import type {LandmarkStep} from '../../steps/index.js';
import {CHECK_TICK_MS, CheckList, warmCheckGlyphs} from '../components/CheckList.js';
import {LessonPager} from '../components/LessonPager.js';
import {Markdown} from '../components/Markdown.js';
import {type CheckRunState, failedCheck} from '../core/check-run.js';
import {wordsFor} from '../core/content-words.js';
import type {DebugLesson} from '../core/debug-lesson.js';
import {type FailedRun, type LandmarkStatus, retryStart} from '../core/machine.js';
import {diagnosisLesson} from '../core/types.js';
import {type RunChecks, useCheckRun, useCheckRunKeys} from '../hooks/use-check-run.js';
import {theme} from '../theme.js';
import type {Props as DebugScreenProps} from './DebugScreen.js';

export type {RunChecks} from '../hooks/use-check-run.js';

/** What the debugging view takes (src/screens/DebugScreen.tsx, injected as DebugView). */
export type DebugViewProps = DebugScreenProps;

export type Props = {
	readonly step: LandmarkStep;
	readonly lesson: string;
	/** content/debug/<id>.md of a diagnosis, parsed (the app binds it to readContent). */
	readonly debugLesson: (id: string) => DebugLesson;
	/** content/debug-view.md, for the debugging view's labels. */
	readonly debugWords: string;
	/** content/landmark.md: this screen's own words. */
	readonly words: string;
	readonly status: LandmarkStatus;
	/** The machine's attempt counter: every increase runs the checks again. */
	readonly attempt: number;
	/** The rung this attempt starts at (the machine's retry rule); null: the whole ladder. */
	readonly retryFrom: string | null;
	readonly run: RunChecks;
	/** The debugging view for a failed report (src/screens/DebugScreen.tsx). */
	readonly DebugView?: ComponentType<DebugViewProps>;
	readonly now: () => number;
	readonly isActive: boolean;
	readonly width: number;
	readonly height: number;
	/** Ask the machine to run (again): it bumps `attempt`; `after` a failure, Retry's rule applies. */
	readonly onRun: (after?: FailedRun) => void;
	readonly onFinished: (ok: boolean) => void;
	readonly onContinue: () => void;
	/** The debug view is showing (the app leaves `r`/`b` to it). */
	readonly onDebugShown?: (shown: boolean) => void;
};

/** After the screen's first frame is out (the warm-up must not delay it). */
const GLYPH_WARM_DELAY_MS = 30;

/** Landmarks 2–5: the lesson, the checks from steps/, a live run, and the debug view on failure. */
export function LandmarkScreen(props: Props) {
	const {step} = props;
	const {state, dispatch, respond} = useCheckRun({
		step,
		attempt: props.attempt,
		from: props.retryFrom,
		run: props.run,
		now: props.now,
		onFinished: props.onFinished,
	});
	const [lessonOpen, setLessonOpen] = useState(false);
	const running = state.status === 'running';
	const {report} = state;

	// Before the user runs the checks: what their frames will draw, measured while the screen is idle.
	useEffect(() => {
		const timer = setTimeout(warmCheckGlyphs, GLYPH_WARM_DELAY_MS);
		return () => clearTimeout(timer);
	}, []);

	// Elapsed time per running check: tick only while something runs.
	const [clock, setClock] = useState(props.now());
	useEffect(() => {
		if (!running) return;
		const timer = setInterval(() => setClock(props.now()), CHECK_TICK_MS);
		return () => clearInterval(timer);
	}, [running, props.now]);

	const failed = report && !report.ok ? failedCheck(report) : undefined;
	const after: FailedRun | undefined = failed
		? {failedCheck: failed.id, ...(report?.diagnosis ? {diagnosis: diagnosisLesson(report.diagnosis)} : {})}
		: undefined;
	const debugShown = state.debugOpen && report !== null && !report.ok && props.DebugView !== undefined;
	const onDebugShown = props.onDebugShown;
	useEffect(() => onDebugShown?.(debugShown), [debugShown, onDebugShown]);

	useCheckRunKeys(
		{
			confirming: state.confirm !== null,
			canToggleDebug: report !== null && !report.ok,
			respond,
			toggleDebug: () => dispatch({type: 'toggle-debug'}),
			openLesson: () => setLessonOpen(true),
			enter: () => {
				if (running) return;
				if (props.status.state === 'passed' && report?.ok !== false) return props.onContinue();
				props.onRun();
			},
		},
		props.isActive && !debugShown && !lessonOpen,
	);

	if (debugShown && report && props.DebugView) {
		const DebugView = props.DebugView;
		const diagnosis = report.diagnosis;
		return (
			<DebugView
				report={report}
				words={props.debugWords}
				{...(diagnosis ? {lesson: props.debugLesson(diagnosisLesson(diagnosis))} : {})}
				{...(after ? {retryFrom: retryStart(step, after)} : {})}
				onRetry={() => props.onRun(after)}
				onBack={() => dispatch({type: 'close-debug'})}
				height={props.height}
			/>
		);
	}
	if (lessonOpen) {
		return (
			<LessonPager
				lesson={props.lesson}
				width={props.width}
				height={props.height}
				isActive={props.isActive}
				onClose={() => setLessonOpen(false)}
			/>
		);
	}

	const wide = props.width >= 120;
	// Wide: checks on the left, the lesson in a right-hand column. Narrow: checks, then the lesson
	// in what height is left.
	const lessonWidth = wide ? Math.min(64, Math.floor(props.width * 0.4)) : props.width;
	const checksWidth = wide ? props.width - lessonWidth - 2 : props.width;
	// Rows the checks take now: one each, plus an evidence line for each finished one, plus the outcome.
	const evidenceRows = Object.values(state.rows).filter(
		(r) => r.phase === 'done' && r.result.evidence,
	).length;
	const checksHeight = step.checks.length + evidenceRows + 4;
	const lessonHeight = wide ? props.height - 1 : Math.max(props.height - checksHeight - 1, 0);
	const lessonBox =
		lessonHeight >= 3 ? (
			<Box
				width={lessonWidth}
				height={lessonHeight}
				overflow="hidden"
				flexShrink={0}
				marginLeft={wide ? 2 : 0}
			>
				<Markdown source={lessonIntro(props.lesson, wide)} width={lessonWidth} height={lessonHeight} />
			</Box>
		) : null;
	const diagnosisTitle = report?.diagnosis
		? props.debugLesson(diagnosisLesson(report.diagnosis)).title
		: undefined;
	return (
		<Box flexDirection="column" height={props.height} overflow="hidden">
			<Text bold color={theme.accent}>
				{wordsFor(props.words, 'heading', {number: step.number, title: step.title})}
			</Text>
			<Box flexDirection={wide ? 'row' : 'column'}>
				<Box flexDirection="column" width={checksWidth} flexShrink={0}>
					<CheckList checks={step.checks} rows={state.rows} now={clock} width={checksWidth} />
					<Box marginTop={1} flexDirection="column" flexShrink={0}>
						<Outcome
							words={props.words}
							step={step}
							status={props.status}
							run={state}
							diagnosisTitle={diagnosisTitle}
							hasDebugView={props.DebugView !== undefined}
						/>
					</Box>
					{wide ? null : <Box marginTop={1}>{lessonBox}</Box>}
				</Box>
				{wide ? lessonBox : null}
			</Box>
		</Box>
	);
}

/** content/landmark.md */
export const LANDMARK_CONTENT = 'landmark';

/** The sections of content/landmark.md this screen reads (test/steps-content.test.ts keeps them present). */
export const LANDMARK_SCREEN_SECTIONS = [
	'heading',
	'confirm-run',
	'confirm-now',
	'running',
	'crashed',
	'verified',
	'failed',
	'not-decided',
	'show-diagnosis',
	'retries',
	'last-result',
	'state-passed',
	'state-failed',
	'state-skipped',
	'start',
] as const;

function Outcome({
	words,
	step,
	status,
	run,
	diagnosisTitle,
	hasDebugView,
}: {
	readonly words: string;
	readonly step: LandmarkStep;
	readonly status: LandmarkStatus;
	readonly run: CheckRunState;
	readonly diagnosisTitle: string | undefined;
	readonly hasDebugView: boolean;
}) {
	const say = (
		name: (typeof LANDMARK_SCREEN_SECTIONS)[number],
		values: Record<string, string | number> = {},
	) => wordsFor(words, name, values);
	if (run.confirm) {
		return (
			<Text>
				<Text bold>{say('confirm-run')} </Text>
				<Text color={theme.accent}>{run.confirm}</Text>
				<Text bold> {say('confirm-now')}</Text>
			</Text>
		);
	}
	if (run.status === 'running') return <Text dimColor>{say('running')}</Text>;
	if (run.status === 'crashed')
		return <Text color={theme.fail}>✗ {say('crashed', {error: run.error ?? ''})}</Text>;
	if (run.report?.ok) {
		return <Text color={theme.ok}>✓ {say('verified', {number: step.number})}</Text>;
	}
	if (run.report) {
		const diagnosis = run.report.diagnosis;
		// an uncatalogued cause (no mco here) is decided: its title alone, never "not decided"
		const verdict = diagnosis
			? [diagnosis.id ?? (diagnosis.uncatalogued ? undefined : say('not-decided')), diagnosisTitle]
					.filter(Boolean)
					.join(' ')
			: '';
		return (
			<Box flexDirection="column">
				<Text color={theme.fail}>
					✗ {say('failed', {number: step.number})}
					{verdict ? `: ${verdict}` : ''}
				</Text>
				{diagnosis && !hasDebugView
					? diagnosis.fix.map((line) => (
							<Text key={line} wrap="truncate">
								{'  → '}
								{line}
							</Text>
						))
					: null}
				<Text dimColor>
					{hasDebugView ? `${say('show-diagnosis')} ` : ''}
					{say('retries')}
				</Text>
			</Box>
		);
	}
	if (status.state !== 'not-started') {
		return <Text dimColor>{say('last-result', {state: say(`state-${status.state}`)})}</Text>;
	}
	return <Text>{say('start')}</Text>;
}

/** The lesson's opening (before its `## Checks`), enough for the side panel; `l` opens it all. */
function lessonIntro(lesson: string, wide: boolean): string {
	if (wide) return lesson;
	const cut = lesson.indexOf('\n## ');
	return cut < 0 ? lesson : lesson.slice(0, cut);
}
