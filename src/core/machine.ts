/**
 * The wizard's state machine: a pure reducer over the landmarks declared in steps/.
 * Screens only emit events (a form was submitted, checks finished, a key was pressed); this module
 * alone decides which landmark and which screen come next, from each step's `screens` and `onPass`.
 * Times arrive inside events (epoch ms) so the reducer stays pure and tests can pin the clock.
 */
import {DEBUG_STEPS, type DebugStep} from '../../steps/debug/index.js';
import {LANDMARK_STEPS, type LandmarkStep} from '../../steps/index.js';
import {LANDMARK_IDS, type LandmarkId} from './types.js';

export type LandmarkState = 'not-started' | 'passed' | 'failed' | 'skipped';

export type LandmarkStatus = {
	readonly state: LandmarkState;
	/** When the state was reached (epoch ms); absent for not-started. */
	readonly at?: number;
};

export type Statuses = Readonly<Record<LandmarkId, LandmarkStatus>>;

/** Where the wizard stands: `done` is the closing screen after the last landmark. */
export type Position = LandmarkId | 'done';

export type WizardState = {
	readonly current: Position;
	/** Index into the current step's `screens`. */
	readonly screen: number;
	readonly statuses: Statuses;
	/** Bumped by `retry`, so the checks screen knows to run again. */
	readonly attempt: number;
	/**
	 * The rung the run for this attempt starts at (earlier rungs keep their last result); null runs
	 * the whole ladder. Set by a retry after a failure, from the diagnosis's retry rule in steps/debug.
	 */
	readonly retryFrom: string | null;
	/** The full progress map is open over the current screen. */
	readonly mapOpen: boolean;
	/** A skip was asked for and waits for confirmation (the warning is on screen). */
	readonly pendingSkip: boolean;
	/** What to warn about above the screen (a skip to confirm, earlier landmarks unverified); words in content/wizard.md. */
	readonly warning: WizardWarning | null;
	/** Quit was asked for: the app saves progress, then exits. */
	readonly quitting: boolean;
};

/**
 * A warning as data: the app words it (src/core/wizard-words.ts, content/wizard.md) and knows
 * this host's roles, so a landmark proven on another host is not "unverified here".
 */
export type WizardWarning =
	/** The first `s`: skipping `step` waits for a second one. */
	| {readonly kind: 'confirm-skip'; readonly step: LandmarkId}
	/** The landmarks before `at` that are not passed, in the steps' order. */
	| {
			readonly kind: 'unverified';
			readonly at: LandmarkId;
			readonly open: ReadonlyArray<{readonly id: LandmarkId; readonly state: LandmarkState}>;
	  };

export type WizardEvent =
	/**
	 * A non-check screen finished (form submitted, configs written). `verified: false` moves on
	 * without marking the landmark passed (a dry run wrote nothing).
	 */
	| {readonly type: 'screen-done'; readonly at: number; readonly verified?: boolean}
	/** The current landmark's work is done and proven (config files written): passed, saved, stay. */
	| {readonly type: 'landmark-passed'; readonly at: number}
	/** The checks of the current landmark finished. */
	| {readonly type: 'checks-finished'; readonly ok: boolean; readonly at: number}
	/** Move on from a passed landmark. */
	| {readonly type: 'continue'}
	/** On to the next landmark without a verdict: this one runs on another host. */
	| {readonly type: 'next'}
	| {readonly type: 'back'}
	/** Run the checks (again); `after` a failure, where to start follows the diagnosis's retry rule. */
	| {readonly type: 'retry'; readonly after?: FailedRun}
	/** First `skip` asks for confirmation; a second one (while pending) skips. */
	| {readonly type: 'skip'; readonly at: number}
	| {readonly type: 'cancel'}
	| {readonly type: 'goto'; readonly landmark: LandmarkId}
	| {readonly type: 'toggle-map'}
	| {readonly type: 'quit'};

/** What a failed run left for Retry to go on: the rung that failed and the diagnosis, if any. */
export type FailedRun = {readonly failedCheck: string; readonly diagnosis?: string};

const NOT_STARTED: LandmarkStatus = {state: 'not-started'};

export function freshStatuses(): Statuses {
	return Object.fromEntries(LANDMARK_IDS.map((id) => [id, NOT_STARTED])) as Record<
		LandmarkId,
		LandmarkStatus
	>;
}

/** The state to start in: at `landmark` (or the first), with whatever statuses were saved. */
export function resume(
	landmark: Position = 'ingredients',
	saved?: Partial<Statuses>,
	steps: readonly LandmarkStep[] = LANDMARK_STEPS,
): WizardState {
	const statuses = {...freshStatuses(), ...saved};
	return {
		current: landmark,
		screen: 0,
		statuses,
		attempt: 0,
		retryFrom: null,
		mapOpen: false,
		pendingSkip: false,
		warning: landmark === 'done' ? null : unverifiedBefore(landmark, statuses, steps),
		quitting: false,
	};
}

/**
 * Where a user who left off should come back: the first landmark that is not passed or skipped,
 * `done` when all are.
 */
export function whereToResume(
	statuses: Partial<Statuses>,
	steps: readonly LandmarkStep[] = LANDMARK_STEPS,
): Position {
	const open = steps.find((s) => {
		const state = statuses[s.id]?.state ?? 'not-started';
		return state !== 'passed' && state !== 'skipped';
	});
	return open ? open.id : 'done';
}

