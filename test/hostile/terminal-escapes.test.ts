import assert from 'node:assert/strict';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {runCheck} from '../../src/commands/check.js';
import {formatPing} from '../../src/commands/mco-output.js';
import {runPing} from '../../src/commands/ping.js';
import {forTerminal, oneLine} from '../../src/core/sanitize.js';
import {type HostileBroker, rawFrame, startHostileBroker} from './hostile-broker.js';

const TITLE = '\u001b]0;pwned\u0007';
const CLEAR = '\u001b[2J';
// biome-ignore lint/suspicious/noControlCharactersInRegex: looking for control characters
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202e]/;

describe('terminal sanitiser', () => {
	it('shows controls as visible escapes and keeps newlines and tabs', () => {
		assert.equal(forTerminal(`a${TITLE}b\n\tc${CLEAR}\r`), 'a\\x1b]0;pwned\\x07b\n\tc\\x1b[2J\\x0d');
		assert.equal(oneLine('a\nb\u202ec'), 'a\\x0ab\\u202ec');
		assert.equal(forTerminal('plain ünïcode ✔'), 'plain ünïcode ✔');
	});
});

describe('hostile text never reaches the terminal raw', () => {
	let dir: string;
	let broker: HostileBroker;
	before(async () => {
		dir = await mkdtemp(join(tmpdir(), 'mco-wizard-esc-'));
		broker = await startHostileBroker((socket) => {
			socket.end(
				rawFrame('ERROR', [`message:User name [x] or password is invalid.${TITLE}${CLEAR}`], `${CLEAR}body`),
			);
		});
	});
	after(async () => {
		await broker.close();
		await rm(dir, {recursive: true, force: true});
	});

	it("the broker's ERROR text in ping's human output", async () => {
		const cfg = join(dir, 'client.cfg');
		await writeFile(
			cfg,
			`plugin.psk = k3yk3yk3y\nconnector = activemq\nplugin.activemq.pool.size = 1\nplugin.activemq.pool.1.host = 127.0.0.1\nplugin.activemq.pool.1.port = ${broker.port}\nplugin.activemq.pool.1.user = mcollective\nplugin.activemq.pool.1.password = pa55w0rd9\n`,
		);
		let text = '';
		await runPing(
			{config: cfg, timeout: 2},
			(t) => {
				text += t;
			},
			(t) => {
				text += t;
			},
		);
		assert.match(text, /password is invalid/);
		assert.doesNotMatch(text, CONTROL, JSON.stringify(text));
	});

	it('a binary answers file in check output', async () => {
		const bin = join(dir, 'binary.ini');
		await writeFile(
			bin,
			Buffer.from(`[ingredients]\nbrokerHost${TITLE} = 1\n${CLEAR}${TITLE}\n[\u001b[31m]\n`),
		);
		let text = '';
		const code = await runCheck(
			{step: 'client', answers: bin, timeout: 1},
			(t) => {
				text += t;
			},
			(t) => {
				text += t;
			},
		);
		assert.equal(code, 2);
		assert.doesNotMatch(text, CONTROL, JSON.stringify(text));
	});

	it('a forged senderid is escaped at the human sink (formatPing output passes the guard)', () => {
		const text = forTerminal(formatPing([{identity: `evil${CLEAR}`, ms: 1, body: null}]));
		assert.doesNotMatch(text, CONTROL);
		assert.match(text, /evil\\x1b\[2J/);
	});
});

describe('answers-file errors carry no control characters (the wizard shows them as notices)', () => {
	it('a section or key name with escapes is not echoed', async () => {
		const {parseAnswers} = await import('../../src/io/answers-file.js');
		const loaded = parseAnswers(`[ev\u001b[2Jil]\nx = 1\n[ingredients]\nkey\u001b]0;t\u0007 = 1\n`, '/tmp');
		assert.ok(loaded.errors.length >= 2);
		for (const e of loaded.errors) assert.doesNotMatch(e, CONTROL, e);
	});
});
