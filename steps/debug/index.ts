/**
 * The debugging steps as data: one per catalogue entry the wizard can diagnose. The debug screen
 * shows the lesson `content/<content>.md` beside the computed evidence and fix; Retry re-runs the
 * landmark's ladder from the rung that failed (`retry: 'failed-rung'`), not from the top.
 */
import {PRODUCED} from '../../src/core/catalogue.js';

export type DebugStep = {
	/** `debug-F<n>`. */
	readonly id: string;
	/** The catalogue id, `F<n>`. */
	readonly failure: `F${number}`;
	readonly title: string;
	/** Lesson id: content/<content>.md. */
	readonly content: string;
	/** Where Retry goes: the failed rung of the landmark that led here. */
	readonly retry: 'failed-rung';
	/** Back returns to the landmark's check list. */
	readonly back: 'landmark';
};

export const DEBUG_STEPS: readonly DebugStep[] = PRODUCED.map((e) => ({
	id: `debug-${e.id}`,
	failure: e.id,
	title: e.title,
	content: e.content ?? `debug/${e.id}`,
	retry: 'failed-rung',
	back: 'landmark',
}));

export function debugStepFor(failure: string): DebugStep | undefined {
	return DEBUG_STEPS.find((s) => s.failure === failure);
}
