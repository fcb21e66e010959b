/**
 * The real mcollectived rotates its log (lab fault `small-log`: server.cfg max_log_size 32 KB, so
 * Ruby's Logger moves mcollective.log to .0 … .3 every 32 KB). Once the daemon's start and
 * `Connected to` lines are only in a rotated file, the node-log rung must still find them (reading
 * back through mcollective.log.N); once they have rotated out of every kept file (a node that has
 * run long enough), the oldest kept line is the running daemon's (its pid): the rung says the start
 * rotated away and passes, and `check --json` passes every landmark: no false F10 either way.
 * Afterwards the lab is as it was: fault none, the good server.cfg, the same log files.
 */
import assert from 'node:assert/strict';
import {createHash} from 'node:crypto';
import {existsSync, readdirSync, readFileSync} from 'node:fs';
import {basename, dirname, join} from 'node:path';
import {describe, it} from 'node:test';
import {eventsSinceLastStart} from '../../src/checks/node-log.js';
import {classifyMcoLog, nodeConnectionState, parseLogEntries} from '../../src/core/log-classify.js';
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
 * Real traffic (pings are logged at debug level, three at a time) until `done` holds; bounded.
 * Returns whether it holds.
 */
async function rotateUntil(done: () => boolean, timeoutMs = 120_000): Promise<boolean> {
	const until = Date.now() + timeoutMs;
	for (;;) {
		if (done()) return true;
		if (Date.now() > until) return false;
		await Promise.all([0, 1, 2].map(() => runMco(['ping', '-t', '1'], {timeoutMs: 10_000})));
	}
}

/** The running lab node's pid (lab.sh's pid file). */
const nodePid = (): number => Number(read(join(LAB.dir, 'run', 'mcollectived.pid')).trim());

/** The oldest kept file and its first entry (the one the node-log rung reads back to). */
function oldestKept(): {file: string; pid?: number; time?: string} {
	const file = logFiles().at(-1) ?? basename(LAB.nodeLog);
	const first = parseLogEntries(read(join(dirname(LAB.nodeLog), file))).find((e) => e.pid !== undefined);
	return {file, pid: first?.pid, time: first?.time};
}

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('node log rotated by the real mcollectived (lab fault small-log)', () => {
	it('the node-log rung reads back through mcollective.log.N to the start, and once the start has rotated out of every kept file it says so: every landmark passes, no F10', async (t) => {
		if (!(await requireLab(t))) return;
		await withLab(async () => {
			const filesBefore = logFiles();
			const logBefore = readFileSync(LAB.nodeLog);
			await withFault('small-log', async () => {
				assert.match(read(LAB.serverCfg), /^max_log_size = 32768$/m);
				const pid = nodePid();
				// 1. the start in a rotated file: the rung has to read back through .0 into .N
				assert.ok(await rotateUntil(() => (startIsIn() ?? 99) >= 1), `start in ${startIsIn()}`);
				const at = startIsIn();
				t.diagnostic(`start in mcollective.log.${at}; files ${logFiles().join(' ')}`);
				if (at !== undefined && at >= 0) {
					// the live file alone has neither the start nor the connection: reading only it would fail
					const live = classifyMcoLog(read(LAB.nodeLog));
					assert.ok(!live.some((e) => e.kind === 'started' || e.kind === 'connected'));
					const log = await eventsSinceLastStart(nodeCheckIO, LAB.nodeLog);
					assert.equal(log.readable, true);
					assert.equal(log.fromStart, true);
					const started = log.events.find((e) => e.kind === 'started');
					assert.match(started?.entry.file ?? '', new RegExp(`^${esc(LAB.nodeLog)}\\.[0-3]$`));
					assert.equal(log.events.find((e) => e.kind === 'connected')?.entry.file, started?.entry.file);
					assert.equal(nodeConnectionState(log.events), 'connected');
				}

				// 2. the start rotated out of every kept file (.0 … .3): the oldest kept line is the daemon's
				assert.ok(await rotateUntil(() => startIsIn() === undefined), `start still in ${startIsIn()}`);
				const oldest = oldestKept();
				t.diagnostic(
					`start rotated away; files ${logFiles().join(' ')}; oldest line ${oldest.time} by pid ${oldest.pid} (node pid ${pid})`,
				);
				assert.equal(oldest.pid, pid);
				assert.equal(nodePid(), pid, 'the node was not restarted');
				const gone = await eventsSinceLastStart(nodeCheckIO, LAB.nodeLog);
				assert.equal(gone.fromStart, false);
				assert.equal(gone.oldest?.pid, pid);
				assert.ok(!gone.events.some((e) => e.kind === 'started' || e.kind === 'connected'));

				for (const step of ['client', 'server', 'e2e', 'agent']) {
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
								`^${esc(LAB.nodeLog)}: the log begins at \\S+ \\(${esc(LAB.nodeLog)}\\.[0-3]\\), written by the running mcollectived \\(pid ${pid}\\): its start and connection lines have rotated away; no connection error since`,
							),
							r.raw,
						);
						// and the next rung proved it answers
						assert.equal(r.json.checks.find((c) => c.id === 'self-request')?.ok, true, r.raw);
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
