/**
 * Where requests go and where replies come back, per connector, with the headers the Ruby
 * connectors put on each SEND (wire spec §2.2-2.4):
 * - activemq: broadcast `/topic/<c>.<agent>.agent`, directed `/queue/<c>.nodes` + `mc_identity`,
 *   replies on `/queue/<c>.reply.<identity>_<pid>.<seq>` (subscribed BEFORE publishing),
 *   absolute `expires` = (now + ttl + 10) s in ms.
 * - rabbitmq: `/exchange/<c>_broadcast/<agent>`, `/exchange/<c>_directed/<node>`, replies via
 *   `reply-to:/temp-queue/mcollective_reply_<agent>` (no SUBSCRIBE) or the reply exchange,
 *   relative `expiration` = (ttl + 10) s in ms.
 * - stomp (2.2 and older, the seed's): `/topic/<c>.<agent>.command`, replies on
 *   `/topic/<c>.<agent>.reply`; no directed mode.
 */
export type ConnectorKind = 'activemq' | 'rabbitmq' | 'stomp';

export type PlannedSend = {
	readonly destination: string;
	readonly headers: Readonly<Record<string, string>>;
	/** The node this SEND targets (directed mode). */
	readonly node?: string;
};

export type RequestPlan = {
	/** SUBSCRIBE before the SENDs (undefined: the broker routes replies itself, RabbitMQ temp-queue). */
	readonly subscribe:
		| {readonly destination: string; readonly headers: Readonly<Record<string, string>>}
		| undefined;
	readonly replyTo: string;
	readonly sends: readonly PlannedSend[];
	/** Whether the request went one SEND per node. */
	readonly directed: boolean;
};

export type PlanInput = {
	readonly connector: ConnectorKind;
	readonly collective: string;
	readonly agent: string;
	/** Client identity (mc_sender, reply queue name). */
	readonly identity: string;
	readonly pid: number;
	/** Client.request_sequence: 1 for the first request of this process, then 2, … */
	readonly seq: number;
	readonly ttl: number;
	/** Our clock, epoch ms. */
	readonly nowMs: number;
	/** Nodes to address directly; undefined or empty = broadcast. */
	readonly nodes?: readonly string[];
	readonly agentsMultiplex?: boolean;
	readonly priority?: number;
	readonly useReplyExchange?: boolean;
	readonly topicPrefix?: string;
};

/** Per-client reply queue of the activemq connector (client.rb:44-47, activemq.rb:570). */
export function activemqReplyQueue(collective: string, identity: string, pid: number, seq: number): string {
	return `/queue/${collective}.reply.${identity}_${pid}.${seq}`;
}

export function planRequest(input: PlanInput): RequestPlan {
	const nodes = input.nodes ?? [];
	const directed = nodes.length > 0 && input.connector !== 'stomp';
	switch (input.connector) {
		case 'activemq': {
			const replyTo = activemqReplyQueue(input.collective, input.identity, input.pid, input.seq);
			const nowS = Math.floor(input.nowMs / 1000);
			const base = (node?: string): Record<string, string> => ({
				...(input.priority && input.priority > 0 ? {priority: String(input.priority)} : {}),
				timestamp: String(nowS * 1000),
				expires: String((nowS + input.ttl + 10) * 1000),
				'reply-to': replyTo,
				...(node !== undefined ? {mc_identity: node} : {}),
				mc_sender: input.identity,
			});
			const sends: PlannedSend[] = directed
				? nodes.map((node) => ({destination: `/queue/${input.collective}.nodes`, headers: base(node), node}))
				: [
						{
							destination: input.agentsMultiplex
								? `/topic/${input.collective}.agents`
								: `/topic/${input.collective}.${input.agent}.agent`,
							headers: base(),
						},
					];
			return {subscribe: {destination: replyTo, headers: {}}, replyTo, sends, directed};
		}
		case 'rabbitmq': {
			const replyTo = input.useReplyExchange
				? `/exchange/mcollective_reply/${input.identity}_${input.pid}_${input.seq}`
				: `/temp-queue/mcollective_reply_${input.agent}`;
			const headers = {
				'reply-to': replyTo,
				expiration: String((input.ttl + 10) * 1000),
				mc_sender: input.identity,
			};
			const sends: PlannedSend[] = directed
				? nodes.map((node) => ({
						destination: `/exchange/${input.collective}_directed/${node}`,
						headers,
						node,
					}))
				: [
						{
							destination: input.agentsMultiplex
								? `/exchange/${input.collective}_broadcast`
								: `/exchange/${input.collective}_broadcast/${input.agent}`,
							headers,
						},
					];
			return {
				subscribe: input.useReplyExchange
					? {destination: replyTo, headers: {id: `mcollective_${input.agent}_replies`}}
					: undefined,
				replyTo,
				sends,
				directed,
			};
		}
		case 'stomp': {
			const prefix = input.topicPrefix ?? '/topic/';
			const replyTo = `${prefix}${input.collective}.${input.agent}.reply`;
			return {
				subscribe: {destination: replyTo, headers: {}},
				replyTo,
				sends: [{destination: `${prefix}${input.collective}.${input.agent}.command`, headers: {}}],
				directed: false,
			};
		}
	}
}

/**
 * What a client must be allowed to SUBSCRIBE to before it can ping (the subscribe rung): its reply
 * destination in the main collective and the discovery agent's broadcast destination in every
 * collective, named by the same planRequest a real request uses. An unknown connector is named
 * as activemq (the file is already wrong; lint says so).
 */
export function clientSubscriptions(input: {
	readonly connector: string;
	readonly mainCollective: string;
	readonly collectives: readonly string[];
	readonly identity: string;
	readonly pid: number;
}): string[] {
	const connector: ConnectorKind =
		input.connector === 'rabbitmq' || input.connector === 'stomp' ? input.connector : 'activemq';
	const plan = (collective: string) =>
		planRequest({
			connector,
			collective,
			agent: 'discovery',
			identity: input.identity,
			pid: input.pid,
			seq: 1,
			ttl: 60,
			nowMs: 0,
		});
	const reply = plan(input.mainCollective).subscribe?.destination;
	const broadcasts = input.collectives.flatMap((c) => plan(c).sends.map((send) => send.destination));
	return [...(reply !== undefined ? [reply] : []), ...broadcasts];
}
