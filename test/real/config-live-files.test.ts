/**
 * Against the real lab (ActiveMQ + mcollectived): the lab's answers.ini (written by bash) loads
 * without errors, the running mcollectived is found with the server.cfg it really loaded, the
 * lab's live configs lint clean as a pair, and re-rendering them from the answers file gives
 * the same bytes, so the wizard would not rewrite a good setup.
 */
import assert from 'node:assert/strict';
import {readFile} from 'node:fs/promises';
import {join} from 'node:path';
import {describe, it} from 'node:test';
import {completeIngredients} from '../../src/core/ingredients.js';
import {hasErrors, lintConfig, lintPair} from '../../src/core/mco-config/lint.js';
import {renderClientCfg, renderServerCfg} from '../../src/core/mco-config/render.js';
import {loadAnswers} from '../../src/io/answers-file.js';
import {planConfigWrite} from '../../src/io/config-files.js';
import {runningDaemons} from '../../src/io/platform.js';
import {LAB, requireLab, withLab} from '../helpers/lab.js';

describe('config files on the real lab', () => {
	it("the lab's answers.ini loads into complete ingredients and its system paths", async (t) => {
		if (!(await requireLab(t))) return;
		const answers = await loadAnswers(LAB.answers);
		assert.deepEqual(answers.errors, []);
		const ingredients = completeIngredients(answers.ingredients);
		assert.ok(ingredients, 'answers.ini lacks ingredients');
		assert.equal(ingredients.brokerHost, LAB.host);
		assert.equal(ingredients.stompPort, LAB.port);
		assert.deepEqual(ingredients.nodeIdentities, [LAB.identity]);
		assert.equal(answers.system.serverConfig, LAB.serverCfg);
		assert.equal(answers.system.identity, LAB.identity);
	});

	it('finds the running mcollectived and the server.cfg it loaded; the live pair lints clean', async (t) => {
		if (!(await requireLab(t))) return;
		await withLab(async () => {
			const daemons = (await runningDaemons('plain')) ?? [];
			const lab = daemons.find((d) => d.config === LAB.serverCfg);
			assert.ok(lab, `no mcollectived with --config=${LAB.serverCfg} in ${JSON.stringify(daemons)}`);
			assert.equal(lab.explicit, true);
			const client = await readFile(LAB.clientCfg, 'utf8');
			const server = await readFile(LAB.serverCfg, 'utf8');
			assert.equal(hasErrors(lintConfig(client, 'client')), false);
			assert.equal(hasErrors(lintConfig(server, 'server')), false);
			assert.deepEqual(lintPair(client, server), []);
		});
	});

	it('rendering from answers.ini reproduces the good files: planConfigWrite says unchanged', async (t) => {
		if (!(await requireLab(t))) return;
		const answers = await loadAnswers(LAB.answers);
		const ingredients = completeIngredients(answers.ingredients);
		assert.ok(ingredients);
		const libdir = answers.system.libdir;
		// The same options the lab uses for its node (lab/render-config.ts): foreground, debug, lab paths.
		const server = renderServerCfg(ingredients, {
			identity: answers.system.identity,
			logfile: answers.system.nodeLog,
			libdir,
			loglevel: 'debug',
			factsFile: join(LAB.etc, 'facts.yaml'),
			daemonize: false,
		});
		const client = renderClientCfg(ingredients, {libdir});
		const clientPlan = await planConfigWrite(LAB.goodClientCfg, client);
		const serverPlan = await planConfigWrite(LAB.goodServerCfg, server);
		assert.equal(clientPlan.changed, false, clientPlan.diff);
		assert.equal(serverPlan.changed, false, serverPlan.diff);
	});
});
