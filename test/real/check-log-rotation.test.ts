/**
 * The real mcollectived rotates its log (lab fault `small-log`: server.cfg max_log_size 32 KB, so
 * Ruby's Logger moves mcollective.log to .0 … .3 every 32 KB). Once the daemon's start and
 * `Connected to` lines are only in a rotated file, the node-log rung must still find them (reading
 * back through mcollective.log.N) and `check --json` must pass every landmark: no false F10.
 * Afterwards the lab is as it was: fault none, the good server.cfg, the same log files.
 */
import assert from 'node:assert/strict';
import {createHash} from 'node:crypto';
import {existsSync, readdirSync, readFileSync} from 'node:fs';
import {basename, dirname} from 'node:path';
import {describe, it} from 'node:test';
import {eventsSinceLastStart} from '../../src/checks/node-log.js';
import {classifyMcoLog, nodeConnectionState} from '../../src/core/log-classify.js';
import {nodeCheckIO} from '../../src/io/check-io.js';
import {LAB, labSh, requireLab, runMco, withFault, withLab} from '../helpers/lab.js';
import {assertNoSecret, check} from './check-helpers.js';

/** mcollective.log and its rotations, as they are on disk now. */
function logFiles(): string[] {
	const name = basename(LAB.nodeLog);
	return readdirSync(dirname(LAB.nodeLog))
		.filter((f) => f === name || new RegExp(`^${name.replaceAll('.', '\\.')}\\.\\d+$`).test(f))
		.sort();
}

const read = (path: string): string => (existsSync(path) ? readFileSync(path, 'utf8') : '');
const sha = (text: string | Buffer): string => createHash('sha256').update(text).digest('hex');
const hasStart = (text: string): boolean => classifyMcoLog(text).some((e) => e.kind === 'started');

/** Which rotation (0 = mcollective.log.0) holds the daemon's last start; -1 the live file, undefined none. */
function startIsIn(): number | undefined {
	if (hasStart(read(LAB.nodeLog))) return -1;
	for (let i = 0; i < 5; i++) if (hasStart(read(`${LAB.nodeLog}.${i}`))) return i;
	return undefined;
}

/**
 * Real traffic (pings are logged at debug level) until the start has gone `want` rotations back;
 * bounded. Returns the rotation it ended in.
 */
async function rotateStartInto(want: number, timeoutMs = 120_000): Promise<number | undefined> {
	const until = Date.now() + timeoutMs;
	for (;;) {
		const at = startIsIn();
		if (at === undefined || at >= want || Date.now() > until) return at;
		await runMco(['ping', '-t', '1'], {timeoutMs: 10_000});
	}
}

describe('node log rotated by the real mcollectived (lab fault small-log)', () => {
	it('the node-log rung and check --json read back through mcollective.log.N to the start: every landmark passes, no F10', async (t) => {
		if (!(await requireLab(t))) return;
		await withLab(async () => {
			const filesBefore = logFiles();
			const logBefore = readFileSync(LAB.nodeLog);
			await withFault('small-log', async () => {
				assert.match(read(LAB.serverCfg), /^max_log_size = 32768$/m);
				// two rotations past the start: the rung has to read back through .0 into .1
				const at = await rotateStartInto(1);
				t.diagnostic(
					`start in ${at === -1 ? 'mcollective.log' : `mcollective.log.${at}`}; files ${logFiles().join(' ')}`,
				);
				assert.ok(at !== undefined && at >= 1 && at <= 3, `start went to rotation ${at}`);
				// the live file alone has neither the start nor the connection: reading only it would fail
				const live = classifyMcoLog(read(LAB.nodeLog));
				assert.ok(!live.some((e) => e.kind === 'started' || e.kind === 'connected'));

				const log = await eventsSinceLastStart(nodeCheckIO, LAB.nodeLog);
				assert.equal(log.readable, true);
				assert.equal(log.events.find((e) => e.kind === 'started')?.entry.file, `${LAB.nodeLog}.${at}`);
				const connected = log.events.find((e) => e.kind === 'connected');
				assert.equal(connected?.entry.file, `${LAB.nodeLog}.${at}`);
				assert.equal(nodeConnectionState(log.events), 'connected');

				for (const step of ['client', 'server', 'e2e', 'agent']) {
					// the checks log too: keep the start inside what the rung reads (.0 … .3)
					const now = startIsIn();
					assert.ok(now !== undefined && now >= 0, `before ${step}: start in rotation ${now}`);
					const r = await check(step);
					assert.equal(r.json.ok, true, `${step}: ${r.raw}`);
					assert.equal(r.code, 0);
					assert.equal(r.json.diagnosis, null, `${step}: ${r.raw}`);
					assertNoSecret(r.raw);
					if (step === 'server') {
						const rung = r.json.checks.find((c) => c.id === 'node-log');
						assert.match(
							rung?.evidence ?? '',
							new RegExp(
								`since the start at \\S+ \\(${LAB.nodeLog.replaceAll('.', '\\.')}\\.[0-3]\\): .*Connected to stomp://`,
							),
							r.raw,
						);
					}
				}
			});
			// withFault switched it off (also on failure; a run killed midway is switched off by the
			// next withLab): the lab as it was — no fault, the good server.cfg, the same log files
			const status = await labSh(['status']);
			assert.match(status.stdout, /^fault: +none$/m, status.stdout);
			assert.equal(read(LAB.serverCfg), read(LAB.goodServerCfg));
			assert.deepEqual(logFiles(), filesBefore);
			// the same log, plus the lines the restarted daemon wrote since
			const logAfter = readFileSync(LAB.nodeLog);
			assert.equal(sha(logAfter.subarray(0, logBefore.length)), sha(logBefore));
		});
	});
});
