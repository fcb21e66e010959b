import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {deliverInOrderWhen} from '../../src/core/ordered-delivery.js';

function deferred<V>() {
	let resolve: (v: V) => void = () => {};
	const promise = new Promise<V>((r) => {
		resolve = r;
	});
	return {promise, resolve};
}

describe('deliverInOrderWhen', () => {
	it('holds every event until the value is there, then delivers them in the order pushed', async () => {
		const value = deferred<string>();
		const seen: string[] = [];
		const d = deliverInOrderWhen(value.promise, (e: string, v) => seen.push(`${e}:${v}`));
		d.push('a start');
		d.push('a done');
		await new Promise((r) => setImmediate(r));
		assert.deepEqual(seen, [], 'nothing before the value');
		d.push('b start');
		value.resolve('k');
		await d.drained();
		assert.deepEqual(seen, ['a start:k', 'a done:k', 'b start:k']);
	});

	it('an event pushed just as the value arrives does not overtake those still waiting', async () => {
		const value = deferred<string>();
		const seen: string[] = [];
		const d = deliverInOrderWhen(value.promise, (e: string) => seen.push(e));
		d.push('a done');
		value.resolve('k');
		await value.promise;
		d.push('b start');
		await d.drained();
		assert.deepEqual(seen, ['a done', 'b start']);
	});

	it('once the value is there and nothing waits, an event goes through at once', async () => {
		const seen: string[] = [];
		const d = deliverInOrderWhen(Promise.resolve(7), (e: string, v) => seen.push(`${e}:${v}`));
		await d.drained();
		await new Promise((r) => setImmediate(r));
		d.push('x');
		assert.deepEqual(seen, ['x:7']);
	});
});
