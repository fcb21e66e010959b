/**
 * The wizard: owns the state machine (through useWizard), maps the current landmark's screen to a
 * component, and handles the keys that work everywhere. Every side effect arrives through `deps`,
 * so tests render the same App with temp dirs and fakes, and src/commands/wizard.tsx wires the real io.
 */
import {Box, Text, useStdin} from 'ink';
import {type ComponentType, type ReactNode, useCallback, useMemo, useState} from 'react';
import {checksHere, LANDMARK_STEPS, type LandmarkStep} from '../steps/index.js';
import {ROLES_CONTENT} from '../steps/roles.js';
import {GLOBAL_HINTS, hintsFor} from './app-hints.js';
import {Header, headerRows} from './components/Header.js';
import {KeyHintsFrame} from './components/KeyHints.js';
import {PracticeSummary} from './components/PracticeSummary.js';
import {PROGRESS_CONTENT, ProgressMap} from './components/ProgressMap.js';
import {debugLessonFor} from './core/debug-lesson.js';
import {INGREDIENT_WORDS_CONTENT} from './core/ingredient-words.js';
import {
	completeIngredients,
	type IngredientKey,
	isSecretField,
	validateIngredients,
} from './core/ingredients.js';
import {currentScreen, currentStep, type WizardState} from './core/machine.js';
import type {PracticeRecord} from './core/practice-record.js';
import {isHere} from './core/role.js';
import {secretLabel, secretsToAsk} from './core/role-text.js';
import type {Ingredients, LandmarkReport, Role} from './core/types.js';
import {RANGE_GIVES, WIZARD_CONTENT, warningLines, wizardWords} from './core/wizard-words.js';
import {useAppKeys} from './hooks/use-app-keys.js';
import type {RunCheckOptions} from './hooks/use-check-run.js';
import {useQuitWhenAsked} from './hooks/use-quit.js';
import {useTerminalSize} from './hooks/use-terminal-size.js';
import {useUntilMoved} from './hooks/use-until-moved.js';
import {type Persist, useWizard} from './hooks/use-wizard.js';
import {DoneScreen, QuitScreen} from './screens/DoneScreen.js';
import {ElsewhereScreen} from './screens/ElsewhereScreen.js';
import {ExportScreen, section} from './screens/ExportScreen.js';
import {FORM_CONTENT, IngredientsScreen, type PlatformGuess} from './screens/IngredientsScreen.js';
import {
	type DebugViewProps,
	LANDMARK_CONTENT,
	LandmarkScreen,
	type RunChecks,
} from './screens/LandmarkScreen.js';
import {type PlannedFile, WriteConfigScreen, type WrittenFile} from './screens/WriteConfigScreen.js';
import {theme} from './theme.js';

export type AppDeps<P extends PlannedFile = PlannedFile> = {
	/** content/<id>.md */
	readonly readContent: (id: string) => string;
	readonly now: () => number;
	/**
	 * Renders the files this landmark writes on this host (client.cfg and server.cfg for the
	 * ingredients, activemq.xml for the message broker) and diffs them against the disk.
	 */
	readonly planConfigs: (ingredients: Ingredients, step: LandmarkStep) => Promise<readonly P[]>;
	readonly applyConfigs: (files: readonly P[]) => Promise<readonly WrittenFile[]>;
	/** src/checks runLandmark bound to system settings and a timeout. */
	readonly runChecks: (
		step: LandmarkStep,
		ingredients: Ingredients,
		options: RunCheckOptions,
	) => Promise<LandmarkReport>;
	readonly DebugView?: ComponentType<DebugViewProps>;
	readonly persist: Persist;
	/** Seals the ingredients into a bundle with this passphrase, writes it, resolves with its path. */
	readonly exportBundle?: (ingredients: Partial<Ingredients>, passphrase: string) => Promise<string>;
};

