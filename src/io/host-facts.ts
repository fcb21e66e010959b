/**
 * The facts role detection (src/core/role.ts) reads about this host: its name and addresses,
 * which config files exist, which daemons run. Bounded: a stat per file and one /proc scan.
 */
import {readdir, stat} from 'node:fs/promises';
import {hostname, networkInterfaces} from 'node:os';
import {join} from 'node:path';
import {defaultConfigDir} from '../core/mco-config/render.js';
import type {HostFacts} from '../core/role.js';
import type {Platform, SystemSettings} from '../core/types.js';
import {activemqRunning, runningDaemons} from './platform.js';

/** Where ActiveMQ's broker config lives on the packaged layouts (RPM/tarball, Debian's enabled instances). */
const ACTIVEMQ_XML = ['/etc/activemq/activemq.xml', '/opt/activemq/conf/activemq.xml'];
const DEBIAN_INSTANCES = '/etc/activemq/instances-enabled';

async function isFile(path: string): Promise<boolean> {
	return stat(path).then(
		(s) => s.isFile(),
		() => false,
	);
}

async function firstFile(paths: readonly string[]): Promise<string | undefined> {
	for (const path of paths) if (await isFile(path)) return path;
	return undefined;
}

async function activemqXml(): Promise<string | undefined> {
	const enabled = await readdir(DEBIAN_INSTANCES).catch(() => [] as string[]);
	return firstFile([
		...ACTIVEMQ_XML,
		...enabled.sort().map((name) => join(DEBIAN_INSTANCES, name, 'activemq.xml')),
	]);
}

function addresses(): string[] {
	return Object.values(networkInterfaces())
		.flatMap((list) => list ?? [])
		.filter((a) => !a.internal)
		.map((a) => a.address.toLowerCase());
}

/** This host's facts; the config files looked at are the ones the answers' [system] names (or the platform's). */
export async function gatherHostFacts(system: SystemSettings, platform: Platform): Promise<HostFacts> {
	const dir = system.configDir ?? defaultConfigDir(platform);
	const [clientCfg, serverCfg, xml, daemons, activemq] = await Promise.all([
		firstFile([system.clientConfig ?? join(dir, 'client.cfg')]),
		firstFile([system.serverConfig ?? join(dir, 'server.cfg')]),
		activemqXml(),
		runningDaemons(platform).catch(() => undefined),
		activemqRunning().catch(() => undefined),
	]);
	return {
		hostname: hostname(),
		addresses: addresses(),
		files: {
			...(clientCfg ? {clientCfg, clientCfgNamed: system.clientConfig !== undefined} : {}),
			...(serverCfg ? {serverCfg, serverCfgNamed: system.serverConfig !== undefined} : {}),
			...(xml ? {activemqXml: xml} : {}),
		},
		...(daemons !== undefined && activemq !== undefined
			? {daemons: {mcollectived: daemons.length > 0, activemq}}
			: {}),
	};
}
