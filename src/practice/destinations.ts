/**
 * The practice broker's routing: topics copy each message to every matching subscription,
 * queues hand each message to one matching consumer (round robin) and keep it, bounded, while
 * nobody matching is subscribed. Expired messages (`expires` in epoch ms, ActiveMQ's absolute
 * JMSExpiration) are dropped on arrival and before every dispatch, as ActiveMQ does — which is how
 * a node whose clock is behind loses its replies.
 */
import {type DestinationKind, wildcardMatches} from './auth.js';
import {type Selector, selects} from './selector.js';

export type StoredMessage = {
	readonly id: string;
	/** The destination as the sender wrote it (`/queue/x`), echoed in MESSAGE frames. */
	readonly destination: string;
	/** SEND headers to pass on (control headers removed). */
	readonly headers: Readonly<Record<string, string>>;
	readonly body: Uint8Array;
	/** Epoch ms; 0 = never. */
	readonly expires: number;
};

/** A place a subscription can deliver to; false = it cannot take more now (slow consumer). */
export type Consumer = {
	readonly selector: Selector | undefined;
	deliver(message: StoredMessage): boolean;
};

export type RouteOutcome = 'delivered' | 'queued' | 'expired' | 'dropped-no-subscriber' | 'queue-full';

export type RouterLimits = {
	/** Messages kept per queue while no matching consumer takes them. */
	readonly maxQueueDepth: number;
	/** Destinations in existence at once (each SUBSCRIBE/SEND to a new name creates one). */
	readonly maxDestinations: number;
};

export const DEFAULT_ROUTER_LIMITS: RouterLimits = {maxQueueDepth: 1000, maxDestinations: 10_000};

type Destination = {
	readonly kind: DestinationKind;
	readonly name: string;
	readonly consumers: Consumer[];
	readonly pending: StoredMessage[];
	next: number;
};

/** `/queue/a.b` → queue a.b; `/topic/a` → topic a; any other name is a queue of that name (ActiveMQ). */
export function physicalName(destination: string): {kind: DestinationKind; name: string} {
	if (destination.startsWith('/queue/')) return {kind: 'queue', name: destination.slice(7)};
	if (destination.startsWith('/topic/')) return {kind: 'topic', name: destination.slice(7)};
	return {kind: 'queue', name: destination};
}

export class Router {
	private readonly destinations = new Map<string, Destination>();
	private readonly limits: RouterLimits;
	/** Counters for the range's status line and tests. */
	readonly counts = {delivered: 0, expired: 0, queueFull: 0, noSubscriber: 0};
	/**
	 * Topic subscriptions with ActiveMQ wildcards (`*` one segment, `>` the rest), e.g. the
	 * wizard's `ActiveMQ.Advisory.Expired.Queue.mcollective.reply.>`: a message to a topic also
	 * reaches the subscribers of every pattern matching its name, as in ActiveMQ.
	 */
	private readonly wildcardTopics = new Set<string>();

	constructor(
		private readonly now: () => number,
		limits: Partial<RouterLimits> = {},
		/** Told of every message dropped as expired (the broker fires ActiveMQ's Expired advisory). */
		private readonly onExpired: (
			kind: DestinationKind,
			name: string,
			message: StoredMessage,
		) => void = () => {},
	) {
		this.limits = {...DEFAULT_ROUTER_LIMITS, ...limits};
	}

	private key(kind: DestinationKind, name: string): string {
		return `${kind}://${name}`;
	}

	/** undefined when the broker already holds maxDestinations. */
	private destination(kind: DestinationKind, name: string, create: boolean): Destination | undefined {
		const key = this.key(kind, name);
		let dest = this.destinations.get(key);
		if (!dest && create) {
			if (this.destinations.size >= this.limits.maxDestinations) this.collect();
			if (this.destinations.size >= this.limits.maxDestinations) return undefined;
			dest = {kind, name, consumers: [], pending: [], next: 0};
			this.destinations.set(key, dest);
		}
		return dest;
	}

	/** Forget destinations with no consumer and no pending message (ActiveMQ's gcInactiveDestinations). */
	private collect(): void {
		for (const [key, dest] of this.destinations) {
			this.purgeExpired(dest);
			if (dest.consumers.length === 0 && dest.pending.length === 0) {
				this.destinations.delete(key);
				if (dest.kind === 'topic') this.wildcardTopics.delete(dest.name);
			}
		}
	}

	get destinationCount(): number {
		return this.destinations.size;
	}

