// up and down are idempotent and bounded, and down leaves no namespace, process or mount.
// Runs last in test/lab3 (file order): it takes the lab down and brings it back up.
import assert from 'node:assert/strict';
import {existsSync, readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, it} from 'node:test';
import {HOSTS, hostsSh, LAB3, mcoOnBroker, pingedIdentities, requireLab3, withLab3} from '../helpers/lab3.js';
import {BOTH, out} from './helpers.js';

const initPids = () => HOSTS.map((h) => readFileSync(join(LAB3.dir, 'run', `${h}.init.pid`), 'utf8').trim());

function leftovers(): string[] {
	const found: string[] = [];
	if (existsSync('/run/netns'))
		for (const n of readdirSync('/run/netns')) if (n.startsWith(LAB3.netnsPrefix)) found.push(`netns ${n}`);
	for (const mount of readFileSync('/proc/self/mountinfo', 'utf8').split('\n'))
		if (mount.includes(LAB3.netnsPrefix) || mount.includes(LAB3.dir)) found.push(`mount ${mount}`);
	for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
		let cmd = '';
		try {
			cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
		} catch {
			continue; // gone meanwhile
		}
		if (cmd.includes(`lab3-init ${LAB3.dir}`) || cmd.includes(`${LAB3.dir}/hosts/`))
			found.push(`process ${pid}: ${cmd.slice(0, 200)}`);
	}
	return found;
}

describe('three-host lab: up/down', () => {
	it('up on a running lab keeps its hosts and daemons; down twice leaves nothing; up restores it', async (t) => {
		if (!(await requireLab3(t))) return;
		await withLab3(async () => {
			const before = initPids();
			const up = await hostsSh(['up']);
			assert.equal(up.code, 0, up.stderr);
			assert.deepEqual(initPids(), before, 'up on a running lab recreated a host');
			assert.doesNotMatch(up.stderr, /stopped|started/, 'up on a healthy lab restarted a daemon');

			const down = await hostsSh(['down']);
			assert.equal(down.code, 0, down.stderr);
			assert.deepEqual(leftovers(), []);
			const again = await hostsSh(['down']);
			assert.equal(again.code, 0, again.stderr);
			assert.deepEqual(leftovers(), []);
			const on = await hostsSh(['on', 'broker', 'true']);
			assert.notEqual(on.code, 0, 'on a host of a lab that is down must fail');

			const up2 = await hostsSh(['up']);
			assert.equal(up2.code, 0, up2.stderr);
			const p = await mcoOnBroker(['ping', '-t', '1'], {timeoutMs: 20_000});
			assert.deepEqual(pingedIdentities(p.stdout), BOTH, out(p));
			t.diagnostic(
				`up (running) ${up.ms} ms, down ${down.ms} ms, down again ${again.ms} ms, up from nothing ${up2.ms} ms`,
			);
		});
	});
});
