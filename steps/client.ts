import type {LandmarkStep} from './types.js';

/** Landmark 2: the MCollective client (OpenShift broker host) reaches ActiveMQ; `mco ping` answers "no responses". */
export const client: LandmarkStep = {
	id: 'client',
	number: 2,
	title: 'MCollective client',
	shortTitle: 'Client',
	summary: 'client.cfg → ActiveMQ: resolve, connect, log in, subscribe, empty ping',
	content: 'client',
	// client.cfg and mco live on the OpenShift broker host
	roles: ['client'],
	screens: ['checks'],
	checks: [
		{id: 'client-config', title: 'client.cfg is readable and complete'},
		{id: 'client-lint', title: 'client.cfg has no known traps'},
		{id: 'dns', title: 'broker host resolves'},
		{id: 'tcp', title: 'STOMP port accepts a connection'},
		{id: 'stomp-login', title: 'topic user logs in'},
		{id: 'subscribe', title: 'client may subscribe to its reply queue'},
		{id: 'ping-empty', title: 'mco ping is delivered (no node needed)'},
	],
	onPass: 'server',
	onFail: 'debug',
};