export function currentStep(
	state: WizardState,
	steps: readonly LandmarkStep[] = LANDMARK_STEPS,
): LandmarkStep | null {
	return state.current === 'done' ? null : (steps.find((s) => s.id === state.current) ?? null);
}

/** The screen kind on show (`done` after the last landmark). */
export function currentScreen(state: WizardState, steps: readonly LandmarkStep[] = LANDMARK_STEPS) {
	const step = currentStep(state, steps);
	return step ? (step.screens[state.screen] ?? step.screens[0] ?? 'checks') : 'done';
}

/**
 * Where Retry starts after `failed`: the rung the diagnosis's rule in steps/debug names when it is
 * on this landmark's ladder (F10: the service restart, so a declined restart is offered again),
 * else the rung that failed.
 */
export function retryStart(
	step: LandmarkStep,
	failed: FailedRun,
	debugSteps: readonly DebugStep[] = DEBUG_STEPS,
): string {
	const rule = debugSteps.find((d) => d.failure === failed.diagnosis)?.retry.from ?? 'failed-rung';
	if (rule !== 'failed-rung' && step.checks.some((c) => c.id === rule)) return rule;
	return failed.failedCheck;
}

export function reduce(
	state: WizardState,
	event: WizardEvent,
	steps: readonly LandmarkStep[] = LANDMARK_STEPS,
): WizardState {
	if (state.quitting) return state;
	const step = currentStep(state, steps);
	// Any key other than a second `skip` cancels a pending skip.
	const base: WizardState =
		state.pendingSkip && event.type !== 'skip' ? {...state, pendingSkip: false, warning: null} : state;

	switch (event.type) {
		case 'screen-done': {
			if (!step) return base;
			if (base.screen + 1 < step.screens.length) return {...base, screen: base.screen + 1, warning: null};
			if (event.verified === false) return moveTo(base, step.onPass, steps);
			// Already marked passed when its work was proven: keep that time.
			if (base.statuses[step.id].state === 'passed') return moveTo(base, step.onPass, steps);
			return moveTo(withStatus(base, step.id, 'passed', event.at), step.onPass, steps);
		}
		case 'landmark-passed': {
			if (!step) return base;
			return withStatus(base, step.id, 'passed', event.at);
		}
		case 'checks-finished': {
			if (!step) return base;
			return withStatus(base, step.id, event.ok ? 'passed' : 'failed', event.at);
		}
		case 'continue': {
			if (!step || base.statuses[step.id].state !== 'passed') return base;
			return moveTo(base, step.onPass, steps);
		}
		case 'next': {
			if (!step) return base;
			return moveTo(base, step.onPass, steps);
		}
		case 'back': {
			if (base.mapOpen) return {...base, mapOpen: false};
			if (step && base.screen > 0) return {...base, screen: base.screen - 1, warning: null};
			const index = base.current === 'done' ? steps.length : steps.findIndex((s) => s.id === base.current);
			const previous = steps[index - 1];
			return previous ? moveTo(base, previous.id, steps) : base;
		}
		case 'retry': {
			if (!step) return base;
			const retryFrom = event.after ? retryStart(step, event.after) : null;
			return {...base, attempt: base.attempt + 1, retryFrom, mapOpen: false, warning: null};
		}
		case 'skip': {
			if (!step) return base;
			if (!state.pendingSkip) {
				return {...base, pendingSkip: true, warning: {kind: 'confirm-skip', step: step.id}};
			}
			const skipped = withStatus({...base, pendingSkip: false}, step.id, 'skipped', event.at);
			return moveTo(skipped, step.onPass, steps);
		}
		case 'cancel':
			return {...base, mapOpen: false, pendingSkip: false, warning: state.pendingSkip ? null : base.warning};
		case 'goto':
			return moveTo({...base, mapOpen: false}, event.landmark, steps);
		case 'toggle-map':
			return {...base, mapOpen: !base.mapOpen};
		case 'quit':
			return {...base, mapOpen: false, quitting: true};
	}
}

function withStatus(
	state: WizardState,
	id: LandmarkId,
	landmarkState: LandmarkState,
	at: number,
): WizardState {
	return {...state, statuses: {...state.statuses, [id]: {state: landmarkState, at}}};
}

function moveTo(state: WizardState, to: Position, steps: readonly LandmarkStep[]): WizardState {
	// a landmark this run does not walk (the practice range has no activemq.xml) passes on to its onPass
	let target = to;
	while (target !== 'done' && !steps.some((s) => s.id === target)) {
		target = LANDMARK_STEPS.find((s) => s.id === target)?.onPass ?? 'done';
	}
	return {
		...state,
		current: target,
		screen: 0,
		attempt: 0,
		retryFrom: null,
		mapOpen: false,
		warning: target === 'done' ? null : unverifiedBefore(target, state.statuses, steps),
	};
}

/** The landmarks before `target` that are not passed: checks there may fail for their reasons. */
function unverifiedBefore(
	target: LandmarkId,
	statuses: Statuses,
	steps: readonly LandmarkStep[] = LANDMARK_STEPS,
): WizardWarning | null {
	const index = steps.findIndex((s) => s.id === target);
	const open = steps
		.slice(0, Math.max(index, 0))
		.filter((s) => statuses[s.id].state !== 'passed')
		.map((s) => ({id: s.id, state: statuses[s.id].state}));
	return open.length === 0 ? null : {kind: 'unverified', at: target, open};
}
