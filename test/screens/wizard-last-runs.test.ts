/**
 * The wizard's landmark runs are kept for `mco-wizard report` like `check`'s (last-runs.json beside
 * the progress file, 0600), redacted by every secret: the ingredients' and the config files'.
 * The client landmark runs for real against a client.cfg whose broker is an address nobody
 * listens on (127.0.0.1, a closed port): no network beyond loopback.
 */
import assert from 'node:assert/strict';
import {mkdir, mkdtemp, readFile, rm, stat, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {prepareWizard} from '../../src/commands/wizard.js';
import {renderClientCfg} from '../../src/core/mco-config/render.js';
import {ROLE_IDS} from '../../src/core/types.js';
import {stepFor} from '../../steps/index.js';
import {SEED_INGREDIENTS} from '../fixtures/sample-ingredients.js';

const PSK = 'wz"p\\sk#1;x';
const TOPIC = 'wz"to\\pic;2#y';
const FILE_ONLY = 'fi"le\\only#3;z';

let dir = '';
before(async () => {
	dir = await mkdtemp(join(tmpdir(), 'mco-wizard-runs-'));
});
after(async () => {
	await rm(dir, {recursive: true, force: true});
});

describe('the wizard keeps its landmark runs for report', () => {
	it('a client landmark run lands in last-runs.json, 0600, with no secret in it', async () => {
		const etc = join(dir, 'etc');
		await mkdir(etc, {recursive: true});
		const ingredients = {
			...SEED_INGREDIENTS,
			brokerHost: '127.0.0.1',
			stompPort: 1,
			psk: PSK,
			topicPassword: TOPIC,
		};
		// the file holds a password the ingredients do not know (the seed's trap)
		const cfg = renderClientCfg(ingredients).replace(TOPIC, FILE_ONLY);
		assert.ok(cfg.includes(FILE_ONLY));
		await writeFile(join(etc, 'client.cfg'), cfg, {mode: 0o600});
		const state = join(dir, 'state', 'progress.ini');
		const props = await prepareWizard(
			{configDir: etc, state, role: [...ROLE_IDS]},
			{
				detect: async () => ({platform: 'plain' as const, reason: 'test host'}),
				facts: async () => ({hostname: 'test-host', addresses: [], files: {}}),
			},
		);
		const events: {checkId: string; phase: string}[] = [];
		const report = await props.deps.runChecks(stepFor('client'), ingredients, {
			signal: new AbortController().signal,
			confirm: async () => false,
			onProgress: (event) => events.push(event),
		});
		// the config files are read while the ladder starts: the progress still comes in order,
		// every result redacted (a result waits for the files' secrets)
		const ran = report.checks.filter((c) => !c.skipped).map((c) => c.id);
		assert.deepEqual(
			events.filter((e) => e.phase !== 'note').map((e) => `${e.checkId} ${e.phase}`),
			ran.flatMap((id) => [`${id} start`, `${id} done`]),
		);
		const progressText = JSON.stringify(events);
		for (const secret of [PSK, TOPIC, FILE_ONLY])
			for (const form of [secret, JSON.stringify(secret).slice(1, -1)])
				assert.ok(!progressText.includes(form), `secret ${JSON.stringify(secret)} in the progress`);
		assert.equal(report.ok, false, 'nothing listens on port 1');
		const path = join(dir, 'state', 'last-runs.json');
		assert.equal((await stat(path)).mode & 0o777, 0o600);
		const text = await readFile(path, 'utf8');
		const runs = JSON.parse(text) as Record<string, {ok: boolean; checks: unknown[]}>;
		assert.equal(runs.client?.ok, false);
		assert.ok((runs.client?.checks.length ?? 0) > 0);
		for (const secret of [PSK, TOPIC, FILE_ONLY])
			for (const form of [secret, JSON.stringify(secret).slice(1, -1)])
				assert.ok(!text.includes(form), `secret ${JSON.stringify(secret)} in last-runs.json`);
	});
});
