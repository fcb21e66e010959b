/**
 * The contract between the ladders (src/checks/*) and their callers (screens, `check` command):
 * a landmark is a list of rungs; each rung is a bounded async function that returns a
 * CheckResult with one line of evidence and the structured facts src/core/diagnose.ts reads.
 * Rungs touch the machine only through `ctx.io` (CheckIO, src/io/check-io.ts).
 */
import type {FixContext} from '../core/diagnose.js';
import type {CheckResult, Ingredients, Role, SystemSettings} from '../core/types.js';
import type {CheckIO} from '../io/check-io.js';
import type {LadderState} from './state.js';

export type CheckContext = {
	/** Every file, process, network and clock access of the ladder (nodeCheckIO on a real host). */
	readonly io: CheckIO;
	readonly ingredients: Ingredients;
	readonly system: SystemSettings;
	/** This host's roles: a landmark runs only the rungs steps/ gives them. Absent: every rung. */
	readonly roles?: readonly Role[];
	/** Default per-check timeout (a rung may use less, never more). */
	readonly timeoutMs: number;
	readonly signal?: AbortSignal;
	/** Asked before any command that changes the machine (service restart). No confirm → not run. */
	readonly confirm?: (command: string) => Promise<boolean>;
};

export type ProgressEvent = {
	readonly checkId: string;
	/** `note`: a running rung says what it waits for now (shown under its spinner). */
	readonly phase: 'start' | 'note' | 'done';
	readonly result?: CheckResult;
	readonly note?: string;
};

export type RunOptions = {
	/** Re-run from this rung (Retry): earlier rungs are not run again. */
	readonly from?: string;
	readonly onProgress?: (e: ProgressEvent) => void;
};

/** What a rung gets: the context, the lazily read files/settings shared by the ladder, and its budget. */
export type RungInput = {
	readonly ctx: CheckContext;
	readonly state: LadderState;
	readonly fix: FixContext;
	readonly timeoutMs: number;
	readonly signal: AbortSignal;
	/** Says live what a long wait is at (a node reconnecting, attempt N); no-op when nobody shows it. */
	readonly note?: (text: string) => void;
};

/** A rung's own result, before the runner adds id and elapsed time. */
export type RungOutcome = {
	readonly ok: boolean;
	readonly evidence: string;
	readonly data?: Readonly<Record<string, unknown>>;
	readonly skipped?: boolean;
};

/** One check; its id is the key it is filed under in its ladder. */
export type Rung = {
	/** Upper bound for this rung in ms (defaults to ctx.timeoutMs). */
	readonly timeoutMs?: (ctx: CheckContext) => number;
	readonly run: (input: RungInput) => Promise<RungOutcome>;
};

/**
 * A landmark's rungs by check id. The order they run in is the order steps/<landmark>.ts lists
 * its checks, and nowhere else (test/checks/ladders.test.ts keeps the two sets equal).
 */
export type Ladder = Readonly<Record<string, Rung>>;
