/**
 * The debugging steps as data: one per failure-catalogue entry the wizard can diagnose
 * (src/core/catalogue.ts reads this list; nothing here is computed from code). The debug screen
 * shows the lesson `content/<content>.md` (its `# heading` is the entry's title) beside the
 * computed evidence and fix; Retry re-runs the landmark's ladder from the rung `retry` names.
 */
import type {DebugStep} from '../types.js';

export type {DebugStep, RetryRule} from '../types.js';

/** Retry starts at the rung that failed: the fix is an edit the next run of that rung reads. */
const failedRung = {from: 'failed-rung'} as const;
/**
 * The daemon reads server.cfg only when it starts: after fixing what stopped it (F10) or what its
 * broker connection rejects (F9, F11), Retry must offer the service restart again, not resume at
 * the rung after it.
 */
const restartFirst = {from: 'service-start'} as const;

const step = (n: number, retry: DebugStep['retry'] = failedRung): DebugStep => ({
	id: `debug-F${n}`,
	failure: `F${n}`,
	content: `debug/F${n}`,
	retry,
	back: 'landmark',
});

export const DEBUG_STEPS: readonly DebugStep[] = [
	step(1),
	step(2),
	step(3),
	step(4),
	step(5),
	step(6),
	step(7),
	step(8),
	step(9, restartFirst),
	step(10, restartFirst),
	step(11, restartFirst),
	step(12),
	step(13),
	step(14),
	step(15),
	step(17),
	step(18),
	step(19),
	step(20),
	step(21),
	step(22),
	step(23),
	step(26),
	step(29),
];

/**
 * The debugging steps for a verdict this host cannot decide: the diagnosis names the entries
 * that remain and the command to run on the host that holds the deciding evidence (the node).
 * Retry re-runs the rung that failed, after that command was run and its cause fixed.
 */
export const UNDECIDED_STEPS: readonly DebugStep[] = [
	{
		id: 'debug-undecided-silent-node',
		failure: 'undecided-silent-node',
		content: 'debug/undecided-silent-node',
		retry: failedRung,
		back: 'landmark',
	},
	{
		id: 'debug-undecided-agent',
		failure: 'undecided-agent',
		content: 'debug/undecided-agent',
		retry: failedRung,
		back: 'landmark',
	},
	{
		id: 'debug-undecided-agent-activation',
		failure: 'undecided-agent-activation',
		content: 'debug/undecided-agent-activation',
		retry: failedRung,
		back: 'landmark',
	},
	{
		id: 'debug-undecided-node-reconnecting',
		failure: 'undecided-node-reconnecting',
		content: 'debug/undecided-node-reconnecting',
		retry: failedRung,
		back: 'landmark',
	},
	{
		id: 'debug-undecided-collective-refused',
		failure: 'undecided-collective-refused',
		content: 'debug/undecided-collective-refused',
		retry: failedRung,
		back: 'landmark',
	},
	{
		id: 'debug-undecided-node-dropped',
		failure: 'undecided-node-dropped',
		content: 'debug/undecided-node-dropped',
		retry: failedRung,
		back: 'landmark',
	},
];

/**
 * The debugging steps for a cause this host proved that is in no catalogue entry (the client
 * program itself missing, no node named): no node or agent verdict. Retry re-runs the rung that failed.
 */
export const UNCATALOGUED_STEPS: readonly DebugStep[] = [
	{
		id: 'debug-uncatalogued-mco-missing',
		failure: 'uncatalogued-mco-missing',
		content: 'debug/uncatalogued-mco-missing',
		retry: failedRung,
		back: 'landmark',
	},
	// no node named in the ingredients: nothing was asked (landmark 1 names the nodes)
	{
		id: 'debug-uncatalogued-no-nodes',
		failure: 'uncatalogued-no-nodes',
		content: 'debug/uncatalogued-no-nodes',
		retry: failedRung,
		back: 'landmark',
	},
];

export function debugStepFor(failure: string): DebugStep | undefined {
	return [...DEBUG_STEPS, ...UNDECIDED_STEPS, ...UNCATALOGUED_STEPS].find((s) => s.failure === failure);
}
