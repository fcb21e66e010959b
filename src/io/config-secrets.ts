/**
 * The secrets in MCollective config files on disk, for redacting output. Its own module, apart
 * from config-files.ts (writing, with its diff library): `ping` and `rpc` need only this.
 */
import {readFile} from 'node:fs/promises';
import {secretsInConfig} from '../core/secrets.js';

/**
 * Every secret value in these MCollective config files (those that exist and can be read), so
 * output can redact a password that lives only in client.cfg or server.cfg, not in the answers.
 */
export async function secretsInConfigFiles(paths: readonly (string | undefined)[]): Promise<string[]> {
	const found = new Set<string>();
	for (const path of new Set(paths.filter((p): p is string => typeof p === 'string' && p !== ''))) {
		try {
			for (const s of secretsInConfig(await readFile(path, 'utf8'))) found.add(s);
		} catch {
			// missing or unreadable: nothing of it can reach the output either
		}
	}
	return [...found];
}
