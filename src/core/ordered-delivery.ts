/**
 * Events that need a value still being fetched (the secrets to redact a check's result with):
 * each waits for it, none overtakes an earlier one, and once the value is there and nothing
 * waits, an event goes through at once.
 */
export type OrderedDelivery<T> = {
	readonly push: (event: T) => void;
	/** Settles once every event pushed so far has been delivered. */
	readonly drained: () => Promise<void>;
};

export function deliverInOrderWhen<T, V>(
	ready: Promise<V>,
	deliver: (event: T, value: V) => void,
): OrderedDelivery<T> {
	let known: {readonly value: V} | undefined;
	const settled = ready.then((value) => {
		known = {value};
		return value;
	});
	let queue: Promise<void> = Promise.resolve();
	let waiting = 0;
	return {
		push(event) {
			if (known && waiting === 0) return deliver(event, known.value);
			waiting++;
			queue = queue
				.then(() => settled)
				.then((value) => {
					waiting--;
					deliver(event, value);
				});
		},
		drained: () => queue,
	};
}
