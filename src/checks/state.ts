/**
 * What the rungs of one ladder run share: the client.cfg and server.cfg that are really in use,
 * read once and lazily (so Retry from a middle rung still has them), and the fix context with
 * this machine's paths. Reads the LIVE files, not the ingredients: a config that drifted from
 * the answers is exactly what the checks must catch.
 */
import {join} from 'node:path';
import {type FixContext, fixContext} from '../core/diagnose.js';
import type {McoConfig} from '../core/mco-config/model.js';
import type {SystemSettings} from '../core/types.js';
import type {CheckIO, LiveConfig} from '../io/check-io.js';
import type {CheckContext} from './types.js';

export type ConfigFile = {
	readonly path: string;
	/** How the path was chosen: named in the answers file [system], or found like mco would. */
	readonly source: 'answers' | LiveConfig['source'];
	readonly shadowed: readonly string[];
	readonly text?: string;
	/** ENOENT, EACCES, ... when it could not be read. */
	readonly error?: string;
	readonly settings?: McoConfig;
};

export type LadderState = {
	clientConfig(): Promise<ConfigFile>;
	serverConfig(): Promise<ConfigFile>;
	/** mcollectived's log: [system] nodeLog, else server.cfg's logfile, else the platform default. */
	nodeLog(): Promise<string>;
	fix(): Promise<FixContext>;
};

async function readConfig(
	io: CheckIO,
	which: 'client' | 'server',
	path: string,
	source: ConfigFile['source'],
	shadowed: readonly string[],
): Promise<ConfigFile> {
	const read = await io.loadMcoConfig(path, which);
	if ('error' in read) return {path, source, shadowed, error: read.error};
	return {path, source, shadowed, text: read.text, settings: read.config};
}

function explicit(system: SystemSettings, file: 'client.cfg' | 'server.cfg'): string | undefined {
	const named = file === 'client.cfg' ? system.clientConfig : system.serverConfig;
	return named ?? (system.configDir ? join(system.configDir, file) : undefined);
}

const once = <T>(fn: () => Promise<T>) => {
	let p: Promise<T> | undefined;
	return () => {
		p ??= fn();
		return p;
	};
};

export function ladderState(ctx: CheckContext): LadderState {
	const {system, ingredients, io} = ctx;
	const clientConfig = once(async () => {
		const named = explicit(system, 'client.cfg');
		if (named) return readConfig(io, 'client', named, 'answers', []);
		const live = await io.liveConfig('client', ingredients.platform);
		return readConfig(io, 'client', live.path, live.source, live.shadowed);
	});
	const serverConfig = once(async () => {
		const named = explicit(system, 'server.cfg');
		if (named) return readConfig(io, 'server', named, 'answers', []);
		const live = await io.liveConfig('server', ingredients.platform);
		return readConfig(io, 'server', live.path, live.source, live.shadowed);
	});
	const nodeLog = once(async () => {
		if (system.nodeLog) return system.nodeLog;
		const server = await serverConfig();
		return server.settings?.logfile ?? fixContext(ingredients, system).nodeLog;
	});
	const fix = once(async () => {
		const [client, server, log] = await Promise.all([clientConfig(), serverConfig(), nodeLog()]);
		return fixContext(ingredients, {
			...system,
			clientConfig: client.path,
			serverConfig: server.path,
			nodeLog: log,
			libdir: system.libdir ?? server.settings?.libdirs[0],
		});
	});
	return {clientConfig, serverConfig, nodeLog, fix};
}
