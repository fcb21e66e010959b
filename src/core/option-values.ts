/**
 * What ping's and rpc's numeric options accept, without commander: src/commands/options.ts
 * wraps these for commander, src/core/fast-args.ts uses them as they are. undefined: not valid.
 */

/** A number of seconds in (0, max]. */
export function secondsValue(raw: string, max: number): number | undefined {
	const n = Number(raw);
	return Number.isFinite(n) && n > 0 && n <= max ? n : undefined;
}

/** The longest wait ping and rpc accept. */
export const MAX_WAIT_SECONDS = 3600;

/** A whole number ≥ 0. */
export function countValue(raw: string): number | undefined {
	const n = Number(raw);
	return Number.isInteger(n) && n >= 0 ? n : undefined;
}
