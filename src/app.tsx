/**
 * The wizard: owns the state machine (through useWizard), maps the current landmark's screen to a
 * component, and handles the keys that work everywhere. Every side effect arrives through `deps`,
 * so tests render the same App with temp dirs and fakes, and src/commands/wizard.tsx wires the real io.
 */
import {Box, Text, useApp, useInput, useStdin} from 'ink';
import {type ComponentType, type ReactNode, useCallback, useEffect, useMemo, useRef, useState} from 'react';
import {LANDMARK_STEPS, type LandmarkStep} from '../steps/index.js';
import type {ProgressEvent} from './checks/types.js';
import {type Hint, KeyHintsFrame} from './components/KeyHints.js';
import {ProgressMap} from './components/ProgressMap.js';
import {debugLessonFor} from './core/debug-lesson.js';
import {
	completeIngredients,
	type IngredientKey,
	isSecretField,
	validateIngredients,
} from './core/ingredients.js';
import {currentScreen, currentStep, type WizardState} from './core/machine.js';
import type {Ingredients, LandmarkReport} from './core/types.js';
import {useLatest} from './hooks/use-latest.js';
import {useTerminalSize} from './hooks/use-terminal-size.js';
import {type Persist, useWizard} from './hooks/use-wizard.js';
import {DoneScreen, QuitScreen} from './screens/DoneScreen.js';
import {IngredientsScreen, type PlatformGuess} from './screens/IngredientsScreen.js';
import {type DebugViewProps, LandmarkScreen, type RunChecks} from './screens/LandmarkScreen.js';
import {type PlannedFile, WriteConfigScreen, type WrittenFile} from './screens/WriteConfigScreen.js';
import {theme} from './theme.js';

export type AppDeps<P extends PlannedFile = PlannedFile> = {
	/** content/<id>.md */
	readonly readContent: (id: string) => string;
	readonly now: () => number;
	/** Renders client.cfg and server.cfg for these ingredients and diffs them against the disk. */
	readonly planConfigs: (ingredients: Ingredients) => Promise<readonly P[]>;
	readonly applyConfigs: (files: readonly P[]) => Promise<readonly WrittenFile[]>;
	/** src/checks runLandmark bound to system settings and a timeout. */
	readonly runChecks: (
		step: LandmarkStep,
		ingredients: Ingredients,
		options: {
			readonly signal: AbortSignal;
			readonly confirm: (command: string) => Promise<boolean>;
			readonly onProgress: (event: ProgressEvent) => void;
			/** Re-run from this check (Retry after a failure), not from the top. */
			readonly from?: string;
		},
	) => Promise<LandmarkReport>;
	readonly DebugView?: ComponentType<DebugViewProps>;
	readonly persist: Persist;
};

export type Props<P extends PlannedFile = PlannedFile> = {
	readonly deps: AppDeps<P>;
	readonly initial: WizardState;
	readonly ingredients: Partial<Ingredients>;
	/** Known from saved progress; undefined: ask after the configs are written. */
	readonly saveSecrets?: boolean;
	readonly dryRun: boolean;
	readonly progressPath: string;
	/** A message for the first screen (e.g. "the progress file was unreadable, kept aside as ..."). */
	readonly notice?: string;
	/** The platform guessed from this host, shown beside the Platform field. */
	readonly detected?: PlatformGuess;
};

/** Only the fields the checks still need (e.g. secrets that were not saved). */
function missingKeys(ingredients: Partial<Ingredients>): IngredientKey[] {
	return Object.keys(validateIngredients(ingredients)) as IngredientKey[];
}

