/**
 * ping's and rpc's argv parsed without commander (src/core/fast-args.ts, spec from src/fast-args-spec.ts)
 * gives the action exactly the options commander gives it, and declines every argv commander
 * rejects or that it cannot be sure of. Commander, on the same program definition, is the reference.
 */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {FAST_ARG_COMMANDS, fastParse} from '../../src/core/fast-args.js';
import {fastArgSpecs} from '../../src/fast-args-spec.js';
import {createProgram} from '../../src/program.js';

type Outcome = {parsed: {operands: unknown[]; opts: Record<string, unknown>}} | {error: string};

/** What commander hands `name`'s action for `args` (after the name), or the error it stops with. */
async function commanderOutcome(args: readonly string[], name = 'ping'): Promise<Outcome> {
	const program = createProgram();
	const command = program.commands.find((c) => c.name() === name);
	assert.ok(command);
	let captured: Outcome | undefined;
	const silent = {writeOut: () => {}, writeErr: () => {}, outputError: () => {}};
	for (const c of [program, command]) {
		c.exitOverride((e) => {
			throw e;
		});
		c.configureOutput(silent);
	}
	// commander calls the action with the operands, the options, and the command itself.
	command.action((...received: unknown[]) => {
		const operands = received.slice(0, -2);
		captured = {parsed: {operands, opts: {...(received.at(-2) as Record<string, unknown>)}}};
	});
	try {
		await program.parseAsync(['node', 'mco-wizard', name, ...args]);
	} catch (e) {
		return {error: (e as {code?: string}).code ?? String(e)};
	}
	assert.ok(captured, `commander ran no action for ${args.join(' ')}`);
	return captured;
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
		assert.deepEqual([...FAST_ARG_COMMANDS], ['ping', 'rpc']);
	});

	for (const args of ACCEPTED) {
		it(`takes ${JSON.stringify(args)} with commander's options`, async () => {
			assert.ok(spec);
			const fast = fastParse(args, spec);
			const reference = await commanderOutcome(args);
			assert.ok('parsed' in reference, `commander rejected ${JSON.stringify(reference)}`);
			assert.deepEqual(fast, reference.parsed);
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

const rpcSpec = fastArgSpecs().rpc;

/** rpc's operands (agent, action, key=value…) among its options, in every order commander takes. */
const RPC_ACCEPTED: string[][] = [
	['rpcutil', 'ping', '-c', 'client.cfg'],
	['-c', 'client.cfg', 'rpcutil', 'ping'],
	['rpcutil', '-c', 'client.cfg', 'ping'],
	['rpcutil', 'ping', '-c', 'client.cfg', '-I', 'node1'],
	['rpcutil', 'ping', '-c', 'client.cfg', '-I', 'node1', '-I', 'node2'],
	['rpcutil', 'ping', '-I', 'node1', '-c', 'client.cfg'],
	['rpcutil', 'ping', '-I', 'node1', '--json', '-c', 'client.cfg'],
	['openshift', 'echo', 'msg=foo', '-c', 'client.cfg'],
	['openshift', 'echo', 'msg=foo', 'n=1', 'flag=true', '-c', 'client.cfg'],
	['openshift', 'echo', '-c', 'client.cfg', 'msg=foo'],
	['openshift', 'echo', 'msg=', '-c', 'client.cfg'],
	['openshift', 'echo', 'msg=a=b c', '-c', 'client.cfg'],
	['openshift', 'echo', 'msg=-x', '-c', 'client.cfg'],
	['openshift', 'echo', 'not-a-pair', '-c', 'client.cfg'],
	['Bad-Agent!', 'x y', '-c', 'client.cfg'],
	['rpcutil', 'ping', '-c', 'client.cfg', '-t', '5', '--dt', '1'],
	['rpcutil', 'ping', '-c', 'client.cfg', '--discovery-timeout', '1.5'],
	['rpcutil', 'ping', '-c', 'client.cfg', '--dt=2'],
	['rpcutil', 'ping', '-c', 'client.cfg', '--dt', '1', '--discovery-timeout', '2'],
	['rpcutil', 'ping', '-c', 'client.cfg', '--discovery-timeout', '2', '--dt', '1'],
	['rpcutil', 'ping', '-c', 'client.cfg', '--expect', '0', '--connect-timeout', '0.5'],
	['rpcutil', 'ping', '-c', 'client.cfg', '-T', 'other', '--server-config', 's.cfg', '--json'],
	['rpcutil', 'ping', '-c', 'client.cfg', '--identity=a', '-Ib'],
	['rpcutil', 'ping', '-c', 'client.cfg', '-I', '/node\\d/'],
	['rpcutil', 'ping', '-c', 'one.cfg', '-c', 'two.cfg'],
];

/** rpc's argv commander rejects, or that the fast parse cannot be sure of. */
const RPC_DECLINED: string[][] = [
	[],
	['-c', 'client.cfg'],
	['rpcutil', '-c', 'client.cfg'],
	['rpcutil', 'ping'],
	['rpcutil', 'ping', '-c'],
	['rpcutil', 'ping', '-c', 'client.cfg', '--bogus'],
	['rpcutil', 'ping', '-c', 'client.cfg', '-I', 'node1', 'msg=foo'],
	['-I', 'node1', 'rpcutil', 'ping', '-c', 'client.cfg'],
	['rpcutil', 'ping', '-c', 'client.cfg', '-Inode1', 'x=1'],
	['rpcutil', 'ping', '-c', 'client.cfg', '--identity=node1', 'x=1'],
	['rpcutil', 'ping', '-c', 'client.cfg', '--', 'x=1'],
	['rpcutil', 'ping', '-c', 'client.cfg', '--', '--json'],
	['rpcutil', 'ping', '-c', 'client.cfg', '-'],
	['rpcutil', 'ping', '-c', 'client.cfg', '-5'],
	['rpcutil', 'ping', '-c', 'client.cfg', '-I', 'a', '-5'],
	['rpcutil', 'ping', '-c', 'client.cfg', '-t', '0'],
	['rpcutil', 'ping', '-c', 'client.cfg', '--dt', '3601'],
	['rpcutil', 'ping', '-c', 'client.cfg', '--dt', 'x', '--dt', '1'],
	['rpcutil', 'ping', '-c', 'client.cfg', '-dt', '1'],
	['rpcutil', 'ping', '-c', 'client.cfg', '--d', '1'],
	['rpcutil', 'ping', '-c', 'client.cfg', '--expect', '-1'],
	['rpcutil', 'ping', '-c', 'client.cfg', '--json=yes'],
	['rpcutil', 'ping', '-c', 'client.cfg', '-A', 'rpcutil'],
	['rpcutil', 'ping', '-c', 'client.cfg', '--expect-file', 'ids'],
	['rpcutil', 'ping', '-c', '--json'],
	['rpcutil', 'ping', '-c', 'client.cfg', '--help'],
	['rpcutil', 'ping', '-c', 'client.cfg', '-h'],
	['rpcutil', 'ping', '-c', 'client.cfg', '-V'],
	['rpcutil', 'ping', '-c', 'client.cfg', '--version'],
];

describe('rpc argv without commander (issue 12)', () => {
	it('the spec covers every option and operand rpc defines', () => {
		const rpc = createProgram().commands.find((c) => c.name() === 'rpc');
		assert.deepEqual(
			rpcSpec?.options.map((o) => o.attribute).sort(),
			rpc?.options.map((o) => o.attributeName()).sort(),
		);
		assert.deepEqual(rpcSpec?.operands, [
			{name: 'agent', required: true, variadic: false},
			{name: 'action', required: true, variadic: false},
			{name: 'args', required: false, variadic: true},
		]);
		assert.deepEqual(
			rpcSpec?.options.find((o) => o.attribute === 'discoveryTimeout'),
			{
				attribute: 'discoveryTimeout',
				long: 'discovery-timeout',
				alias: 'dt',
				value: 'seconds',
				variadic: false,
				mandatory: false,
			},
		);
	});

	for (const args of RPC_ACCEPTED) {
		it(`takes ${JSON.stringify(args)} with commander's operands and options`, async () => {
			assert.ok(rpcSpec);
			const fast = fastParse(args, rpcSpec);
			const reference = await commanderOutcome(args, 'rpc');
			assert.ok('parsed' in reference, `commander rejected ${JSON.stringify(reference)}`);
			assert.deepEqual(fast, reference.parsed);
		});
	}

	for (const args of RPC_DECLINED) {
		it(`leaves ${JSON.stringify(args)} to commander`, async () => {
			assert.ok(rpcSpec);
			assert.equal(fastParse(args, rpcSpec), undefined);
			await commanderOutcome(args, 'rpc');
		});
	}
});
