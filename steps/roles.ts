/**
 * The three roles as the user reads them. Data only: src/core/role.ts decides, screens and the
 * check command print these words.
 */
import type {Ingredients, Role} from '../src/core/types.js';

export type RoleText = {
	readonly id: Role;
	/** What the seed calls this host. */
	readonly label: string;
	/** A few letters for a narrow header. */
	readonly short: string;
	/** What runs there. */
	readonly runs: string;
	/** The ingredient naming this host (or hosts). */
	readonly hostField: keyof Pick<Ingredients, 'brokerHost' | 'clientHost' | 'nodeIdentities'>;
	/** Secrets this host's files hold: the ones to type again there when the answers file carries none. */
	readonly secrets: readonly (keyof Pick<Ingredients, 'topicPassword' | 'adminPassword' | 'psk'>)[];
};

export const ROLE_TEXT: Readonly<Record<Role, RoleText>> = {
	'message-broker': {
		id: 'message-broker',
		label: 'message broker',
		short: 'ActiveMQ',
		runs: 'ActiveMQ, activemq.xml',
		hostField: 'brokerHost',
		secrets: ['topicPassword', 'adminPassword'],
	},
	client: {
		id: 'client',
		label: 'OpenShift broker',
		short: 'mco client',
		runs: 'the MCollective client: client.cfg, mco',
		hostField: 'clientHost',
		secrets: ['topicPassword', 'psk'],
	},
	node: {
		id: 'node',
		label: 'node',
		short: 'node',
		runs: 'mcollectived, server.cfg',
		hostField: 'nodeIdentities',
		secrets: ['topicPassword', 'psk'],
	},
};

/** content/roles.md: the role question and the "on another host" texts, one `## section` each. */
export const ROLES_CONTENT = 'roles';

/** The sections of content/roles.md the code reads (test/steps-content.test.ts keeps them present). */
export const ROLE_SECTIONS = [
	'question',
	'choose-keys',
	'all',
	'header',
	'unknown',
	'elsewhere',
	'elsewhere-screen',
	'elsewhere-carry',
	'elsewhere-carry-all',
	'elsewhere-carry-some',
	'proven-elsewhere',
	'not-here',
	'no-role',
	'summary',
] as const;
