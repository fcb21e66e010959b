/**
 * Runs a CommonJS bundle (dist/mco.cjs: ping and rpc) through vm.Script with a V8 code cache: Node 20 has no
 * compile cache for ES modules (module.enableCompileCache is 22.1+), and compiling ping's
 * ~170 KB on every launch, plus the functions V8 compiles lazily during the exchange, is a
 * large share of its start-up (bench/results/ping.md). The cache is made after a run that
 * succeeded (so it holds the functions that run used) and only when there was none or V8
 * rejected it. Nothing here ever fails the command: an unreadable, untrusted or rejected cache
 * means an ordinary compile, an unwritable directory means no cache.
 */
import {
	closeSync,
	constants,
	fstatSync,
	lstatSync,
	mkdirSync,
	openSync,
	readdirSync,
	readFileSync,
	renameSync,
	type Stats,
	unlinkSync,
	writeSync,
} from 'node:fs';
import {createRequire} from 'node:module';
import {basename, dirname, join} from 'node:path';
import {Script} from 'node:vm';
import {
	codeCacheName,
	type OwnedEntry,
	staleCodeCaches,
	trustedCacheDir,
	trustedCacheFile,
} from '../core/code-cache.js';

/**
 * The bundle's build, by content. node:crypto is required here, not imported above, so the
 * launcher does not load it for --help or the wizard (ping loads it anyway); `require`, not
 * `import()`, because in dist/cli.cjs an import() would start the ES module loader the launcher
 * is there to avoid. Native: a hash in JS took 7-10 ms over ping's 170 KB before V8 optimised it.
 */
function sha256(text: string): string {
	const {createHash} = createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto');
	return createHash('sha256').update(text).digest('hex');
}

/** Larger than any cache of ours (ping's is ~200 KB): a bigger file is not one we wrote. */
const MAX_CACHE_BYTES = 16 * 1024 * 1024;

export type CachedScript = {
	readonly exports: unknown;
	/** How the compile went: the cache was used, there was none, or V8 rejected it. */
	readonly cache: 'used' | 'none' | 'rejected' | 'off';
	/** Writes a cache from what this process compiled; undefined when the one used is good. */
	readonly save: (() => void) | undefined;
};

function owned(st: Stats): OwnedEntry {
	return {
		isDirectory: st.isDirectory(),
		isFile: st.isFile(),
		isSymbolicLink: st.isSymbolicLink(),
		uid: st.uid,
		mode: st.mode,
	};
}

const uid = () => process.getuid?.() ?? -1;

function dirTrusted(dir: string): boolean {
	try {
		return trustedCacheDir(owned(lstatSync(dir)), uid());
	} catch {
		return false;
	}
}

/** The cache file's bytes, or undefined: never through a symlink, never a file someone else owns. */
function readTrusted(dir: string, name: string): Buffer | undefined {
	if (!dirTrusted(dir)) return undefined;
	let fd: number | undefined;
	try {
		fd = openSync(join(dir, name), constants.O_RDONLY | constants.O_NOFOLLOW);
		const st = fstatSync(fd);
		if (!trustedCacheFile(owned(st), uid()) || st.size > MAX_CACHE_BYTES) return undefined;
		return readFileSync(fd);
	} catch {
		return undefined;
	} finally {
		if (fd !== undefined) closeSync(fd);
	}
}

/** Atomic: a private temporary file (O_EXCL, O_NOFOLLOW, 0600) renamed over the name. */
function writeTrusted(dir: string, bundle: string, name: string, data: Buffer): void {
	let tmp: string | undefined;
	try {
		mkdirSync(dir, {recursive: true, mode: 0o700});
		if (!dirTrusted(dir)) return;
		// O_EXCL makes a clash fail, not follow anything: the name needs no cryptographic randomness.
		tmp = join(
			dir,
			`.${name}.${process.pid}.${Date.now().toString(36)}${Math.random().toString(36).slice(2)}`,
		);
		const fd = openSync(
			tmp,
			constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
			0o600,
		);
		try {
			let done = 0;
			while (done < data.length) done += writeSync(fd, data, done);
		} finally {
			closeSync(fd);
		}
		renameSync(tmp, join(dir, name));
		tmp = undefined;
		for (const stale of staleCodeCaches(readdirSync(dir), bundle, name)) {
			unlinkSync(join(dir, stale));
		}
	} catch {
		// no cache this time; the command's own result is what matters
	} finally {
		if (tmp !== undefined) {
			try {
				unlinkSync(tmp);
			} catch {}
		}
	}
}

/**
 * `require(file)`, compiled with the code cache in `cacheDir` (none when undefined). Returns
 * undefined when the file cannot be read (running from src/, no build): the caller's fallback.
 */
export async function runCachedScript(
	file: string,
	cacheDir: string | undefined,
): Promise<CachedScript | undefined> {
	let source: string;
	try {
		source = readFileSync(file, 'utf8');
	} catch {
		return undefined;
	}
	const bundle = basename(file).replace(/\.c?js$/, '');
	const name =
		cacheDir === undefined ? undefined : codeCacheName(bundle, sha256(source), process.version, process.arch);
	const cachedData = cacheDir && name ? readTrusted(cacheDir, name) : undefined;
	// The wrapper Node's own CommonJS loader puts around a module.
	const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
		filename: file,
		...(cachedData ? {cachedData} : {}),
	});
	const module = {exports: {} as unknown};
	const run = script.runInThisContext() as (...args: unknown[]) => void;
	run.call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
	const cache =
		cacheDir === undefined ? 'off' : !cachedData ? 'none' : script.cachedDataRejected ? 'rejected' : 'used';
	const save =
		(cache === 'none' || cache === 'rejected') && cacheDir && name
			? () => writeTrusted(cacheDir, bundle, name, script.createCachedData())
			: undefined;
	return {exports: module.exports, cache, save};
}