export function App<P extends PlannedFile>({
	deps,
	initial,
	dryRun,
	progressPath,
	notice,
	detected,
	...props
}: Props<P>) {
	const {exit} = useApp();
	const {isRawModeSupported} = useStdin();
	const {columns, rows} = useTerminalSize();
	const wizard = useWizard(initial, props.ingredients, deps.persist, props.saveSecrets);
	const {state, dispatch, ingredients} = wizard;
	const [mapIndex, setMapIndex] = useState(0);
	const [debugShown, setDebugShown] = useState(false);
	// The start-up notice (damaged progress file, answers-file problems) stays until the user moves on.
	const [noticeVisible, setNoticeVisible] = useState(true);
	const firstPosition = useRef(`${initial.current}/${initial.screen}`);
	useEffect(() => {
		if (`${state.current}/${state.screen}` !== firstPosition.current) setNoticeVisible(false);
	}, [state.current, state.screen]);
	const [quitNote, setQuitNote] = useState<{saved: boolean; error?: string} | null>(null);
	const step = currentStep(state);
	const screen = currentScreen(state);
	const missing = useMemo(() => missingKeys(ingredients), [ingredients]);
	// Landmarks 2–5 need complete ingredients; when they are not (secrets not saved, --step on a fresh
	// start) the form asks for just what is missing before the checks.
	const gate = screen === 'checks' && missing.length > 0;
	const typing = screen === 'ingredients-form' || gate;

	// Quit: wait for the last progress write, leave a final frame, then let Ink restore the terminal.
	// biome-ignore lint/correctness/useExhaustiveDependencies: once, when quitting starts
	useEffect(() => {
		if (!state.quitting) return;
		wizard.flush().then((error) => setQuitNote(error === null ? {saved: true} : {saved: false, error}));
	}, [state.quitting]);
	useEffect(() => {
		if (quitNote) setTimeout(() => exit(), 0);
	}, [quitNote, exit]);

	// Keys read the latest render through a ref: Ink re-binds handlers only after React's passive
	// effects run, and a fast typist (or a paste) can send the next key before that.
	const latest = useLatest({state, mapIndex, typing, debugShown, screen});
	useInput(
		(input, key) => {
			const {state, mapIndex, typing, debugShown, screen} = latest.current;
			if (key.ctrl && input === 'c') return dispatch({type: 'quit'});
			if (state.mapOpen) {
				if (key.upArrow) return setMapIndex((i) => Math.max(i - 1, 0));
				if (key.downArrow) return setMapIndex((i) => Math.min(i + 1, LANDMARK_STEPS.length - 1));
				const target = LANDMARK_STEPS[mapIndex];
				if (key.return && target) return dispatch({type: 'goto', landmark: target.id});
				if (key.escape || input === 'm') return dispatch({type: 'toggle-map'});
				if (input === 'q') return dispatch({type: 'quit'});
				return;
			}
			if (state.pendingSkip) {
				if (input === 's') return dispatch({type: 'skip', at: deps.now()});
				return dispatch({type: 'cancel'});
			}
			if (typing) return; // the form owns letters; Esc there opens the map
			if (key.escape) return dispatch({type: 'cancel'});
			if (input === 'm') return openMap();
			if (input === 'q') return dispatch({type: 'quit'});
			if (input === 's') return dispatch({type: 'skip', at: deps.now()});
			if (debugShown) return; // the debug view owns r and b
			if (input === 'b') return dispatch({type: 'back'});
			if (input === 'r' && screen === 'checks') return dispatch({type: 'retry'});
		},
		{isActive: isRawModeSupported === true && !state.quitting},
	);

	function openMap() {
		const here = LANDMARK_STEPS.findIndex((s) => s.id === latest.current.state.current);
		setMapIndex(Math.max(here, 0));
		dispatch({type: 'toggle-map'});
	}

	// Undefined until the ingredients are complete (the gate form asks for the rest first).
	const run: RunChecks | undefined = useMemo(() => {
		const runChecks = deps.runChecks;
		const complete = completeIngredients(ingredients);
		if (!complete) return undefined;
		return (s, options) => runChecks(s, complete, options);
	}, [deps.runChecks, ingredients]);
	const debugLesson = useCallback((id: string) => debugLessonFor(id, deps.readContent), [deps.readContent]);
	const onFinished = useCallback(
		(ok: boolean) => dispatch({type: 'checks-finished', ok, at: deps.now()}),
		[deps, dispatch],
	);

	if (quitNote) {
		const resumeAt = state.current === 'done' ? '' : ` (or --step ${state.current})`;
		return (
			<QuitScreen
				progressPath={progressPath}
				saved={quitNote.saved}
				{...(quitNote.error ? {error: quitNote.error} : {})}
				resumeHint={`mco-wizard${resumeAt}`}
			/>
		);
	}

	const warnings = [
		noticeVisible ? notice : undefined,
		state.warning,
		wizard.saveError ? `Progress not saved: ${wizard.saveError}` : null,
	].filter((w): w is string => Boolean(w));
	// Warnings wrap (they matter more than layout); count the rows they take.
	const warningRows = warnings.reduce((n, w) => n + Math.ceil((w.length + 2) / Math.max(columns, 20)), 0);
	const bodyHeight = Math.max(rows - 3 - warningRows, 5);
	const active = !state.mapOpen && !state.pendingSkip && !state.quitting && isRawModeSupported === true;
	const lesson = step ? deps.readContent(step.content) : '';
	const secrets = (['topicPassword', 'adminPassword', 'psk'] as const)
		.map((k) => ingredients[k])
		.filter((s): s is string => typeof s === 'string');

	// Stays null only on the checks screen before the ingredients are complete, where `gate` shows the form.
	let body: ReactNode = null;
	if (!step) {
		body = <DoneScreen steps={LANDMARK_STEPS} statuses={state.statuses} now={deps.now()} />;
	} else if (screen === 'ingredients-form' || gate) {
		const onlySecrets = gate && missing.every((k) => isSecretField(k));
		body = (
			<IngredientsScreen
				key={`${state.current}-${gate ? 'gate' : 'form'}`}
				initial={ingredients}
				{...(gate ? {keys: missing, allowGenerate: false} : {})}
				title={
					gate
						? `Landmark ${step.number} (${step.title}) needs ${onlySecrets ? 'the secrets again' : 'these ingredients first'}`
						: 'Landmark 1: Ingredients'
				}
				intro={
					gate && onlySecrets
						? 'They were not saved in the progress file: type the values written to client.cfg/server.cfg.'
						: 'Type each value; ↑/↓ move, Enter on the last field continues.'
				}
				lesson={deps.readContent('ingredients')}
				{...(detected ? {detected} : {})}
				isActive={active}
				width={columns}
				height={bodyHeight}
				onSubmit={(values) => {
					wizard.setIngredients((current) => ({...current, ...values}));
					if (!gate) dispatch({type: 'screen-done', at: deps.now()});
				}}
				onEscape={openMap}
			/>
		);
	} else if (screen === 'write-config') {
		const complete = completeIngredients(ingredients);
		body = complete ? (
			<WriteConfigScreen
				key={`write-${state.attempt}`}
				plan={() => deps.planConfigs(complete)}
				apply={deps.applyConfigs}
				secrets={secrets}
				dryRun={dryRun}
				askSaveSecrets={wizard.saveSecrets === undefined}
				progressPath={progressPath}
				onSaveSecrets={wizard.setSaveSecrets}
				onWritten={() => {
					// Files on disk are landmark 1's proof: record it now, so quitting here resumes at 2.
					if (!dryRun) dispatch({type: 'landmark-passed', at: deps.now()});
				}}
				onDone={() => dispatch({type: 'screen-done', at: deps.now(), verified: !dryRun})}
				isActive={active}
				height={bodyHeight}
			/>
		) : (
			<Text color={theme.fail}>The ingredients are incomplete; press b to go back to the form.</Text>
		);
	} else if (run) {
		body = (
			<LandmarkScreen
				key={step.id}
				step={step}
				lesson={lesson}
				debugLesson={debugLesson}
				status={state.statuses[step.id]}
				attempt={state.attempt}
				retryFrom={state.retryFrom}
				run={run}
				{...(deps.DebugView ? {DebugView: deps.DebugView} : {})}
				now={deps.now}
				isActive={active}
				width={columns}
				height={bodyHeight}
				onRun={(after) => dispatch(after ? {type: 'retry', after} : {type: 'retry'})}
				onFinished={onFinished}
				onContinue={() => dispatch({type: 'continue'})}
				onDebugShown={setDebugShown}
			/>
		);
	}

	return (
		<Box flexDirection="column" width={columns} height={Math.max(rows - 1, 8)} overflow="hidden">
			<Box>
				{columns >= 92 ? <Text bold>mco-wizard </Text> : null}
				<ProgressMap
					steps={LANDMARK_STEPS}
					statuses={state.statuses}
					current={state.current}
					compact
					columns={columns}
				/>
				{dryRun ? <Text color={theme.warn}> [dry run]</Text> : null}
			</Box>
			{warnings.map((w) => (
				<Text key={w} color={theme.warn}>
					⚠ {w}
				</Text>
			))}
			<KeyHintsFrame
				hints={hintsFor({
					typing,
					gate,
					mapOpen: state.mapOpen,
					screen,
					pendingSkip: state.pendingSkip,
					debugShown,
				})}
				always={GLOBAL_HINTS}
				screenHints={!state.mapOpen && !state.pendingSkip}
			>
				{state.mapOpen ? (
					<Box height={bodyHeight} flexDirection="column" overflow="hidden">
						<ProgressMap
							steps={LANDMARK_STEPS}
							statuses={state.statuses}
							current={state.current}
							selected={mapIndex}
							now={deps.now()}
						/>
					</Box>
				) : null}
				{/* The screen stays mounted (hidden) under the map, so a check run or a form survives it. */}
				<Box
					height={bodyHeight}
					flexDirection="column"
					overflow="hidden"
					display={state.mapOpen ? 'none' : 'flex'}
				>
					{body}
				</Box>
			</KeyHintsFrame>
		</Box>
	);
}

