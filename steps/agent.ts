import type {LandmarkStep} from './types.js';

/** Landmark 5: the OpenShift messaging packages and agent answer `mco rpc openshift echo`. */
export const agent: LandmarkStep = {
	id: 'agent',
	number: 5,
	title: 'OpenShift agent',
	shortTitle: 'Agent',
	summary: 'OpenShift packages installed, openshift agent loaded, echo answers',
	content: 'agent',
	// `mco rpc openshift echo` is sent from the OpenShift broker host
	roles: ['client'],
	screens: ['checks'],
	checks: [
		{id: 'packages', title: 'OpenShift messaging packages installed'},
		{id: 'agent-inventory', title: 'node lists the openshift agent'},
		{id: 'echo', title: 'mco rpc openshift echo answers'},
	],
	onPass: 'done',
	onFail: 'debug',
};
