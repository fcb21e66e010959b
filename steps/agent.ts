import type {LandmarkStep} from './types.js';

/**
 * Landmark 5: the OpenShift messaging packages and agent answer `mco rpc openshift echo`. From the
 * OpenShift broker host `mco` asks the nodes; on a node the wizard reads the agent's files and the
 * node log and asks the node itself, so the node names its own agent faults (F17).
 */
export const agent: LandmarkStep = {
	id: 'agent',
	number: 5,
	title: 'OpenShift agent',
	shortTitle: 'Agent',
	summary: 'OpenShift packages installed, openshift agent loaded, echo answers',
	content: 'agent',
	// `mco rpc openshift echo` is sent from the OpenShift broker host; the agent itself lives on each node
	roles: ['client', 'node'],
	screens: ['checks'],
	checks: [
		{id: 'packages', title: 'OpenShift messaging packages installed'},
		{id: 'agent-inventory', title: 'node lists the openshift agent', roles: ['client']},
		{id: 'echo', title: 'mco rpc openshift echo answers', roles: ['client']},
		{id: 'agent-files', title: "openshift agent files in server.cfg's libdir", roles: ['node']},
		{id: 'agent-load', title: 'node log: the agent loaded at the last start', roles: ['node']},
		{id: 'agent-self', title: 'this node lists the openshift agent to itself', roles: ['node']},
	],
	onPass: 'done',
	onFail: 'debug',
};
