import assert from 'node:assert/strict';
import {chmod, mkdir, mkdtemp, rm, symlink, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {
	BROKER_PLUGIN_CONF,
	brokerClientConfig,
	configFromExtraOpts,
	detectLibdir,
	detectPlatform,
	liveClientConfig,
	liveServerConfig,
	runningDaemons,
} from '../../src/io/platform.js';

describe('platform detection and the live config file', () => {
	let root: string;
	const home = '/home/op';
	const put = async (path: string, mode = 0o644) => {
		await mkdir(dirname(join(root, path)), {recursive: true});
		await writeFile(join(root, path), 'x = 1\n');
		await chmod(join(root, path), mode);
	};
	before(async () => {
		root = await mkdtemp(join(tmpdir(), 'mco-wizard-root-'));
	});
	after(async () => {
		await rm(root, {recursive: true, force: true});
	});

	it('is plain without /opt/rh/ruby193, scl with it', async () => {
		assert.equal((await detectPlatform({root})).platform, 'plain');
		await mkdir(join(root, 'opt/rh/ruby193'), {recursive: true});
		const scl = await detectPlatform({root});
		assert.equal(scl.platform, 'scl');
		assert.match(scl.evidence, /ruby193/);
	});

	it('falls back to ~/.mcollective when nothing is readable (F26)', async () => {
		const live = await liveClientConfig('plain', {root, home, env: {}});
		assert.equal(live.path, '/home/op/.mcollective');
		assert.equal(live.source, 'fallback');
		assert.deepEqual(
			live.candidates.map((c) => c.path),
			['/home/op/.mcollective', '/etc/puppetlabs/mcollective/client.cfg', '/etc/mcollective/client.cfg'],
		);
	});

	it('picks /etc/mcollective/client.cfg, then a user ~/.mcollective that shadows it (F2)', async () => {
		await put('/etc/mcollective/client.cfg');
		let live = await liveClientConfig('plain', {root, home, env: {}});
		assert.equal(live.path, '/etc/mcollective/client.cfg');
		assert.equal(live.source, 'first-readable');
		await put('/home/op/.mcollective');
		live = await liveClientConfig('plain', {root, home, env: {}});
		assert.equal(live.path, '/home/op/.mcollective');
		assert.deepEqual(live.shadowed, ['/etc/mcollective/client.cfg']);
	});

	it('uses the SCL client.cfg on scl, and -c from MCOLLECTIVE_EXTRA_OPTS above all', async () => {
		await put('/opt/rh/ruby193/root/etc/mcollective/client.cfg');
		const scl = await liveClientConfig('scl', {root, home: '/home/nobody', env: {}});
		assert.equal(scl.path, '/opt/rh/ruby193/root/etc/mcollective/client.cfg');
		const extra = await liveClientConfig('plain', {
			root,
			home,
			env: {MCOLLECTIVE_EXTRA_OPTS: '-v --config=/srv/c.cfg'},
		});
		assert.equal(extra.path, '/srv/c.cfg');
		assert.equal(extra.source, 'extra-opts');
	});

	it('server.cfg: puppetlabs path first, default to it when none readable', async () => {
		const none = await liveServerConfig('plain', {root: join(root, 'empty')});
		assert.equal(none.path, '/etc/puppetlabs/mcollective/server.cfg');
		assert.equal(none.source, 'fallback');
		await put('/etc/mcollective/server.cfg');
		assert.equal((await liveServerConfig('plain', {root})).path, '/etc/mcollective/server.cfg');
	});

	it('libdir: Debian plugins dir if present, else the RPM one if present', async () => {
		const empty = join(root, 'empty2');
		assert.equal(await detectLibdir('plain', {root: empty}), '/usr/share/mcollective/plugins');
		await mkdir(join(empty, 'usr/libexec/mcollective'), {recursive: true});
		assert.equal(await detectLibdir('plain', {root: empty}), '/usr/libexec/mcollective');
		await mkdir(join(empty, 'usr/share/mcollective/plugins'), {recursive: true});
		assert.equal(await detectLibdir('plain', {root: empty}), '/usr/share/mcollective/plugins');
		assert.equal(await detectLibdir('scl', {root: empty}), '/opt/rh/ruby193/root/usr/libexec/mcollective');
	});
});

describe('configFromExtraOpts', () => {
	const CASES: Array<[string | undefined, string | undefined]> = [
		[undefined, undefined],
		['', undefined],
		['-v', undefined],
		['-c /a.cfg', '/a.cfg'],
		['--config /b.cfg -v', '/b.cfg'],
		['--config=/c.cfg', '/c.cfg'],
		['-c/d.cfg', '/d.cfg'],
		['-c /a.cfg --config /e.cfg', '/e.cfg'],
	];
	for (const [extra, expected] of CASES) {
		it(`${JSON.stringify(extra)} → ${expected}`, () => assert.equal(configFromExtraOpts(extra), expected));
	}
});

describe('runningDaemons / brokerClientConfig (fake /proc and /etc)', () => {
	let root: string;
	const proc = async (pid: number, argv: string[]) => {
		await mkdir(join(root, 'proc', String(pid)), {recursive: true});
		await writeFile(join(root, 'proc', String(pid), 'cmdline'), `${argv.join('\0')}\0`);
	};
	before(async () => {
		root = await mkdtemp(join(tmpdir(), 'mco-wizard-proc-'));
		await proc(10, ['ruby', '/usr/sbin/mcollectived', '--config=/srv/lab/server.cfg', '--no-daemonize']);
		await proc(11, ['/usr/sbin/mcollectived', '-c', '/etc/x.cfg']);
		await proc(12, ['/usr/bin/ruby', '/usr/sbin/mcollectived', '--pidfile=/run/m.pid']);
		await proc(13, ['bash', '-c', 'echo mcollectived --config=/nope']);
		await proc(14, ['/usr/bin/ruby', '-w', '/usr/sbin/mcollectived', '--config', '/srv/two.cfg']);
		// another mount namespace (a container, a namespaced lab host): its /etc is not ours
		await proc(15, ['ruby', '/usr/sbin/mcollectived', '--config=/etc/mcollective/server.cfg']);
		await mkdir(join(root, 'proc', 'self', 'ns'), {recursive: true});
		await symlink('mnt:[4026531832]', join(root, 'proc', 'self', 'ns', 'mnt'));
		await mkdir(join(root, 'proc', '10', 'ns'), {recursive: true});
		await symlink('mnt:[4026531832]', join(root, 'proc', '10', 'ns', 'mnt'));
		await mkdir(join(root, 'proc', '15', 'ns'), {recursive: true});
		await symlink('mnt:[4026532538]', join(root, 'proc', '15', 'ns', 'mnt'));
	});
	after(async () => {
		await rm(root, {recursive: true, force: true});
	});

	it('finds each mcollectived of this mount namespace and the server.cfg it loaded', async () => {
		assert.deepEqual(await runningDaemons('plain', {root}), [
			{pid: 10, config: '/srv/lab/server.cfg', explicit: true},
			{pid: 11, config: '/etc/x.cfg', explicit: true},
			{pid: 12, config: '/etc/puppetlabs/mcollective/server.cfg', explicit: false},
			{pid: 14, config: '/srv/two.cfg', explicit: true},
		]);
	});
	it('says "unknown" (undefined), not "none running", on a host without /proc', async () => {
		const bare = await mkdtemp(join(tmpdir(), 'mco-wizard-noproc-'));
		try {
			assert.equal(await runningDaemons('plain', {root: bare}), undefined);
		} finally {
			await rm(bare, {recursive: true, force: true});
		}
	});
	it('reads MCOLLECTIVE_CONFIG from the broker plugin conf (F30), default when unset', async () => {
		assert.equal(await brokerClientConfig({root}), undefined);
		const conf = join(root, BROKER_PLUGIN_CONF);
		await mkdir(dirname(conf), {recursive: true});
		await writeFile(conf, 'MCOLLECTIVE_TIMEOUT=180\n');
		assert.equal(await brokerClientConfig({root}), '/etc/mcollective/client.cfg');
		await writeFile(conf, 'MCOLLECTIVE_CONFIG="/opt/rh/ruby193/root/etc/mcollective/client.cfg"\n');
		assert.equal(await brokerClientConfig({root}), '/opt/rh/ruby193/root/etc/mcollective/client.cfg');
	});
});
