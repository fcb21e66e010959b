// The lab lock really excludes: concurrent holders (node processes using withLab and lab.sh
// `locked`) never overlap, and a lock left by a dead process is taken over. Uses a private
// MCO_LAB_DIR, so it needs no running lab.
import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, it} from 'node:test';

const helper = new URL('../helpers/lab.ts', import.meta.url).href;

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<number | null> {
	return new Promise((resolve) => {
		const child = spawn(cmd, args, {env: {...process.env, ...env}, stdio: 'inherit'});
		const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
		child.on('close', (code) => {
			clearTimeout(timer);
			resolve(code);
		});
	});
}

describe('lab lock', () => {
	it('never lets two holders (node withLab and lab.sh locked) in at once', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'mco-lab-lock-'));
		const journal = join(dir, 'journal');
		writeFileSync(journal, '');
		try {
			const nodeHolder = `
				import {appendFileSync} from 'node:fs';
				const {withLab} = await import(${JSON.stringify(helper)});
				for (let i = 0; i < 5; i++) {
					await withLab(async () => {
						appendFileSync(${JSON.stringify(journal)}, 'in ' + process.pid + '\\n');
						await new Promise((r) => setTimeout(r, 30));
						appendFileSync(${JSON.stringify(journal)}, 'out ' + process.pid + '\\n');
					});
				}`;
			const shHolder = `for i in 1 2 3 4 5; do bash lab/lab.sh locked bash -c 'echo "in $$" >> ${journal}; sleep 0.03; echo "out $$" >> ${journal}'; done`;
			const env = {MCO_LAB_DIR: dir};
			const codes = await Promise.all([
				run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', nodeHolder], env),
				run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', nodeHolder], env),
				run('bash', ['-c', shHolder], env),
			]);
			assert.deepEqual(codes, [0, 0, 0]);
			const lines = readFileSync(journal, 'utf8').trim().split('\n');
			assert.equal(lines.length, 30);
			for (let i = 0; i < lines.length; i += 2) {
				const [inWord, inPid] = (lines[i] ?? '').split(' ');
				assert.equal(inWord, 'in', `line ${i}: ${lines[i]}`);
				assert.equal(
					lines[i + 1],
					`out ${inPid}`,
					`holder ${inPid} overlapped with another: ${lines.join(' | ')}`,
				);
			}
		} finally {
			rmSync(dir, {recursive: true, force: true});
		}
	});

	it('takes over a lock whose holder died', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'mco-lab-lock-'));
		try {
			// a pid that surely is not running: a child that already exited
			const dead = spawn('true');
			await new Promise((r) => dead.on('close', r));
			mkdirSync(join(dir, 'lock'));
			writeFileSync(join(dir, 'lock', 'owner'), `${dead.pid} gone-token\n`);
			const code = await run('bash', ['lab/lab.sh', 'locked', 'true'], {MCO_LAB_DIR: dir});
			assert.equal(code, 0);
		} finally {
			rmSync(dir, {recursive: true, force: true});
		}
	});
});
