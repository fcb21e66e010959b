/**
 * One run of a landmark's ladder as a pure reducer (the way @inkjs/ui builds a widget: this
 * reducer, a hook that feeds it, src/hooks/use-check-run.ts, and a view, LandmarkScreen). Times
 * arrive inside actions so tests pin the clock; no terminal is needed to test it.
 */
import type {ProgressEvent} from '../checks/types.js';
import type {CheckResult, LandmarkReport} from './types.js';

/** Where one check stands on screen. */
export type CheckRow =
	| {readonly phase: 'idle'}
	| {readonly phase: 'running'; readonly startedAt: number; readonly note?: string}
	| {readonly phase: 'done'; readonly result: CheckResult};

export type CheckRunState = {
	readonly status: 'idle' | 'running' | 'finished' | 'crashed';
	readonly rows: Readonly<Record<string, CheckRow>>;
	readonly report: LandmarkReport | null;
	/** Why the run itself could not finish (status `crashed`). */
	readonly error: string | null;
	/** A command a rung waits to run until the user answers y/n. */
	readonly confirm: string | null;
	/** The debugging view is open over the check list. */
	readonly debugOpen: boolean;
};

export type CheckRunAction =
	/** A run of the whole ladder: every row starts over. */
	| {readonly type: 'start'}
	/** A run from rung `from` on (`order`: the ladder's ids): earlier rows keep their last result. */
	| {readonly type: 'retry'; readonly from: string; readonly order: readonly string[]}
	| {readonly type: 'progress'; readonly event: ProgressEvent; readonly at: number}
	/** The run finished; `openDebug` when the step's onFail is the debugging view and it failed. */
	| {readonly type: 'done'; readonly report: LandmarkReport; readonly openDebug: boolean}
	| {readonly type: 'crashed'; readonly error: string}
	| {readonly type: 'confirm-asked'; readonly command: string}
	| {readonly type: 'confirm-answered'}
	/** The run was cancelled (a new attempt, the screen left): its late events are ignored. */
	| {readonly type: 'abort'}
	| {readonly type: 'toggle-debug'}
	| {readonly type: 'close-debug'};

export const IDLE_RUN: CheckRunState = {
	status: 'idle',
	rows: {},
	report: null,
	error: null,
	confirm: null,
	debugOpen: false,
};

export function reduceCheckRun(state: CheckRunState, action: CheckRunAction): CheckRunState {
	switch (action.type) {
		case 'start':
			return {...IDLE_RUN, status: 'running'};
		case 'retry': {
			const keep = new Set(action.order.slice(0, Math.max(action.order.indexOf(action.from), 0)));
			const rows = Object.fromEntries(Object.entries(state.rows).filter(([id]) => keep.has(id)));
			return {...IDLE_RUN, status: 'running', rows};
		}
		case 'progress': {
			if (state.status !== 'running') return state;
			const {event} = action;
			if (event.phase === 'note') {
				// a running rung's live line; a late one (the rung already done) is dropped
				const running = state.rows[event.checkId];
				if (running?.phase !== 'running' || event.note === undefined) return state;
				return {...state, rows: {...state.rows, [event.checkId]: {...running, note: event.note}}};
			}
			const row: CheckRow =
				event.phase === 'done' && event.result
					? {phase: 'done', result: event.result}
					: {phase: 'running', startedAt: action.at};
			return {...state, rows: {...state.rows, [event.checkId]: row}};
		}
		case 'done': {
			if (state.status !== 'running') return state;
			const finished = Object.fromEntries(
				action.report.checks.map((c): [string, CheckRow] => [c.id, {phase: 'done', result: c}]),
			);
			return {
				...state,
				status: 'finished',
				confirm: null,
				report: action.report,
				rows: {...state.rows, ...finished},
				debugOpen: action.openDebug && !action.report.ok,
			};
		}
		case 'crashed':
			if (state.status !== 'running') return state;
			return {...state, status: 'crashed', confirm: null, error: action.error};
		case 'confirm-asked':
			return state.status === 'running' ? {...state, confirm: action.command} : state;
		case 'confirm-answered':
			return {...state, confirm: null};
		case 'abort':
			return state.status === 'running' ? {...state, status: 'idle', confirm: null} : state;
		case 'toggle-debug':
			return state.report && !state.report.ok ? {...state, debugOpen: !state.debugOpen} : state;
		case 'close-debug':
			return {...state, debugOpen: false};
	}
}

/** The rung a failed run stopped at (skipped rungs after it do not count). */
export function failedCheck(report: LandmarkReport): CheckResult | undefined {
	return report.checks.find((c) => !c.ok && !c.skipped);
}