export type Props<P extends PlannedFile = PlannedFile> = {
	readonly deps: AppDeps<P>;
	readonly initial: WizardState;
	readonly ingredients: Partial<Ingredients>;
	/** Known from saved progress; undefined: ask after the configs are written. */
	readonly saveSecrets?: boolean;
	readonly dryRun: boolean;
	readonly progressPath: string;
	/** The landmarks this run walks; default every one (the practice range: PRACTICE_STEPS). */
	readonly steps?: readonly LandmarkStep[];
	/** A message for the first screen (e.g. "the progress file was unreadable, kept aside as ..."). */
	readonly notice?: string;
	/** The platform guessed from this host, shown beside the Platform field. */
	readonly detected?: PlatformGuess;
	/** On the practice range: the record of debugging screens met, shown at the end. */
	readonly practice?: {readonly record: () => PracticeRecord; readonly resumeHint: string};
	/**
	 * This host and its roles: landmarks of other roles are shown "on another host" with the
	 * command to run there. Absent (or no roles): every landmark is here.
	 */
	readonly host?: HostRoles;
};

export type HostRoles = {
	readonly hostname: string;
	readonly roles: readonly Role[];
	/** The answers file to carry to the other hosts. */
	readonly answersPath?: string;
	/** The secrets that answers file holds (loaded, never shown): carried with it, not typed again. */
	readonly answersSecrets?: readonly string[];
};

/** Only the fields the checks still need (e.g. secrets that were not saved). */
function missingKeys(ingredients: Partial<Ingredients>): IngredientKey[] {
	return Object.keys(validateIngredients(ingredients)) as IngredientKey[];
}

/** The form's heading (content/wizard.md): landmark 1's own form, or the gate before a landmark's checks. */
function formText(words: string, step: LandmarkStep, onlySecrets: boolean, gate: boolean) {
	const values = {number: step.number, title: step.title};
	return {
		title: gate
			? wizardWords(words, onlySecrets ? 'gate-title-secrets' : 'gate-title', values)
			: wizardWords(words, 'form-title', values),
		intro: wizardWords(words, gate && onlySecrets ? 'gate-intro-secrets' : 'form-intro', values),
	};
}

/** The write screen's words for this landmark (content/write-config.md). */
function writeTexts(words: string, step: LandmarkStep): {noFilesText: string; afterWriteText?: string} {
	return {
		noFilesText: section(words, 'no-files'),
		...(step.id === 'activemq' ? {afterWriteText: section(words, 'written-activemq')} : {}),
	};
}

