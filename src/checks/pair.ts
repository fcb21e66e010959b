/** The settings client.cfg and server.cfg must agree on (F12, F13), secrets as fingerprints. */
import type {PairDifference} from '../core/diagnose.js';
import type {McoConfig} from '../core/mco-config/model.js';
import {fingerprint} from '../core/secrets.js';

export function pairDifferences(client: McoConfig, server: McoConfig): PairDifference[] {
	const out: PairDifference[] = [];
	if (client.connector !== server.connector)
		out.push({key: 'connector', client: client.connector, server: server.connector});
	if (!server.collectives.includes(client.mainCollective)) {
		out.push({key: 'main_collective', client: client.mainCollective, server: server.mainCollective});
		if (client.collectives.join(',') !== server.collectives.join(','))
			out.push({
				key: 'collectives',
				client: client.collectives.join(','),
				server: server.collectives.join(','),
			});
	}
	if (client.psk !== undefined && server.psk !== undefined && client.psk !== server.psk)
		out.push({key: 'plugin.psk', client: fingerprint(client.psk), server: fingerprint(server.psk)});
	return out;
}
