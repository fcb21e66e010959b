import {Box, Text, useInput} from 'ink';
import {type ComponentType, useEffect, useRef, useState} from 'react';
import type {LandmarkStep} from '../../steps/index.js';
import {CheckList, type CheckRow} from '../components/CheckList.js';
import {Markdown, markdownRows} from '../components/Markdown.js';
import type {LandmarkStatus} from '../core/machine.js';
import type {CheckResult, LandmarkReport} from '../core/types.js';
import {useLatest} from '../hooks/use-latest.js';

/** What a check run reports while it goes (the contract of src/checks/index.ts runLandmark). */
export type CheckProgress = {
	readonly checkId: string;
	readonly phase: 'start' | 'done';
	readonly result?: CheckResult;
};

/** Runs a landmark's checks; bound by the app to the ingredients, the system settings and a timeout. */
export type RunChecks = (
	step: LandmarkStep,
	options: {
		readonly signal: AbortSignal;
		readonly confirm: (command: string) => Promise<boolean>;
		readonly onProgress: (event: CheckProgress) => void;
		/** Start from this check; earlier ones keep their last result. */
		readonly from?: string;
	},
) => Promise<LandmarkReport>;

export type DebugViewProps = {
	readonly report: LandmarkReport;
	readonly onRetry: () => void;
	readonly onBack: () => void;
	/** Rows it may use; it scrolls inside them. */
	readonly height?: number;
};

export type Props = {
	readonly step: LandmarkStep;
	readonly lesson: string;
	readonly status: LandmarkStatus;
	/** The machine's attempt counter: every increase runs the checks again. */
	readonly attempt: number;
	/** Absent while src/checks/ is not available: the screen says so instead of pretending. */
	readonly run?: RunChecks;
	/** The debugging view for a failed report (src/screens/DebugScreen.tsx). */
	readonly DebugView?: ComponentType<DebugViewProps>;
	readonly now: () => number;
	readonly isActive: boolean;
	readonly width: number;
	readonly height: number;
	/** Ask the machine to run (again): it bumps `attempt`. */
	readonly onRun: () => void;
	readonly onFinished: (ok: boolean) => void;
	readonly onContinue: () => void;
	/** The debug view is showing (the app leaves `r`/`b` to it). */
	readonly onDebugShown?: (shown: boolean) => void;
};

type Confirm = {readonly command: string; readonly resolve: (ok: boolean) => void};

