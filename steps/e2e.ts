import type {LandmarkStep} from './types.js';

/** Landmark 4: a ping from the client is answered by every expected node. */
export const e2e: LandmarkStep = {
	id: 'e2e',
	number: 4,
	title: 'End to end',
	shortTitle: 'End to end',
	summary: 'mco ping: every expected node answers, clocks agree',
	content: 'e2e',
	// the ping is sent from the OpenShift broker host
	roles: ['client'],
	screens: ['checks'],
	checks: [
		{id: 'ping-nodes', title: 'every expected node answers mco ping'},
		{id: 'clock-offset', title: 'node clocks are within the message TTL'},
	],
	onPass: 'agent',
	onFail: 'debug',
};
