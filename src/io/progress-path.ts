/**
 * Where the wizard keeps its progress. Its own module because commands name the default path in
 * their `--help` text: registering them must not load the progress store (ini, ingredients).
 */
import {homedir} from 'node:os';
import {join, resolve} from 'node:path';

/** MCO_WIZARD_STATE, else $XDG_CONFIG_HOME/mco-wizard/progress.ini, else ~/.config/mco-wizard/progress.ini. */
export function defaultProgressPath(
	env: Readonly<Record<string, string | undefined>> = process.env,
	home: string = homedir(),
): string {
	if (env.MCO_WIZARD_STATE) return resolve(env.MCO_WIZARD_STATE);
	const base = env.XDG_CONFIG_HOME || join(home, '.config');
	return join(base, 'mco-wizard', 'progress.ini');
}

/**
 * Default practice range directory: ~/.local/state/mco-wizard/practice (XDG_STATE_HOME honoured).
 * Here, not in src/practice, because the app shell finds the range's progress file before
 * anything heavy loads.
 */
export function defaultRangeDir(env: NodeJS.ProcessEnv = process.env, home = env.HOME ?? '.'): string {
	const state =
		env.XDG_STATE_HOME && env.XDG_STATE_HOME !== '' ? env.XDG_STATE_HOME : join(home, '.local', 'state');
	return join(state, 'mco-wizard', 'practice');
}
