/**
 * runLandmark itself over fakes: the order comes from steps/, a rung that overruns its budget
 * ends on time as a timeout, the caller's signal aborts the run, Retry re-runs from a rung, and a
 * landmark without checks passes without touching the host.
 */
import assert from 'node:assert/strict';
import {after, describe, it, mock} from 'node:test';
import {runLandmark} from '../../src/checks/index.js';
import type {RpcOutcome} from '../../src/io/check-io.js';
import {stepFor} from '../../steps/index.js';
import {fakeIO} from './fake-io.js';
import {allInOne, context, fakeCollective, ingredientsAt, NODE} from './fake-lab.js';

// the node's own request (self-request) goes to a fake broker where NODE answers, never to a real one
const broker = await fakeCollective([{identity: NODE}], () => undefined);
after(() => broker.close());
const ingredients = ingredientsAt(broker.port);

describe('runLandmark over fakes', () => {
	it('a rung that overruns its budget ends on time with outcome timeout, its signal aborted', async () => {
		let seen: AbortSignal | undefined;
		// `mco rpc` that never returns, whatever its own timeout says
		const hung = (o: {signal?: AbortSignal}) => {
			seen = o.signal;
			return new Promise<RpcOutcome>(() => {});
		};
		const io = fakeIO(allInOne(ingredients, {rpc: hung}));
		const r = await runLandmark('agent', context(io, ingredients, {timeoutMs: 50}));
		const inventory = r.checks.find((c) => c.id === 'agent-inventory');
		assert.equal(inventory?.ok, false);
		assert.deepEqual(inventory?.data, {outcome: 'timeout'});
		assert.equal(inventory?.evidence, 'no result within 2050 ms');
		assert.equal(seen?.aborted, true, 'the rung was told to stop');
		assert.equal(r.checks.find((c) => c.id === 'echo')?.evidence, 'not run: an earlier check failed');
		// (the test ending at all is the proof: the hung call never returns)
	});

	it("the caller's signal aborts a running rung; later rungs are not run", async () => {
		const at = ingredients;
		const controller = new AbortController();
		const io = fakeIO(allInOne(at, {commands: {'/bin/sh -c systemctl restart mcollective': 'hang'}}));
		const run = runLandmark(
			'server',
			context(io, at, {
				signal: controller.signal,
				timeoutMs: 60_000,
				confirm: async () => {
					setImmediate(() => controller.abort());
					return true;
				},
			}),
		);
		const r = await run;
		const restart = r.checks.find((c) => c.id === 'service-start');
		assert.equal(restart?.ok, false);
		assert.match(restart?.evidence ?? '', /systemctl restart mcollective: exit null/);
		assert.deepEqual(
			r.checks.slice(2).map((c) => c.evidence),
			[
				'not run: an earlier check failed',
				'not run: an earlier check failed',
				'not run: an earlier check failed',
			],
		);
	});

	it('Retry from a rung runs that rung and the ones after it, and only those', async () => {
		const io = fakeIO(allInOne(ingredients));
		const events: string[] = [];
		const r = await runLandmark('server', context(io, ingredients), {
			from: 'daemon-process',
			onProgress: (e) => events.push(`${e.phase} ${e.checkId}`),
		});
		assert.deepEqual(
			r.checks.map((c) => c.id),
			['daemon-process', 'node-log', 'self-request'],
		);
		assert.deepEqual(events, [
			'start daemon-process',
			'done daemon-process',
			'start node-log',
			'done node-log',
			'start self-request',
			'done self-request',
		]);
		assert.equal(r.ok, true);
		assert.ok(!io.calls.some((c) => c.startsWith('exec')), 'the restart before it was not run again');
	});

	it('an unknown `from` runs the whole ladder', async () => {
		const r = await runLandmark('server', context(fakeIO(allInOne(ingredients)), ingredients), {
			from: 'nope',
		});
		assert.deepEqual(
			r.checks.map((c) => c.id),
			stepFor('server').checks.map((c) => c.id),
		);
	});

	it('a rung that throws fails with the message as its evidence', async () => {
		const io = fakeIO(allInOne(ingredients));
		const broken = {
			...io,
			runningDaemons: async () => {
				throw new Error('proc went away');
			},
		};
		const r = await runLandmark('server', context(broken, ingredients), {from: 'daemon-process'});
		assert.equal(r.checks[0]?.ok, false);
		assert.equal(r.checks[0]?.evidence, 'proc went away');
	});

	it('the ingredients landmark has no checks: it passes and touches nothing', async () => {
		const io = fakeIO(allInOne(ingredients));
		const r = await runLandmark('ingredients', context(io, ingredients));
		assert.deepEqual(r, {step: 'ingredients', ok: true, checks: [], diagnosis: null});
		assert.deepEqual(io.calls, []);
	});

	it('the time a person takes to answer the restart question is not counted against the rung', async () => {
		// service-start's budget is 30 s; the answer comes 40 s (mocked clock) after the question
		mock.timers.enable({apis: ['setTimeout']});
		try {
			const io = fakeIO(
				allInOne(ingredients, {commands: {'/bin/sh -c systemctl restart mcollective': {code: 0}}}),
			);
			const r = await runLandmark(
				'server',
				context(io, ingredients, {
					confirm: async () => {
						mock.timers.tick(40_000);
						mock.timers.reset();
						return true;
					},
				}),
				{from: 'service-start'},
			);
			const restart = r.checks.find((c) => c.id === 'service-start');
			assert.equal(restart?.ok, true, restart?.evidence);
			assert.match(restart?.evidence ?? '', /systemctl restart mcollective: done/);
		} finally {
			mock.timers.reset();
		}
	});
});
