/**
 * Which MCollective layout this host has, and which config file `mco` / `mcollectived` will
 * really read (F2: "the file read is not the file edited"). Lookup order from
 * shared/docs/mcollective-wire.md §1.2 (util.rb:157-180, sbin/mcollectived:25-57).
 *
 * Every function takes `root` (default '/') so tests can build a fake filesystem in a temp dir;
 * the paths returned are the paths as the host sees them (without `root`).
 */
import {constants} from 'node:fs';
import {access, readdir, readFile, readlink, stat} from 'node:fs/promises';
import {homedir} from 'node:os';
import {basename, join} from 'node:path';
import {PLATFORM_PATHS, RPM_LIBDIR} from '../core/mco-config/render.js';
import type {Platform} from '../core/types.js';

/** The RHEL/CentOS 6 ruby193 Software Collection tree. */
export const SCL_ROOT = '/opt/rh/ruby193';

export type HostLookup = {
	/** Filesystem root, for tests. Default '/'. */
	readonly root?: string;
	/** Home directory of the user who runs mco. Default os.homedir(). */
	readonly home?: string;
	/** Environment (MCOLLECTIVE_EXTRA_OPTS). Default process.env. */
	readonly env?: Readonly<Record<string, string | undefined>>;
};

export type CandidateFile = {
	readonly path: string;
	readonly exists: boolean;
	readonly readable: boolean;
};

export type LiveConfig = {
	/** The file the program will load. */
	readonly path: string;
	/** Why this one: named by -c in MCOLLECTIVE_EXTRA_OPTS, first readable candidate, or fallback. */
	readonly source: 'extra-opts' | 'first-readable' | 'fallback';
	/** Every place looked at, in lookup order. */
	readonly candidates: readonly CandidateFile[];
	/** Files that exist but are shadowed by `path` (an edit there has no effect). */
	readonly shadowed: readonly string[];
};

const onHost = (root: string, path: string) => (root === '/' ? path : join(root, path));

async function exists(path: string): Promise<boolean> {
	return stat(path).then(
		() => true,
		() => false,
	);
}

async function readable(path: string): Promise<boolean> {
	return access(path, constants.R_OK).then(
		() => true,
		() => false,
	);
}

/** SCL when the ruby193 collection is installed, else plain. */
export async function detectPlatform(
	options: HostLookup = {},
): Promise<{platform: Platform; evidence: string}> {
	const root = options.root ?? '/';
	if (await exists(onHost(root, SCL_ROOT))) {
		return {platform: 'scl', evidence: `${SCL_ROOT} exists (ruby193 Software Collection)`};
	}
	return {platform: 'plain', evidence: `${SCL_ROOT} not found`};
}

/** The plugin directory on this host: the platform default if present, else the RPM one if present. */
export async function detectLibdir(platform: Platform, options: HostLookup = {}): Promise<string> {
	const root = options.root ?? '/';
	const preferred = PLATFORM_PATHS[platform].libdir;
	if (platform === 'scl' || (await exists(onHost(root, preferred)))) return preferred;
	return (await exists(onHost(root, RPM_LIBDIR))) ? RPM_LIBDIR : preferred;
}

/** `-c FILE`, `--config FILE` or `--config=FILE` in MCOLLECTIVE_EXTRA_OPTS (applications.rb:84-132). */
export function configFromExtraOpts(extra: string | undefined): string | undefined {
	if (!extra) return undefined;
	const words = extra.trim().split(/\s+/);
	let found: string | undefined;
	for (const [i, word] of words.entries()) {
		if (word === '-c' || word === '--config') found = words[i + 1] ?? found;
		else if (word.startsWith('--config=')) found = word.slice('--config='.length);
		else if (word.startsWith('-c') && word.length > 2) found = word.slice(2);
	}
	return found;
}

/** Where `mco` looks, in order. The SCL build looks in its own tree instead of /etc/mcollective. */
export function clientConfigCandidates(platform: Platform, home: string): string[] {
	return [
		join(home, '.mcollective'),
		'/etc/puppetlabs/mcollective/client.cfg',
		platform === 'scl' ? `${PLATFORM_PATHS.scl.configDir}/client.cfg` : '/etc/mcollective/client.cfg',
	];
}

export function serverConfigCandidates(platform: Platform): string[] {
	return [
		'/etc/puppetlabs/mcollective/server.cfg',
		platform === 'scl' ? `${PLATFORM_PATHS.scl.configDir}/server.cfg` : '/etc/mcollective/server.cfg',
	];
}

async function probe(root: string, paths: readonly string[]): Promise<CandidateFile[]> {
	return Promise.all(
		paths.map(async (path) => ({
			path,
			exists: await exists(onHost(root, path)),
			readable: await readable(onHost(root, path)),
		})),
	);
}

function choose(candidates: readonly CandidateFile[], fallback: string): LiveConfig {
	const first = candidates.find((c) => c.readable);
	const path = first?.path ?? fallback;
	return {
		path,
		source: first ? 'first-readable' : 'fallback',
		candidates,
		shadowed: candidates.filter((c) => c.exists && c.path !== path).map((c) => c.path),
	};
}

/**
 * The client.cfg `mco` (run without -c by this user) will load. Without any readable candidate
 * mco falls back to ~/.mcollective and fails with `Cannot find config file` (F26).
 */
export async function liveClientConfig(platform: Platform, options: HostLookup = {}): Promise<LiveConfig> {
	const root = options.root ?? '/';
	const home = options.home ?? homedir();
	const candidates = await probe(root, clientConfigCandidates(platform, home));
	const fromEnv = configFromExtraOpts((options.env ?? process.env).MCOLLECTIVE_EXTRA_OPTS);
	if (fromEnv) {
		return {
			path: fromEnv,
			source: 'extra-opts',
			candidates,
			shadowed: candidates.filter((c) => c.exists && c.path !== fromEnv).map((c) => c.path),
		};
	}
	return choose(candidates, join(home, '.mcollective'));
}

