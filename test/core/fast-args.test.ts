/**
 * ping's argv parsed without commander (src/core/fast-args.ts, spec from src/fast-args-spec.ts)
 * gives the action exactly the options commander gives it, and declines every argv commander
 * rejects or that it cannot be sure of. Commander, on the same program definition, is the reference.
 */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {FAST_ARG_COMMANDS, fastParse} from '../../src/core/fast-args.js';
import {fastArgSpecs} from '../../src/fast-args-spec.js';
import {createProgram} from '../../src/program.js';

type Outcome = {opts: Record<string, unknown>} | {error: string};

/** What commander hands ping's action for `args` (after `ping`), or the error it stops with. */
async function commanderOutcome(args: readonly string[]): Promise<Outcome> {
	const program = createProgram();
	const ping = program.commands.find((c) => c.name() === 'ping');
	assert.ok(ping);
	let captured: Record<string, unknown> | undefined;
	const silent = {writeOut: () => {}, writeErr: () => {}, outputError: () => {}};
	for (const c of [program, ping]) {
		c.exitOverride((e) => {
			throw e;
		});
		c.configureOutput(silent);
	}
	ping.action((opts: Record<string, unknown>) => {
		captured = {...opts};
	});
	try {
		await program.parseAsync(['node', 'mco-wizard', 'ping', ...args]);
	} catch (e) {
		return {error: (e as {code?: string}).code ?? String(e)};
	}
	assert.ok(captured, `commander ran no action for ${args.join(' ')}`);
	return {opts: captured};
}

const spec = fastArgSpecs().ping;

/** Every option, both forms, short flags, repeats, defaults: the fast path must take these. */
const ACCEPTED: string[][] = [
	['-c', 'client.cfg'],
	['--config', 'client.cfg'],
	['--config=client.cfg'],
	['-cclient.cfg'],
	['-c', 'client.cfg', '--expect', '1'],
	['-c', 'client.cfg', '--expect=0'],
	['--expect', '3', '-c', 'a.cfg'],
	['-c', 'client.cfg', '-t', '1'],
	['-c', 'client.cfg', '-t0.5'],
	['-c', 'client.cfg', '--timeout', '3600'],
	['-c', 'client.cfg', '--timeout=2', '-t', '7'],
	['-c', 'client.cfg', '--connect-timeout', '2'],
	['-c', 'client.cfg', '--connect-timeout=0.25'],
	['-c', 'client.cfg', '--json'],
	['--json', '-c', 'client.cfg', '--json'],
	['-c', 'client.cfg', '--expect-file', 'ids.txt'],
	['-c', 'client.cfg', '--expect-file=ids.txt', '--expect', '2'],
	['-c', 'client.cfg', '--server-config', 'server.cfg'],
	['-c', 'client.cfg', '-T', 'mcollective'],
	['-c', 'client.cfg', '--target=other'],
	['-c', 'client.cfg', '-I', 'node1'],
	['-c', 'client.cfg', '-I', 'node1', '-I', '/node\\d/'],
	['-c', 'client.cfg', '--identity', 'a', '--identity=b', '-Ic'],
	['-c', 'client.cfg', '-A', 'openshift', '--agent', 'rpcutil'],
	['-c', 'one.cfg', '-c', 'two.cfg'],
	['-c=x.cfg', '-I=a'],
	[
		'-c',
		'client.cfg',
		'-t',
		'2',
		'--connect-timeout',
		'1',
		'--expect',
		'2',
		'--expect-file',
		'ids',
		'-I',
		'n1',
		'-A',
		'rpcutil',
		'-T',
		'mcollective',
		'--server-config',
		's.cfg',
		'--json',
	],
];

/** Commander's to answer: its errors, its help, and what the fast parse cannot be sure of. */
const DECLINED: string[][] = [
	[],
	['--expect', '1'],
	['-c'],
	['-c', 'client.cfg', '--bogus'],
	['-c', 'client.cfg', 'extra'],
	['-c', 'client.cfg', '--expect', '-1'],
	['-c', 'client.cfg', '--expect', '1.5'],
	['-c', 'client.cfg', '--expect', 'x'],
	['-c', 'client.cfg', '-t', '0'],
	['-c', 'client.cfg', '-t', '3601'],
	['-c', 'client.cfg', '-t', 'abc', '-t', '5'],
	['-c', 'client.cfg', '--connect-timeout', 'soon'],
	['-c', 'client.cfg', '--json=yes'],
	['-c', 'client.cfg', '-I', 'a', 'b'],
	['-c', '--json'],
	['-c', 'client.cfg', '--help'],
	['-h'],
	['-c', 'client.cfg', '-V'],
	['-c', 'client.cfg', '--version'],
	['-c', 'client.cfg', '--', '--json'],
	['-c', 'client.cfg', '--exp', '1'],
];

describe('ping argv without commander (issue 12)', () => {
	it('the spec covers every option ping defines', () => {
		const ping = createProgram().commands.find((c) => c.name() === 'ping');
		assert.deepEqual(
			spec?.options.map((o) => o.attribute).sort(),
			ping?.options.map((o) => o.attributeName()).sort(),
		);
		assert.deepEqual([...FAST_ARG_COMMANDS], ['ping']);
	});

	for (const args of ACCEPTED) {
		it(`takes ${JSON.stringify(args)} with commander's options`, async () => {
			assert.ok(spec);
			const fast = fastParse(args, spec);
			const reference = await commanderOutcome(args);
			assert.ok('opts' in reference, `commander rejected ${JSON.stringify(reference)}`);
			assert.deepEqual(fast, reference.opts);
		});
	}

	for (const args of DECLINED) {
		it(`leaves ${JSON.stringify(args)} to commander`, async () => {
			assert.ok(spec);
			assert.equal(fastParse(args, spec), undefined);
			// Where commander accepts it after all, the decline only costs time, never a wrong answer.
			await commanderOutcome(args);
		});
	}
});
