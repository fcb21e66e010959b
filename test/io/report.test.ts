/**
 * `mco-wizard report` on files with known secrets that contain quotes, backslashes, `#` and `;`
 * in the answers, client.cfg (including the seed's trap: a password on a second `.user` line),
 * server.cfg, a stored last run and the node log: the report holds none of them, is 0600, and
 * says where it went. Real files in a temp dir; only package versions come from this host.
 */
import assert from 'node:assert/strict';
import {mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, it} from 'node:test';
import {runReport} from '../../src/commands/report.js';
import {stringifyAnswers} from '../../src/io/answers-file.js';
import {SEED_INGREDIENTS} from '../fixtures/sample-ingredients.js';

const ANSWER_SECRETS = {topicPassword: 'pa"ss\\word#1;x', adminPassword: "adm'in;#\\z9Q", psk: 'ps"k\\#;42Q'};
const CLIENT_PASSWORD = 'cli"ent\\pw#;7';
const USER_TRAP = 'userpw"\\#;8K';
const SERVER_PASSWORD = 'srv;pw#"\\9M';
const ALL = [...Object.values(ANSWER_SECRETS), CLIENT_PASSWORD, USER_TRAP, SERVER_PASSWORD];

function setup() {
	const dir = mkdtempSync(join(tmpdir(), 'mco-report-'));
	const clientCfg = join(dir, 'client.cfg');
	const serverCfg = join(dir, 'server.cfg');
	const nodeLog = join(dir, 'mcollective.log');
	const common = [
		'main_collective = mcollective',
		'collectives = mcollective',
		'securityprovider = psk',
		`plugin.psk = ${ANSWER_SECRETS.psk}`,
		'connector = activemq',
		'plugin.activemq.pool.size = 1',
		'plugin.activemq.pool.1.host = 127.0.0.1',
		'plugin.activemq.pool.1.port = 61613',
		'plugin.activemq.pool.1.user = mcollective',
	];
	writeFileSync(
		clientCfg,
		[
			...common,
			`plugin.activemq.pool.1.password = ${CLIENT_PASSWORD}`,
			`plugin.activemq.pool.1.user = ${USER_TRAP}`,
			'',
		].join('\n'),
	);
	writeFileSync(
		serverCfg,
		[
			...common,
			`plugin.activemq.pool.1.password = ${SERVER_PASSWORD}`,
			`logfile = ${nodeLog}`,
			'identity = node1',
			'',
		].join('\n'),
	);
	writeFileSync(
		nodeLog,
		[
			"I, [2026-11-25T06:40:01.745915+00:00  #6969]  INFO -- : config.rb:171:in `loadconfig' The Marionette Collective version 2.12.5 started by /usr/sbin/mcollectived using config file /tmp/diag/server.cfg",
			"I, [2026-11-25T06:40:01.746355+00:00  #6969]  INFO -- : mcollectived:64:in `<main>' The Marionette Collective 2.12.5 started logging at debug level",
			`I, [2026-11-25T06:40:01.748017+00:00  #6969]  INFO -- : activemq.rb:114:in \`on_connecting' TCP Connection attempt 0 to stomp://${USER_TRAP}@127.0.0.1:61613`,
			`E, [2026-11-25T06:40:01.823054+00:00  #6969] ERROR -- : pluginmanager.rb:171:in \`rescue in loadclass' Failed to load MCollective::Agent::Openshift: cannot load such file -- ${SERVER_PASSWORD}`,
			'',
		].join('\n'),
	);
	const answers = join(dir, 'answers.ini');
	writeFileSync(
		answers,
		stringifyAnswers(
			{...SEED_INGREDIENTS, ...ANSWER_SECRETS},
			{clientConfig: clientCfg, serverConfig: serverCfg, nodeLog},
			{includeSecrets: true},
		),
	);
	const state = join(dir, 'state', 'progress.ini');
	// a last run stored in clear (as an older version might have): the report must still redact it
	mkdirSync(join(dir, 'state'));
	writeFileSync(
		join(dir, 'state', 'last-runs.json'),
		JSON.stringify({
			client: {
				at: '2026-12-01T00:00:00.000Z',
				ok: false,
				checks: [{id: 'stomp-login', ok: false, ms: 12, evidence: `ERROR frame for ${CLIENT_PASSWORD} | x`}],
				diagnosis: {id: 'F5', evidence: [`password ${ANSWER_SECRETS.topicPassword}`], fix: ['set it']},
			},
		}),
	);
	return {dir, answers, state, nodeLog};
}

describe('mco-wizard report', () => {
	it('writes a 0600 markdown file holding no secret, and says where', async () => {
		const {dir, answers, state} = setup();
		const outPath = join(dir, 'out', 'report.md');
		const said: string[] = [];
		const errs: string[] = [];
		const code = await runReport(
			{out: outPath, answers, state, version: '9.9.9'},
			(t) => said.push(t),
			(t) => errs.push(t),
		);
		assert.equal(code, 0, errs.join(''));
		assert.match(
			said.join(''),
			new RegExp(`Report written to ${outPath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
		);
		assert.equal(statSync(outPath).mode & 0o777, 0o600);
		const text = readFileSync(outPath, 'utf8');
		for (const s of ALL)
			assert.ok(!text.includes(s), `secret ${JSON.stringify(s.slice(0, 3))}… in the report`);
		// and no escaped form of one either (a table cell escapes `|`, JSON escapes `"` and `\`)
		for (const s of ALL)
			assert.ok(!text.includes(JSON.stringify(s).slice(1, -1)), 'escaped secret in the report');
		// the sections are there, with what was gathered
		assert.match(text, /\| mco-wizard \| 9\.9\.9 \|/);
		assert.match(text, /client\.cfg: `.*client\.cfg` \(named in the answers file\)/);
		assert.match(text, /### client: not-started/);
		assert.match(text, /Last run 2026-12-01T00:00:00\.000Z: failed/);
		assert.match(text, /\| stomp-login \| FAIL \| 12 \|/);
		assert.match(text, /\[agent-load-failed\]/);
		assert.match(text, /<secret sha256:/);
	});

	it('--json prints only the path', async () => {
		const {dir, answers, state} = setup();
		const outPath = join(dir, 'r.md');
		const said: string[] = [];
		assert.equal(
			await runReport(
				{out: outPath, answers, state, json: true, version: 'x'},
				(t) => said.push(t),
				() => {},
			),
			0,
		);
		assert.deepEqual(JSON.parse(said.join('')), {path: outPath});
	});

	it('cannot write: exit 2 with a sentence, no stack trace', async () => {
		const {dir, answers, state} = setup();
		const errs: string[] = [];
		// a regular file where a directory is needed
		const blocker = join(dir, 'blocker');
		writeFileSync(blocker, '');
		const code = await runReport(
			{out: join(blocker, 'r.md'), answers, state, version: 'x'},
			() => {},
			(t) => errs.push(t),
		);
		assert.equal(code, 2);
		assert.match(errs.join(''), /cannot write/);
		assert.doesNotMatch(errs.join(''), /\n\s+at /);
	});
});
