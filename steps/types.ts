/**
 * The shape of a landmark and of a debugging step as data. steps/ holds no JSX, no IO and imports
 * nothing but types: the state machine (src/core/machine.ts) reads these to decide where the
 * wizard goes next (and where Retry starts), screens read them to know what to show.
 */
import type {LandmarkId, Role} from '../src/core/types.js';

/** One rung of a landmark's ladder; the id is implemented in src/checks/ (DIAGNOSIS). */
export type StepCheck = {
	readonly id: string;
	/** Short title shown next to the spinner. */
	readonly title: string;
	/**
	 * The hosts this rung runs on, when not every host the landmark runs on: the agent landmark asks
	 * the node from the client with `mco rpc`, and on the node reads its libdir and log and asks
	 * itself. Absent: wherever the landmark runs.
	 */
	readonly roles?: readonly Role[];
};

/** The screens a landmark is made of, in order; the machine walks them one by one. */
export type StepScreen = 'ingredients-form' | 'write-config' | 'checks';

export type LandmarkStep = {
	readonly id: LandmarkId;
	/** 1..5, the seed's landmark number; `1b` for the message broker host the seed set up before 2. */
	readonly number: number | `${number}${string}`;
	readonly title: string;
	/** One word for the compact progress line in the header. */
	readonly shortTitle: string;
	/** One line for the progress map. */
	readonly summary: string;
	/** Lesson id: content/<content>.md. */
	readonly content: string;
	/**
	 * The hosts (roles) this landmark runs on; the first is where to send the user from any other
	 * host. A host holding none of them shows the landmark as "on another host".
	 */
	readonly roles: readonly Role[];
	readonly screens: readonly StepScreen[];
	/** Checks in ladder order (empty for landmarks that are a form). */
	readonly checks: readonly StepCheck[];
	/** Where to go when the landmark passes (`done` after the last one). */
	readonly onPass: LandmarkId | 'done';
	/** What to show when a check fails: the debugging view for the failing report. */
	readonly onFail: 'debug';
};

/**
 * Where Retry starts after a diagnosis: the rung that failed, or a named rung of the same
 * landmark (when the named rung is not on that landmark's ladder, the failed rung).
 */
export type RetryRule = {readonly from: 'failed-rung' | (string & {})};

/** One debugging step: a failure-catalogue entry the wizard can diagnose. */
export type DebugStep = {
	/** `debug-F<n>`, `debug-undecided-<topic>` or `debug-uncatalogued-<topic>`. */
	readonly id: string;
	/**
	 * The catalogue id `F<n>`, `undecided-<topic>` for a verdict this host cannot decide, or
	 * `uncatalogued-<topic>` for a decided cause no catalogue entry describes.
	 */
	readonly failure: `F${number}` | `undecided-${string}` | `uncatalogued-${string}`;
	/** Lesson id: content/<content>.md; its `# heading` is the entry's title. */
	readonly content: string;
	readonly retry: RetryRule;
	/** Back returns to the landmark's check list. */
	readonly back: 'landmark';
};
