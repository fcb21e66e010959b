/**
 * The debugging loop end to end against the REAL lab: a fault is switched on, the landmark's
 * ladder fails, the DebugScreen shows the catalogue entry, its cause and its fix; the fix commands
 * exactly as shown are run (secrets typed via the `read` variables, supplied here through the
 * environment), then Retry (the `r` key) re-runs the ladder from the rung the retry rule in
 * steps/debug names (the failed rung; the service restart for F10) and it passes.
 */
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, it} from 'node:test';
import {runLandmark} from '../../src/checks/index.js';
import {readContent} from '../../src/content.js';
import {debugLessonFor} from '../../src/core/debug-lesson.js';
import {completeIngredients, withDefaults} from '../../src/core/ingredients.js';
import {retryStart} from '../../src/core/machine.js';
import type {Ingredients, LandmarkId, LandmarkReport} from '../../src/core/types.js';
import {loadAnswers} from '../../src/io/answers-file.js';
import {nodeCheckIO} from '../../src/io/check-io.js';
import {DebugScreen} from '../../src/screens/DebugScreen.js';
import {stepFor} from '../../steps/index.js';
import {type FaultName, LAB, requireLab, runBounded, withFault} from '../helpers/lab.js';
import {renderApp} from '../helpers/render-app.js';

type Case = {fault: FaultName; step: LandmarkId; id: string; cause: RegExp};

const CASES: Case[] = [
	{fault: 'client-wrong-password', step: 'client', id: 'F5', cause: /refused the login/},
	{fault: 'wrong-port', step: 'client', id: 'F1', cause: /Nothing accepted a TCP connection/},
	{fault: 'unresolvable-host', step: 'client', id: 'F3', cause: /does not resolve/},
	{fault: 'collective-mismatch', step: 'client', id: 'F12', cause: /different connectors or collectives/},
	{fault: 'connector-mismatch', step: 'client', id: 'F12', cause: /different connectors or collectives/},
	{fault: 'psk-mismatch', step: 'e2e', id: 'F13', cause: /pre-shared key/},
	{fault: 'node-stopped', step: 'server', id: 'F10', cause: /not running/},
];

/** Lines of a fix a user on this lab would run: not comments, not `read` prompts, not other hosts' services. */
function runnable(line: string): boolean {
	if (line.startsWith('#') || line.startsWith('read ')) return false;
	return !/^(systemctl|service|firewall-cmd|lokkit|yum|dnf|openssl|mco-wizard)\b/.test(line);
}

function lockToken(): string | undefined {
	try {
		return readFileSync(join(LAB.lock, 'owner'), 'utf8').trim().split(' ')[1];
	} catch {
		return undefined;
	}
}

describe('debug screen → fix shown → Retry turns the landmark green (real lab)', () => {
	for (const c of CASES) {
		it(`${c.fault}: ${c.id} shown, its fix applied, Retry passes`, async (t) => {
			if (!(await requireLab(t))) return;
			const answers = await loadAnswers(LAB.answers);
			const ingredients = completeIngredients(withDefaults(answers.ingredients)) as Ingredients;
			const ctx = {
				io: nodeCheckIO,
				ingredients,
				system: answers.system,
				timeoutMs: 5000,
				confirm: async () => false,
			};
			await withFault(c.fault, async () => {
				const report = await runLandmark(c.step, ctx);
				assert.equal(report.ok, false);
				assert.equal(report.diagnosis?.id, c.id, JSON.stringify(report.diagnosis));
				const failedRung = report.checks.find((x) => !x.ok && !x.skipped)?.id;
				// Where the wizard's Retry starts: the diagnosis's rule in steps/debug (F10: the restart).
				const from = failedRung
					? retryStart(stepFor(c.step), {failedCheck: failedRung, diagnosis: c.id})
					: undefined;

				let retried: Promise<LandmarkReport> | undefined;
				const app = await renderApp(
					<DebugScreen
						report={report}
						lesson={debugLessonFor(c.id, readContent)}
						words={readContent('debug-view')}
						{...(from ? {retryFrom: from} : {})}
						onRetry={() => {
							retried = runLandmark(c.step, ctx, from ? {from} : {});
						}}
						onBack={() => {}}
					/>,
					{columns: 200, rows: 80},
				);
				const text = app.text();
				assert.match(text, new RegExp(`${c.id}: `));
				assert.match(text, c.cause);
				assert.match(text, /Fix/);

				const fix = report.diagnosis?.fix ?? [];
				for (const line of fix.filter(runnable)) {
					assert.ok(text.includes(line.replace(/\s+/g, ' ')), `the screen shows the fix line: ${line}`);
					const r = await runBounded('/bin/sh', ['-c', line], {
						timeoutMs: 60_000,
						env: {
							TOPIC_PASSWORD: LAB.password,
							PSK: LAB.psk,
							...(lockToken() ? {MCO_LAB_LOCK_TOKEN: lockToken()} : {}),
						},
					});
					assert.equal(r.code, 0, `${line}: ${r.stderr}`);
				}

				await app.press('r');
				assert.ok(retried, 'r started a retry');
				const again = await (retried as unknown as Promise<LandmarkReport>);
				app.unmount();
				assert.equal(again.ok, true, JSON.stringify(again));
				assert.equal(again.checks[0]?.id, from, 'Retry starts where the retry rule says');
			});
		});
	}
});