	pendingCount(kind: DestinationKind, name: string): number {
		const dest = this.destinations.get(this.key(kind, name));
		if (!dest) return 0;
		this.purgeExpired(dest);
		return dest.pending.length;
	}

	private expired(message: StoredMessage): boolean {
		return message.expires > 0 && message.expires <= this.now();
	}

	private purgeExpired(dest: Destination): void {
		for (let i = dest.pending.length - 1; i >= 0; i--) {
			const message = dest.pending[i] as StoredMessage;
			if (!this.expired(message)) continue;
			dest.pending.splice(i, 1);
			this.counts.expired++;
			this.onExpired(dest.kind, dest.name, message);
		}
	}

	/** false when the destination table is full. */
	addConsumer(kind: DestinationKind, name: string, consumer: Consumer): boolean {
		const dest = this.destination(kind, name, true);
		if (!dest) return false;
		if (kind === 'topic' && isWildcard(name)) this.wildcardTopics.add(name);
		dest.consumers.push(consumer);
		if (kind === 'queue') this.drain(dest);
		return true;
	}

	removeConsumer(kind: DestinationKind, name: string, consumer: Consumer): void {
		const key = this.key(kind, name);
		const dest = this.destinations.get(key);
		if (!dest) return;
		const at = dest.consumers.indexOf(consumer);
		if (at >= 0) dest.consumers.splice(at, 1);
		if (dest.consumers.length === 0 && dest.pending.length === 0) {
			this.destinations.delete(key);
			this.wildcardTopics.delete(name);
		}
	}

	route(kind: DestinationKind, name: string, message: StoredMessage): RouteOutcome {
		if (this.expired(message)) {
			this.counts.expired++;
			this.onExpired(kind, name, message);
			return 'expired';
		}
		if (kind === 'topic') {
			const dest = this.destinations.get(this.key(kind, name));
			const subscribers = [...(dest?.consumers ?? [])];
			for (const pattern of this.wildcardTopics) {
				if (pattern === name || !wildcardMatches(pattern, name)) continue;
				subscribers.push(...(this.destinations.get(this.key('topic', pattern))?.consumers ?? []));
			}
			let delivered = false;
			for (const consumer of subscribers) {
				if (consumer.selector && !selects(consumer.selector, message.headers)) continue;
				// a slow topic subscriber loses the message (ActiveMQ's pending-message limit for
				// non-durable topic subscribers); the others still get it
				if (consumer.deliver(message)) delivered = true;
			}
			if (delivered) this.counts.delivered++;
			else this.counts.noSubscriber++;
			return delivered ? 'delivered' : 'dropped-no-subscriber';
		}
		const dest = this.destination(kind, name, true);
		if (!dest) {
			this.counts.queueFull++;
			return 'queue-full';
		}
		if (this.offer(dest, message)) {
			this.counts.delivered++;
			return 'delivered';
		}
		this.purgeExpired(dest);
		if (dest.pending.length >= this.limits.maxQueueDepth) {
			this.counts.queueFull++;
			return 'queue-full';
		}
		dest.pending.push(message);
		return 'queued';
	}

	/** One matching consumer takes it, starting after the last one served. */
	private offer(dest: Destination, message: StoredMessage): boolean {
		const n = dest.consumers.length;
		for (let i = 0; i < n; i++) {
			const at = (dest.next + i) % n;
			const consumer = dest.consumers[at] as Consumer;
			if (consumer.selector && !selects(consumer.selector, message.headers)) continue;
			if (consumer.deliver(message)) {
				dest.next = (at + 1) % n;
				return true;
			}
		}
		return false;
	}

	/** Hand queued messages to consumers that can take them now (new consumer, drained socket). */
	drain(dest?: Destination): void {
		const targets = dest ? [dest] : [...this.destinations.values()].filter((d) => d.kind === 'queue');
		for (const d of targets) {
			this.purgeExpired(d);
			for (let i = 0; i < d.pending.length; ) {
				if (this.offer(d, d.pending[i] as StoredMessage)) {
					d.pending.splice(i, 1);
					this.counts.delivered++;
				} else i++;
			}
		}
	}

	/** Periodic sweep: expired messages out, idle destinations forgotten. */
	sweep(): void {
		this.collect();
	}
}

/** A destination name with an ActiveMQ wildcard segment. */
function isWildcard(name: string): boolean {
	return name.split('.').some((part) => part === '*' || part === '>');
}