/** Landmarks 2–5: the lesson, the checks from steps/, a live run, and the debug view on failure. */
export function LandmarkScreen(props: Props) {
	const {step, attempt, run} = props;
	const [rows, setRows] = useState<Record<string, CheckRow>>({});
	const [report, setReport] = useState<LandmarkReport | null>(null);
	const [running, setRunning] = useState(false);
	const [error, setError] = useState<string | null>(null);
	const [confirm, setConfirm] = useState<Confirm | null>(null);
	const [showDebug, setShowDebug] = useState(false);
	const [lessonOpen, setLessonOpen] = useState(false);
	const [lessonOffset, setLessonOffset] = useState(0);
	const [clock, setClock] = useState(props.now());
	const finished = useRef(props.onFinished);
	finished.current = props.onFinished;
	// Set by the debug view's Retry: the next run starts at the failed check.
	const retryFrom = useRef<string | undefined>(undefined);

	// biome-ignore lint/correctness/useExhaustiveDependencies: one run per attempt
	useEffect(() => {
		if (attempt === 0 || !run) return;
		const controller = new AbortController();
		const from = retryFrom.current;
		retryFrom.current = undefined;
		const keep = from
			? step.checks
					.slice(
						0,
						Math.max(
							step.checks.findIndex((c) => c.id === from),
							0,
						),
					)
					.map((c) => c.id)
			: [];
		setRows((current) => Object.fromEntries(Object.entries(current).filter(([id]) => keep.includes(id))));
		setReport(null);
		setError(null);
		setShowDebug(false);
		setRunning(true);
		run(step, {
			...(from ? {from} : {}),
			signal: controller.signal,
			confirm: (command) => new Promise<boolean>((resolve) => setConfirm({command, resolve})),
			onProgress: (event) => {
				if (controller.signal.aborted) return;
				// Read the clock now: an updater runs later, at render time.
				const row: CheckRow =
					event.phase === 'start' || !event.result
						? {phase: 'running', startedAt: props.now()}
						: {phase: 'done', result: event.result};
				setRows((current) => ({...current, [event.checkId]: row}));
			},
		}).then(
			(result) => {
				if (controller.signal.aborted) return;
				setRunning(false);
				setReport(result);
				setRows((current) => ({
					...current,
					...Object.fromEntries(result.checks.map((c) => [c.id, {phase: 'done', result: c} as CheckRow])),
				}));
				setShowDebug(!result.ok);
				finished.current(result.ok);
			},
			(failure: unknown) => {
				if (controller.signal.aborted) return;
				setRunning(false);
				setError(failure instanceof Error ? failure.message : String(failure));
				finished.current(false);
			},
		);
		return () => controller.abort();
	}, [attempt, run, step]);

	// Elapsed time per running check: tick only while something runs.
	useEffect(() => {
		if (!running) return;
		const timer = setInterval(() => setClock(props.now()), 100);
		return () => clearInterval(timer);
	}, [running, props.now]);

	const debugShown = showDebug && report !== null && !report.ok && props.DebugView !== undefined;
	const onDebugShown = props.onDebugShown;
	useEffect(() => onDebugShown?.(debugShown), [debugShown, onDebugShown]);

	const latest = useLatest({confirm, lessonOpen, report, running, status: props.status, run});
	useInput(
		(input, key) => {
			const {confirm, lessonOpen, report, running, status, run} = latest.current;
			if (confirm) {
				if (input === 'y' || input === 'n') {
					confirm.resolve(input === 'y');
					setConfirm(null);
				}
				return;
			}
			if (input === 'l') return setLessonOpen((open) => !open);
			if (lessonOpen) {
				if (key.escape) setLessonOpen(false);
				if (key.downArrow || key.pageDown || input === ' ')
					setLessonOffset((o) => o + (key.downArrow ? 1 : 10));
				if (key.upArrow || key.pageUp) setLessonOffset((o) => Math.max(o - (key.upArrow ? 1 : 10), 0));
				return;
			}
			if (input === 'd' && report && !report.ok) return setShowDebug((shown) => !shown);
			if (key.return && !running) {
				if (status.state === 'passed' && report?.ok !== false) return props.onContinue();
				if (run) return props.onRun();
			}
		},
		{isActive: props.isActive && !debugShown},
	);

	if (debugShown && report && props.DebugView) {
		const DebugView = props.DebugView;
		const retry = () => {
			retryFrom.current = report.checks.find((c) => !c.ok && !c.skipped)?.id;
			props.onRun();
		};
		return (
			<DebugView report={report} onRetry={retry} onBack={() => setShowDebug(false)} height={props.height} />
		);
	}

	const header = (
		<Text bold color="cyan">
			Landmark {step.number}: {step.title}
		</Text>
	);
	if (lessonOpen) {
		const total = markdownRows(props.lesson, props.width).length;
		const height = Math.max(props.height - 1, 3);
		const offset = Math.min(lessonOffset, Math.max(total - height, 0));
		return (
			<Box flexDirection="column" height={props.height} overflow="hidden">
				<Markdown source={props.lesson} width={props.width} height={height} offset={offset} />
				<Text dimColor>
					{total > height
						? `↑/↓ scroll (${offset + 1}–${Math.min(offset + height, total)} of ${total}) · `
						: ''}
					l or Esc back to the checks
				</Text>
			</Box>
		);
	}
	const wide = props.width >= 120;
	// Wide: checks on the left, the lesson in a right-hand column. Narrow: checks, then the lesson
	// in what height is left.
	const lessonWidth = wide ? Math.min(64, Math.floor(props.width * 0.4)) : props.width;
	const checksWidth = wide ? props.width - lessonWidth - 2 : props.width;
	// Rows the checks take now: one each, plus an evidence line for each finished one, plus the outcome.
	const evidenceRows = Object.values(rows).filter((r) => r.phase === 'done' && r.result.evidence).length;
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
	return (
		<Box flexDirection="column" height={props.height} overflow="hidden">
			{header}
			<Box flexDirection={wide ? 'row' : 'column'}>
				<Box flexDirection="column" width={checksWidth} flexShrink={0}>
					<CheckList checks={step.checks} rows={rows} now={clock} width={checksWidth} />
					<Box marginTop={1} flexDirection="column" flexShrink={0}>
						<Outcome {...props} running={running} report={report} error={error} confirm={confirm} />
					</Box>
					{wide ? null : <Box marginTop={1}>{lessonBox}</Box>}
				</Box>
				{wide ? lessonBox : null}
			</Box>
		</Box>
	);
}

function Outcome(
	props: Props & {
		readonly running: boolean;
		readonly report: LandmarkReport | null;
		readonly error: string | null;
		readonly confirm: Confirm | null;
	},
) {
	if (!props.run) {
		return (
			<Text color="yellow">
				Checks are not available in this build yet (src/checks/ is missing): nothing was verified. s skips
				ahead (the landmark stays unverified).
			</Text>
		);
	}
	if (props.confirm) {
		return (
			<Text>
				<Text bold>Run </Text>
				<Text color="cyan">{props.confirm.command}</Text>
				<Text bold> now? y/n</Text>
			</Text>
		);
	}
	if (props.running) return <Text dimColor>Checking… (Ctrl-C quits)</Text>;
	if (props.error) return <Text color="red">✗ The checks could not run: {props.error}</Text>;
	if (props.report?.ok) {
		return <Text color="green">✓ Landmark {props.step.number} verified. Enter to continue.</Text>;
	}
	if (props.report) {
		const diagnosis = props.report.diagnosis;
		return (
			<Box flexDirection="column">
				<Text color="red">
					✗ Landmark {props.step.number} failed
					{diagnosis ? `: ${diagnosis.id} ${diagnosis.title}` : ''}
				</Text>
				{diagnosis && !props.DebugView
					? diagnosis.fix.map((line) => (
							<Text key={line} wrap="truncate">
								{'  → '}
								{line}
							</Text>
						))
					: null}
				<Text dimColor>{props.DebugView ? 'd shows the diagnosis · ' : ''}r retries</Text>
			</Box>
		);
	}
	if (props.status.state !== 'not-started') {
		return <Text dimColor>Last result: {props.status.state}. Enter runs the checks again.</Text>;
	}
	return <Text>Enter runs the checks.</Text>;
}

/** The lesson's opening (before its `## Checks`), enough for the side panel; `l` opens it all. */
function lessonIntro(lesson: string, wide: boolean): string {
	if (wide) return lesson;
	const cut = lesson.indexOf('\n## ');
	return cut < 0 ? lesson : lesson.slice(0, cut);
}
