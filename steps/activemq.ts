import type {LandmarkStep} from './types.js';

/**
 * The message broker host (msg1): activemq.xml rendered from the ingredients and written, then
 * ActiveMQ checked live. The seed's part 1 set this host up before its landmark 2, so it keeps
 * the seed's numbers for the five and is "1b" here.
 */
export const activemq: LandmarkStep = {
	id: 'activemq',
	number: '1b',
	title: 'Message broker',
	shortTitle: 'ActiveMQ',
	summary: 'activemq.xml → ActiveMQ: STOMP bound, topic user logs in, authorization as MCollective needs',
	content: 'activemq',
	// activemq.xml and the ActiveMQ JVM live on the message broker host
	roles: ['message-broker'],
	screens: ['write-config', 'checks'],
	checks: [
		{id: 'amq-process', title: 'ActiveMQ is running'},
		{id: 'amq-config', title: 'activemq.xml gives MCollective what it needs'},
		{id: 'amq-listen', title: 'STOMP port bound where clients reach it'},
		{id: 'amq-login', title: 'topic user logs in'},
		{id: 'amq-authorized', title: 'topic user may use its topics and reply queue'},
		{id: 'amq-refuses', title: 'a destination outside the collectives is refused'},
		{id: 'amq-log', title: 'broker log since its last start is clean'},
	],
	onPass: 'client',
	onFail: 'debug',
};
