import assert from 'node:assert/strict';
import {existsSync, readFileSync} from 'node:fs';
import {describe, it} from 'node:test';
import {stripVTControlCharacters} from 'node:util';
import {EXIT, exitCodeFor, formatPing, formatRpc, resultJson} from '../../src/commands/mco-output.js';
import {parseRpcArgs} from '../../src/commands/rpc.js';
import type {McoResult, NodeReply} from '../../src/io/mco-client.js';
import {parseAgentDdl} from '../../src/mcollective/ddl.js';
import {RubyFloat, sym} from '../../src/mcollective/marshal.js';
import {FRAMES_DIR} from '../helpers/shared.js';

const FRAMES = FRAMES_DIR;
const base: McoResult = {
	ok: true,
	replies: [],
	rejected: [],
	missing: [],
	directed: false,
	elapsedMs: 1,
	stoppedEarly: false,
};
const reply = (identity: string, ms: number, extra: Partial<NodeReply> = {}): NodeReply => ({
	identity,
	ms,
	body: 'pong',
	...extra,
});
const OPENSHIFT_DDL = `metadata :name => "openshift", :timeout => 10
action "echo", :description => "Echo" do
  display :always
  input :msg, :prompt => "Message", :type => :string, :optional => false, :maxlength => 90
  input :count, :prompt => "N", :type => :integer, :optional => true
  output :msg, :description => "The message", :display_as  => "Message"
  output :time, :description => "Node time", :display_as  => "Time"
end
`;

describe('mco-style output', () => {
	it("ping output is mco ping's, line for line (numbers aside)", () => {
		const ours = formatPing([reply('node1.infra.example.com', 11.22)]);
		const mco = existsSync(`${FRAMES}/ping.mco-output.txt`)
			? stripVTControlCharacters(readFileSync(`${FRAMES}/ping.mco-output.txt`, 'utf8')).replace(/\n+$/, '')
			: 'node1.infra.example.com                  time=11.22 ms\n\n\n---- ping statistics ----\n1 replies max: 11.22 min: 11.22 avg: 11.22 ';
		assert.equal(ours, mco);
		assert.equal(formatPing([]), '\n\n---- ping statistics ----\nNo responses received');
	});

	it("rpc output matches mco rpc's result block and summary, with DDL labels", () => {
		const ddl = parseAgentDdl(OPENSHIFT_DDL).actions.get('echo');
		const result: McoResult = {
			...base,
			discovered: ['node1.infra.example.com'],
			replies: [
				reply('node1.infra.example.com', 11.85, {
					statuscode: 0,
					statusmsg: 'OK',
					data: new Map([
						[sym('msg'), 'foo'],
						[sym('time'), '2026-11-25T04:56:13.064322Z'],
					]),
				}),
			],
		};
		const ours = formatRpc(result, ddl, 11.85);
		const capture = `${FRAMES}/echo.mco-output.txt`;
		if (existsSync(capture)) {
			const mco = stripVTControlCharacters(readFileSync(capture, 'utf8'));
			// mco's block after its discovery/progress lines
			const block = mco.slice(mco.indexOf('node1.infra.example.com')).trimEnd();
			assert.equal(ours.trimEnd(), block);
		}
		assert.match(ours, /^node1\.infra\.example\.com {18}\n {3}Message: foo\n {6}Time: /);
		const failed = formatRpc(
			{
				...base,
				discovered: ['a', 'b'],
				missing: ['b'],
				replies: [reply('a', 1, {statuscode: 4, statusmsg: 'bad', data: new Map()})],
			},
			undefined,
			5,
		);
		assert.match(failed, /^a {40}Invalid Request Data\n {3}bad\n/);
		assert.match(failed, /Finished processing 1 \/ 2 hosts in 5\.00 ms\n\n\nNo response from:\n\n {4}b\n/);
	});
});

describe('exit codes and --json', () => {
	it('each situation has its own code', () => {
		assert.equal(exitCodeFor({...base, replies: [reply('a', 1)]}, 1), EXIT.ok);
		assert.equal(exitCodeFor(base, 1), EXIT.noReplies);
		assert.equal(exitCodeFor({...base, replies: [reply('a', 1)]}, 2), EXIT.partial);
		assert.equal(exitCodeFor({...base, replies: [reply('a', 1)], missing: ['b']}, 1), EXIT.partial);
		assert.equal(exitCodeFor({...base, replies: [reply('a', 1, {statuscode: 1})]}, 1), EXIT.partial);
		assert.equal(
			exitCodeFor({...base, failure: {outcome: 'auth-rejected', phase: 'connect', detail: 'x'}}, 1),
			EXIT.connection,
		);
		assert.equal(
			exitCodeFor({...base, failure: {outcome: 'config', phase: 'config', detail: 'x'}}, 1),
			EXIT.config,
		);
		assert.equal(new Set(Object.values(EXIT)).size, Object.keys(EXIT).length);
	});

	it('the JSON object has a stable shape and plain values', () => {
		const json = resultJson(
			'rpc',
			{
				...base,
				replies: [
					reply('a', 1, {statuscode: 0, statusmsg: 'OK', data: new Map([[sym('pong'), 1795582582]])}),
				],
			},
			0,
		);
		assert.deepEqual(Object.keys(json), [
			'command',
			'ok',
			'exitCode',
			'broker',
			'requestId',
			'directed',
			'discovered',
			'discoveryMs',
			'replies',
			'rejected',
			'missing',
			'elapsedMs',
			'stoppedEarly',
			'failure',
		]);
		assert.deepEqual(json.replies[0]?.data, {pong: 1795582582});
	});
});

describe('DDL and arguments', () => {
	it('reads inputs, outputs, timeout; types k=v like mco', () => {
		const ddl = parseAgentDdl(OPENSHIFT_DDL);
		assert.equal(ddl.timeout, 10);
		const echo = ddl.actions.get('echo');
		assert.deepEqual(
			echo?.inputs.map((i) => [i.name, i.type, i.optional]),
			[
				['msg', 'string', false],
				['count', 'integer', true],
			],
		);
		assert.deepEqual(echo?.outputs, [
			{name: 'msg', displayAs: 'Message'},
			{name: 'time', displayAs: 'Time'},
		]);
		const types = new Map([
			['count', 'integer'],
			['ratio', 'float'],
			['on', 'boolean'],
		]);
		const parsed = parseRpcArgs(['msg=a=b', 'count=5', 'ratio=2', 'on=yes'], types);
		assert.ok('args' in parsed);
		assert.deepEqual(
			[...parsed.args],
			[
				['msg', 'a=b'],
				['count', 5],
				['ratio', new RubyFloat(2)],
				['on', true],
			],
		);
		const bad = parseRpcArgs(['count=five'], types);
		assert.ok('error' in bad && bad.error.includes('not an integer'));
		assert.ok('error' in parseRpcArgs(['novalue'], types));
	});

	it('the real rpcutil DDL, when installed, labels ping as Timestamp', {
		skip:
			!existsSync('/usr/lib/ruby/vendor_ruby/mcollective/agent/rpcutil.ddl') && 'rpcutil.ddl not installed',
	}, () => {
		const ddl = parseAgentDdl(
			readFileSync('/usr/lib/ruby/vendor_ruby/mcollective/agent/rpcutil.ddl', 'utf8'),
		);
		assert.deepEqual(ddl.actions.get('ping')?.outputs, [{name: 'pong', displayAs: 'Timestamp'}]);
		assert.equal(ddl.actions.get('get_fact')?.inputs[0]?.name, 'fact');
	});
});
