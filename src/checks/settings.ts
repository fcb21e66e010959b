/**
 * The connection settings MCollective itself will use, read from a client.cfg/server.cfg text with
 * the MCollective-faithful parser (inline comments kept, last duplicate wins). Only what the
 * ladders need; src/mcollective/client-settings.ts (WIRE) is the full version for the wire client.
 */
import {readMcoSettings} from '../core/mco-config/parse.js';

export type McoSettings = {
	readonly connector: string;
	readonly host?: string;
	readonly port?: number;
	readonly user?: string;
	readonly password?: string;
	readonly ssl: boolean;
	readonly psk?: string;
	readonly mainCollective: string;
	readonly collectives: readonly string[];
	readonly identity?: string;
	readonly logfile?: string;
	readonly libdirs: readonly string[];
	readonly ttl: number;
	/** The raw key/value map, for pair comparison. */
	readonly map: ReadonlyMap<string, string>;
};

const TRUE = /^(1|yes|true|y|t)$/i;

export function settingsFromConfig(text: string): McoSettings {
	const map = readMcoSettings(text);
	const connector = map.get('connector') ?? 'activemq';
	const prefix = connector === 'stomp' ? 'plugin.stomp.' : `plugin.${connector}.pool.1.`;
	const portText = map.get(`${prefix}port`);
	// Ruby's to_i: leading digits, so "61613 # stomp" still reads 61613 (real-lab.md).
	const port = portText !== undefined ? Number.parseInt(portText, 10) : undefined;
	const collectives = (map.get('collectives') ?? 'mcollective')
		.split(',')
		.map((c) => c.trim())
		.filter(Boolean);
	return {
		connector,
		host: map.get(`${prefix}host`),
		port: port !== undefined && Number.isFinite(port) ? port : undefined,
		user: map.get(`${prefix}user`),
		password: map.get(`${prefix}password`),
		ssl: TRUE.test(map.get(`${prefix}ssl`) ?? ''),
		psk: map.get('plugin.psk'),
		mainCollective: map.get('main_collective') ?? collectives[0] ?? 'mcollective',
		collectives,
		identity: map.get('identity'),
		logfile: map.get('logfile'),
		libdirs: (map.get('libdir') ?? '')
			.split(/[:\n]/)
			.map((d) => d.trim())
			.filter(Boolean),
		ttl: Number.parseInt(map.get('ttl') ?? '60', 10) || 60,
		map,
	};
}
