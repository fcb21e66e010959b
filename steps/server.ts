import type {LandmarkStep} from './types.js';

/** Landmark 3: the MCollective server (OpenShift node) runs mcollectived connected to ActiveMQ. */
export const server: LandmarkStep = {
	id: 'server',
	number: 3,
	title: 'MCollective server',
	shortTitle: 'Server',
	summary: 'server.cfg → mcollectived running and connected, seen in its log',
	content: 'server',
	// server.cfg and mcollectived live on each node
	roles: ['node'],
	screens: ['checks'],
	checks: [
		{id: 'server-lint', title: 'server.cfg has no known traps'},
		{id: 'service-start', title: 'mcollective service (re)started'},
		{id: 'daemon-process', title: 'mcollectived process is running'},
		{id: 'node-log', title: 'node log shows a connection to the broker'},
		{id: 'self-request', title: 'a request addressed to this node comes back'},
	],
	onPass: 'e2e',
	onFail: 'debug',
};
