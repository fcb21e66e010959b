/**
 * Where a V8 code cache for one of our CommonJS bundles lives, what it is called, and when a
 * directory or file found there may be trusted (src/io/code-cache.ts does the IO). A code cache
 * is code: V8 runs what it holds, so only a file this user owns, in a directory only this user
 * can write, is ever read.
 */

/** `$XDG_CACHE_HOME/mco-wizard` (absolute only, as the XDG spec says), else `~/.cache/mco-wizard`. */
export function codeCacheDir(env: Readonly<Record<string, string | undefined>>): string | undefined {
	if (env.MCO_WIZARD_CODE_CACHE === '0') return undefined;
	const xdg = env.XDG_CACHE_HOME;
	if (xdg?.startsWith('/')) return `${xdg.replace(/\/+$/, '')}/mco-wizard`;
	const home = env.HOME;
	if (home?.startsWith('/')) return `${home.replace(/\/+$/, '')}/.cache/mco-wizard`;
	return undefined;
}

/**
 * One name per bundle content, Node version and architecture: a new build or another Node never
 * reads an old cache (V8 would reject most mismatches itself, but not all, and a rejected cache
 * costs the compile it was meant to save).
 */
export function codeCacheName(bundle: string, sourceHash: string, nodeVersion: string, arch: string): string {
	const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]/g, '_');
	return `${safe(bundle)}-${safe(sourceHash.slice(0, 16))}-${safe(nodeVersion)}-${safe(arch)}.v8cache`;
}

/** Bundles no build writes any more, whose caches go too: dist/ping.cjs became dist/mco.cjs. */
export const RETIRED_BUNDLES: readonly string[] = ['ping'];

/** The caches of `bundle` (or a retired one) that are not `current`: left by an older build or Node. */
export function staleCodeCaches(
	names: readonly string[],
	bundle: string,
	current: string,
	retired: readonly string[] = RETIRED_BUNDLES,
): string[] {
	const prefixes = [bundle, ...retired].map((b) => `${b.replace(/[^A-Za-z0-9._-]/g, '_')}-`);
	return names.filter(
		(n) => n !== current && prefixes.some((p) => n.startsWith(p)) && n.endsWith('.v8cache'),
	);
}

/** What lstat/fstat says about an entry, the part that decides trust. */
export type OwnedEntry = {
	readonly isDirectory: boolean;
	readonly isFile: boolean;
	readonly isSymbolicLink: boolean;
	readonly uid: number;
	readonly mode: number;
};

/** A real directory (not a symlink) of this user that no one else can write into. */
export function trustedCacheDir(entry: OwnedEntry, uid: number): boolean {
	return entry.isDirectory && !entry.isSymbolicLink && entry.uid === uid && (entry.mode & 0o022) === 0;
}

/** A regular file (opened without following a symlink) of this user, not writable by others. */
export function trustedCacheFile(entry: OwnedEntry, uid: number): boolean {
	return entry.isFile && !entry.isSymbolicLink && entry.uid === uid && (entry.mode & 0o022) === 0;
}