/** The server.cfg `mcollectived` started without --config will load (defaults to the first). */
export async function liveServerConfig(platform: Platform, options: HostLookup = {}): Promise<LiveConfig> {
	const root = options.root ?? '/';
	const paths = serverConfigCandidates(platform);
	return choose(await probe(root, paths), paths[0] ?? '/etc/mcollective/server.cfg');
}

export type RunningDaemon = {
	readonly pid: number;
	/** The server.cfg it loaded: its --config/-c argument, else the default lookup. */
	readonly config: string;
	readonly explicit: boolean;
};

/** `--config=FILE`, `--config FILE` or `-c FILE` in an argv (sbin/mcollectived:25-57). */
export function configFromArgv(argv: readonly string[]): string | undefined {
	return configFromExtraOpts(argv.join(' '));
}

/** A running process as /proc shows it. */
type ProcessInfo = {readonly pid: number; readonly argv: readonly string[]};

/** Processes whose /proc entries are read at once (bounded: a node with thousands of gears). */
const PROC_READS_IN_FLIGHT = 64;

/**
 * Every process whose command line this user can read and that sees this host's files (a process
 * in another mount namespace, a container or a namespaced lab host, reads another /etc: its
 * --config is not our file); undefined without /proc (not Linux).
 */
async function listProcesses(options: HostLookup = {}): Promise<ProcessInfo[] | undefined> {
	const proc = onHost(options.root ?? '/', '/proc');
	let pids: string[];
	try {
		pids = (await readdir(proc)).filter((name) => /^\d+$/.test(name));
	} catch {
		return undefined;
	}
	const mountNs = (pid: string) => readlink(join(proc, pid, 'ns', 'mnt')).catch(() => undefined);
	const ours = await mountNs('self');
	const one = async (pid: string): Promise<ProcessInfo | undefined> => {
		const [theirs, cmdline] = await Promise.all([
			ours === undefined ? undefined : mountNs(pid),
			// the process ended, or is not ours to read
			readFile(join(proc, pid, 'cmdline'), 'latin1').catch(() => undefined),
		]);
		if (theirs !== undefined && theirs !== ours) return undefined;
		const argv = cmdline?.split('\0').filter((a) => a !== '') ?? [];
		return argv.length > 0 ? {pid: Number(pid), argv} : undefined;
	};
	// Batches of reads in flight instead of one pid after another: a silent node's verdict waits
	// for this list (issue #12: 120-270 ms for 110 processes one by one on a loaded host).
	const found: ProcessInfo[] = [];
	for (let i = 0; i < pids.length; i += PROC_READS_IN_FLIGHT)
		for (const p of await Promise.all(pids.slice(i, i + PROC_READS_IN_FLIGHT).map(one))) if (p) found.push(p);
	return found.sort((a, b) => a.pid - b.pid);
}

/**
 * The mcollectived processes running now and the server.cfg each really loaded (read from
 * /proc/<pid>/cmdline): the file to lint and read logfile from, whatever the wizard wrote (F2).
 * Undefined when there is no /proc: unknown, not "not running".
 */
export async function runningDaemons(
	platform: Platform,
	options: HostLookup = {},
): Promise<RunningDaemon[] | undefined> {
	const processes = await listProcesses(options);
	if (processes === undefined) return undefined;
	const found: RunningDaemon[] = [];
	for (const {pid, argv} of processes) {
		// `/usr/sbin/mcollectived ...`, `ruby /usr/sbin/mcollectived ...`, `ruby -w /usr/sbin/mcollectived ...`
		if (!argv.slice(0, 3).some((a) => basename(a) === 'mcollectived')) continue;
		const explicit = configFromArgv(argv);
		const config = explicit ?? (await liveServerConfig(platform, options)).path;
		found.push({pid, config, explicit: explicit !== undefined});
	}
	return found;
}

/** The OpenShift broker's mcollective plugin config, which names the client.cfg the broker app uses (F30). */
export const BROKER_PLUGIN_CONF = '/etc/openshift/plugins.d/openshift-origin-msg-broker-mcollective.conf';

/**
 * The client.cfg the OpenShift broker application reads: MCOLLECTIVE_CONFIG from its plugin
 * conf, or the documented default when the conf has none. Undefined when the broker plugin is
 * not installed. It may differ from the file `mco`/`oo-mco` uses (F30).
 */
export async function brokerClientConfig(options: HostLookup = {}): Promise<string | undefined> {
	const root = options.root ?? '/';
	let text: string;
	try {
		text = await readFile(onHost(root, BROKER_PLUGIN_CONF), 'utf8');
	} catch {
		return undefined;
	}
	const match = /^\s*MCOLLECTIVE_CONFIG\s*=\s*["']?([^"'\s#]+)["']?/m.exec(text);
	return match?.[1] ?? '/etc/mcollective/client.cfg';
}

/**
 * Whether ActiveMQ runs here: a java process started from activemq.jar (or with activemq.home set),
 * as Debian's and the tarball's scripts start it. Undefined when there is no /proc.
 */
export async function activemqRunning(options: HostLookup = {}): Promise<boolean | undefined> {
	const processes = await listProcesses(options);
	if (processes === undefined) return undefined;
	return processes.some(
		({argv}) =>
			basename(argv[0] ?? '') === 'java' &&
			argv.some((a) => basename(a) === 'activemq.jar' || a.startsWith('-Dactivemq.home=')),
	);
}
