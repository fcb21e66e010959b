import type {LandmarkStep} from './types.js';

/** Landmark 1: gather the seed's Ingredients table, then write client.cfg and server.cfg. */
export const ingredients: LandmarkStep = {
	id: 'ingredients',
	number: 1,
	title: 'Ingredients',
	shortTitle: 'Ingredients',
	summary: 'broker host, credentials, psk, connector; client.cfg + server.cfg written',
	content: 'ingredients',
	// every host needs the same values
	roles: ['message-broker', 'client', 'node'],
	screens: ['ingredients-form', 'write-config'],
	checks: [],
	onPass: 'activemq',
	onFail: 'debug',
};
