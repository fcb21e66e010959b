/**
 * Feeds the check-run reducer (src/core/check-run.ts) from a live run: one run per attempt of the
 * machine, from the rung the machine chose (its retry rule), with the confirm prompt as a promise
 * the y/n keys settle. The keys of the landmark screen are `useCheckRunKeys`.
 */
import {useInput} from 'ink';
import {useEffect, useReducer, useRef} from 'react';
import type {LandmarkStep} from '../../steps/index.js';
import type {ProgressEvent} from '../checks/types.js';
import {IDLE_RUN, reduceCheckRun} from '../core/check-run.js';
import type {LandmarkReport} from '../core/types.js';
import {useLatest} from './use-latest.js';

/** What a run of a landmark's checks is given: abort, the confirm prompt, progress, Retry's rung. */
export type RunCheckOptions = {
	readonly signal: AbortSignal;
	readonly confirm: (command: string) => Promise<boolean>;
	readonly onProgress: (event: ProgressEvent) => void;
	/** Start from this check (Retry after a failure); earlier ones keep their last result. */
	readonly from?: string;
};

/** Runs a landmark's checks; bound by the app to the ingredients, the system settings and a timeout. */
export type RunChecks = (step: LandmarkStep, options: RunCheckOptions) => Promise<LandmarkReport>;

export type CheckRunInput = {
	readonly step: LandmarkStep;
	/** The machine's attempt counter: every increase runs the checks again (0: not yet). */
	readonly attempt: number;
	/** The rung this attempt starts at (the machine's retry rule); null: the whole ladder. */
	readonly from: string | null;
	readonly run: RunChecks;
	readonly now: () => number;
	readonly onFinished: (ok: boolean) => void;
};

export function useCheckRun({step, attempt, from, run, now, onFinished}: CheckRunInput) {
	const [state, dispatch] = useReducer(reduceCheckRun, IDLE_RUN);
	// The pending confirm's resolver: a function, so it lives beside the reducer, not in it.
	const answer = useRef<((yes: boolean) => void) | null>(null);
	const latest = useLatest({from, run, now, onFinished});

	// biome-ignore lint/correctness/useExhaustiveDependencies: one run per attempt (and per landmark)
	useEffect(() => {
		if (attempt === 0) return;
		const {from, run, now} = latest.current;
		const controller = new AbortController();
		const order = step.checks.map((c) => c.id);
		dispatch(from ? {type: 'retry', from, order} : {type: 'start'});
		run(step, {
			...(from ? {from} : {}),
			signal: controller.signal,
			confirm: (command) =>
				new Promise<boolean>((resolve) => {
					answer.current = resolve;
					dispatch({type: 'confirm-asked', command});
				}),
			// The clock is read now: the reducer stays pure and the row's start time is the event's.
			onProgress: (event) => {
				if (!controller.signal.aborted) dispatch({type: 'progress', event, at: now()});
			},
		}).then(
			(report) => {
				if (controller.signal.aborted) return;
				dispatch({type: 'done', report, openDebug: step.onFail === 'debug'});
				latest.current.onFinished(report.ok);
			},
			(failure: unknown) => {
				if (controller.signal.aborted) return;
				dispatch({type: 'crashed', error: failure instanceof Error ? failure.message : String(failure)});
				latest.current.onFinished(false);
			},
		);
		return () => {
			controller.abort();
			dispatch({type: 'abort'});
			// A question nobody will answer any more: the rung gets "no" and stops.
			answer.current?.(false);
			answer.current = null;
		};
	}, [attempt, step]);

	const respond = (yes: boolean) => {
		answer.current?.(yes);
		answer.current = null;
		dispatch({type: 'confirm-answered'});
	};
	return {state, dispatch, respond};
}

export type CheckRunKeys = {
	readonly confirming: boolean;
	readonly canToggleDebug: boolean;
	readonly respond: (yes: boolean) => void;
	readonly toggleDebug: () => void;
	readonly openLesson: () => void;
	/** Enter: continue after a pass, else run (again). */
	readonly enter: () => void;
};

/** The check list's keys: y/n answer a pending question, l opens the lesson, d the diagnosis. */
export function useCheckRunKeys(keys: CheckRunKeys, isActive: boolean) {
	const latest = useLatest(keys);
	useInput(
		(input, key) => {
			const k = latest.current;
			if (k.confirming) {
				if (input === 'y' || input === 'n') k.respond(input === 'y');
				return;
			}
			if (input === 'l') return k.openLesson();
			if (input === 'd' && k.canToggleDebug) return k.toggleDebug();
			if (key.return) k.enter();
		},
		{isActive},
	);
}
