/**
 * Reading a client.cfg/server.cfg the way MCollective loads it: the file, then the `plugin.d/`
 * directory beside it (config.rb read_plugin_config_dir), then the environment given; the
 * identity defaults to this host's name as Socket.gethostname gives it.
 * The one IO entry to core/mco-config/model.ts, so the ladders and ping/rpc read the same.
 */
import {readdir, readFile} from 'node:fs/promises';
import {hostname} from 'node:os';
import {dirname, join} from 'node:path';
import {type McoConfig, pluginFileName, readMcoConfig} from '../core/mco-config/model.js';

/** More plugin.d files than this are not read (a count from the disk is bounded like pool.size). */
const MAX_PLUGIN_FILES = 200;

async function pluginFiles(configPath: string): Promise<{name: string; text: string}[]> {
	const dir = join(dirname(configPath), 'plugin.d');
	const names = await readdir(dir).catch(() => [] as string[]);
	const files: {name: string; text: string}[] = [];
	for (const name of names.filter((n) => pluginFileName(n) !== undefined).slice(0, MAX_PLUGIN_FILES)) {
		const text = await readFile(join(dir, name), 'utf8').catch(() => undefined);
		if (text !== undefined) files.push({name, text});
	}
	return files;
}

/**
 * Reads `path` (throws as readFile does when it cannot) and its plugin.d. `env`: the environment
 * mco would run in (ours for client.cfg; none for server.cfg, which mcollectived reads under its
 * own service environment).
 */
export async function loadMcoConfig(
	path: string,
	env: Readonly<Record<string, string | undefined>> = {},
): Promise<{text: string; config: McoConfig}> {
	const text = await readFile(path, 'utf8');
	return {
		text,
		config: readMcoConfig(text, {env, hostname: hostname(), pluginFiles: await pluginFiles(path)}),
	};
}
