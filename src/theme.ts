/**
 * The wizard's colours by meaning, in one place: screens say `theme.ok`, not "green". Ink drops
 * every colour when chalk's level is 0, which `--no-color` and NO_COLOR set (src/commands/wizard.tsx),
 * so nothing here needs to know about them.
 */
export const theme = {
	/** Titles, the current landmark, commands the user may type. */
	accent: 'cyan',
	/** Passed checks, written files, verified landmarks. */
	ok: 'green',
	/** Failed checks and landmarks, errors. */
	fail: 'red',
	/** Warnings, dry runs, skipped landmarks, fix commands. */
	warn: 'yellow',
	/** Diff hunk headers. */
	hunk: 'magenta',
} as const;
