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