export function App<P extends PlannedFile>({
	deps,
	initial,
	dryRun,
	progressPath,
	notice,
	detected,
	practice,
	host,
	...props
}: Props<P>) {
	const {isRawModeSupported} = useStdin();
	const {columns, rows} = useTerminalSize();
	const steps = props.steps ?? LANDMARK_STEPS;
	const wizard = useWizard(initial, props.ingredients, deps.persist, props.saveSecrets, steps);
	const {state, dispatch, ingredients} = wizard;
	const [debugShown, setDebugShown] = useState(false);
	// The export screen (message broker host) is open over the landmark screen.
	const [exporting, setExporting] = useState(false);
	// The start-up notice (damaged progress file, answers-file problems) stays until the user moves on.
	const noticeVisible = useUntilMoved(`${state.current}/${state.screen}`);
	const step = currentStep(state, steps);
	const screen = currentScreen(state, steps);
	const missing = useMemo(() => missingKeys(ingredients), [ingredients]);
	// Landmarks 2–5 need complete ingredients; when they are not (secrets not saved, --step on a fresh
	// start) the form asks for just what is missing before the checks.
	const roles = host?.roles ?? [];
	// Its part runs on another host: say what to run there, write and check nothing here (the
	// message broker landmark's write screen on the OpenShift broker would edit a file of the wrong host).
	const elsewhere = step !== null && !isHere(step, roles);
	// Only this host's part of the landmark's rungs (steps/ says whose each rung is), as runLandmark runs.
	const hostRoles = host?.roles;
	const stepHere = useMemo(
		() => (step ? {...step, checks: checksHere(step, hostRoles)} : step),
		[step, hostRoles],
	);
	const gate = screen === 'checks' && missing.length > 0 && !elsewhere;
	const roleKeysOff = exporting && elsewhere;
	const typing = screen === 'ingredients-form' || gate || roleKeysOff;

	const quitNote = useQuitWhenAsked(state.quitting, wizard.flush);

	const {mapIndex, openMap} = useAppKeys({
		state,
		dispatch,
		now: deps.now,
		typing,
		debugShown,
		screen,
		isActive: isRawModeSupported === true && !state.quitting,
		steps,
	});

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
			<Box flexDirection="column">
				<QuitScreen
					words={deps.readContent(PROGRESS_CONTENT)}
					progressPath={progressPath}
					saved={quitNote.saved}
					{...(quitNote.error ? {error: quitNote.error} : {})}
					resumeHint={practice ? practice.resumeHint : `mco-wizard${resumeAt}`}
					{...(practice
						? {resumeLabel: wizardWords(deps.readContent(WIZARD_CONTENT), 'practice-again')}
						: {})}
				/>
				{practice ? <PracticeSummary record={practice.record()} readContent={deps.readContent} /> : null}
			</Box>
		);
	}

	const wizardText = deps.readContent(WIZARD_CONTENT);
	const roleWords = deps.readContent(ROLES_CONTENT);
	const stateLines = warningLines(state.warning, {
		words: wizardText,
		roleWords,
		steps,
		roles,
		ingredients,
		hostname: host?.hostname ?? '',
		...(host?.answersPath ? {answersPath: host.answersPath} : {}),
		...(practice ? {given: RANGE_GIVES} : {}),
	});
	const warnings = [
		noticeVisible ? notice : undefined,
		...stateLines.warnings,
		wizard.saveError ? wizardWords(wizardText, 'not-saved', {error: wizard.saveError}) : null,
	].filter((w): w is string => Boolean(w));
	const notes = stateLines.notes;
	// The frame is rows - 1 high: the header, the body, the key line.
	const bodyHeight = Math.max(rows - 2 - headerRows([...warnings, ...notes], columns), 5);
	const active = !state.mapOpen && !state.pendingSkip && !state.quitting && isRawModeSupported === true;
	const lesson = step ? deps.readContent(step.content) : '';
	const secrets = (['topicPassword', 'adminPassword', 'psk'] as const)
		.map((k) => ingredients[k])
		.filter((s): s is string => typeof s === 'string');

	// Stays null only on the checks screen before the ingredients are complete, where `gate` shows the form.
	let body: ReactNode = null;
	const exportBundle = deps.exportBundle;
	// The bundle is offered on the message broker host, where the ingredients start their way.
	const offerExport = exportBundle !== undefined && roles.includes('message-broker');
	if (step && elsewhere && roleKeysOff && exportBundle) {
		body = (
			<ExportScreen
				words={deps.readContent('export')}
				ask={secretsToAsk(roles, ingredients).map((key) => ({
					key,
					label: secretLabel(deps.readContent(INGREDIENT_WORDS_CONTENT), key),
				}))}
				onExport={(passphrase, typed) => {
					const all = {...ingredients, ...typed};
					// typed once: the checks and a second export use them too
					if (Object.keys(typed).length > 0) wizard.setIngredients((current) => ({...current, ...typed}));
					return exportBundle(all, passphrase);
				}}
				onClose={() => setExporting(false)}
				isActive={active}
			/>
		);
	} else if (step && elsewhere) {
		body = (
			<ElsewhereScreen
				key={`elsewhere-${step.id}`}
				step={step}
				roles={roles}
				hostname={host?.hostname ?? ''}
				ingredients={ingredients}
				{...(host?.answersPath ? {answersPath: host.answersPath} : {})}
				{...(host?.answersSecrets ? {answersSecrets: host.answersSecrets} : {})}
				words={roleWords}
				fieldWords={deps.readContent(INGREDIENT_WORDS_CONTENT)}
				width={columns}
				height={bodyHeight}
				onNext={() => dispatch({type: 'next'})}
				{...(offerExport
					? {
							exportOffer: {
								text: section(deps.readContent('export'), 'offer'),
								open: () => setExporting(true),
							},
						}
					: {})}
				isActive={active}
			/>
		);
	} else if (!step) {
		body = (
			<Box flexDirection="column">
				<DoneScreen
					steps={steps}
					statuses={state.statuses}
					now={deps.now()}
					words={deps.readContent(PROGRESS_CONTENT)}
				/>
				{practice ? <PracticeSummary record={practice.record()} readContent={deps.readContent} /> : null}
			</Box>
		);
	} else if (screen === 'ingredients-form' || gate) {
		const text = formText(wizardText, step, gate && missing.every((k) => isSecretField(k)), gate);
		body = (
			<IngredientsScreen
				key={`${state.current}-${gate ? 'gate' : 'form'}`}
				initial={ingredients}
				{...(gate ? {keys: missing, allowGenerate: false} : {})}
				title={text.title}
				intro={text.intro}
				lesson={deps.readContent('ingredients')}
				fieldLessons={deps.readContent('ingredient-fields')}
				words={deps.readContent(FORM_CONTENT)}
				fieldWords={deps.readContent(INGREDIENT_WORDS_CONTENT)}
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
				key={`write-${step.id}-${state.attempt}`}
				plan={() => deps.planConfigs(complete, step)}
				apply={deps.applyConfigs}
				secrets={secrets}
				dryRun={dryRun}
				askSaveSecrets={wizard.saveSecrets === undefined}
				progressPath={progressPath}
				onSaveSecrets={wizard.setSaveSecrets}
				onWritten={() => {
					// Files on disk are landmark 1's proof: record it now, so quitting here resumes at 2.
					// A landmark with checks after its write (activemq.xml) is proven only by them.
					if (!dryRun && step.checks.length === 0) dispatch({type: 'landmark-passed', at: deps.now()});
				}}
				onDone={(kept) => dispatch({type: 'screen-done', at: deps.now(), verified: !dryRun && !kept})}
				isActive={active}
				height={bodyHeight}
				words={deps.readContent('write-config')}
				{...writeTexts(deps.readContent('write-config'), step)}
			/>
		) : (
			<Text color={theme.fail}>{wizardWords(wizardText, 'incomplete')}</Text>
		);
	} else if (run) {
		body = (
			<LandmarkScreen
				key={step.id}
				step={stepHere ?? step}
				lesson={lesson}
				debugLesson={debugLesson}
				debugWords={deps.readContent('debug-view')}
				words={deps.readContent(LANDMARK_CONTENT)}
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
			<Header
				steps={steps}
				statuses={state.statuses}
				current={state.current}
				columns={columns}
				dryRun={dryRun}
				warnings={warnings}
				notes={notes}
				{...(host ? {host} : {})}
				roleWords={roleWords}
				words={deps.readContent(PROGRESS_CONTENT)}
			/>
			<KeyHintsFrame
				hints={hintsFor({
					typing,
					gate,
					mapOpen: state.mapOpen,
					screen: roleKeysOff
						? 'export'
						: elsewhere
							? offerExport
								? 'elsewhere-export'
								: 'elsewhere'
							: screen,
					pendingSkip: state.pendingSkip,
					debugShown,
				})}
				always={GLOBAL_HINTS}
				width={columns}
				words={deps.readContent('keys')}
				screenHints={!state.mapOpen && !state.pendingSkip}
			>
				{state.mapOpen ? (
					<Box height={bodyHeight} flexDirection="column" overflow="hidden">
						<ProgressMap
							steps={steps}
							statuses={state.statuses}
							current={state.current}
							selected={mapIndex}
							now={deps.now()}
							roles={roles}
							roleWords={roleWords}
							words={deps.readContent(PROGRESS_CONTENT)}
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