/** Keys the app handles on every screen that has its own hints (debug view, lesson). */
const GLOBAL_HINTS: readonly Hint[] = [
	['m', 'map'],
	['s', 'skip'],
	['q', 'quit'],
];

function hintsFor(s: {
	typing: boolean;
	gate: boolean;
	mapOpen: boolean;
	screen: string;
	pendingSkip: boolean;
	debugShown: boolean;
}): Hint[] {
	if (s.pendingSkip)
		return [
			['s', 'skip anyway'],
			['any key', 'stay'],
		];
	if (s.mapOpen)
		return [
			['↑/↓', 'choose'],
			['Enter', 'go'],
			['Esc', 'close'],
			['q', 'quit'],
		];
	if (s.typing && s.gate)
		return [
			['↑/↓ Tab', 'move'],
			['Enter', 'next'],
			['Esc', 'map'],
			['Ctrl-C', 'save & quit'],
		];
	if (s.typing)
		return [
			['↑/↓ Tab', 'move'],
			['Enter', 'next'],
			['←/→', 'choose'],
			['Ctrl-G', 'generate secret'],
			['Esc', 'map'],
			['Ctrl-C', 'save & quit'],
		];
	const common: Hint[] = [
		['m', 'map'],
		['b', 'back'],
		['s', 'skip'],
		['q', 'quit'],
	];
	if (s.screen === 'write-config')
		return [['y/n', 'answer'], ['Enter', 'continue'], ['↑/↓', 'scroll'], ...common];
	if (s.screen === 'checks')
		return s.debugShown
			? [
					['r', 'retry from the failed check'],
					['b', 'check list'],
					['m', 'map'],
					['s', 'skip'],
					['q', 'quit'],
				]
			: [['Enter', 'run/continue'], ['r', 'retry'], ['l', 'lesson'], ...common];
	return [['Enter', 'continue'], ...common];
}
