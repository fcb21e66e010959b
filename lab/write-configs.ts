// Writes config files 0600 (they hold the lab's secrets), each through a temporary file and a
// rename, so a daemon never reads half a file.
import {chmodSync, mkdirSync, renameSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import type {ConfigFiles} from './lab-configs.js';

export function writeConfigs(dir: string, files: ConfigFiles): void {
	mkdirSync(dir, {recursive: true, mode: 0o700});
	for (const [name, text] of Object.entries(files)) {
		const tmp = join(dir, `.${name}.tmp`);
		writeFileSync(tmp, text, {mode: 0o600});
		chmodSync(tmp, 0o600);
		renameSync(tmp, join(dir, name));
	}
}
