/**
 * Writing client.cfg / server.cfg safely, in two steps so the user sees the diff first:
 * planConfigWrite reads what is there and computes a redacted diff; applyConfigWrite keeps a
 * timestamped backup, then writes atomically (temp file in the same directory, fsync, rename,
 * fsync the directory) with mode 0600 when the file holds a secret. Unchanged files are not
 * rewritten; a dry run touches nothing.
 */
import {createHash, randomBytes} from 'node:crypto';
import {constants} from 'node:fs';
import {
	chmod,
	chown,
	copyFile,
	lstat,
	mkdir,
	open,
	readdir,
	readFile,
	realpath,
	rename,
	stat,
	unlink,
} from 'node:fs/promises';
import {basename, dirname, join, resolve} from 'node:path';
import {configDiff} from '../core/diff.js';

export type ConfigWritePlan = {
	/** The path asked for. */
	readonly path: string;
	/** Where the bytes really go: the symlink's target when `path` is a symlink. */
	readonly target: string;
	readonly exists: boolean;
	readonly changed: boolean;
	/** Redacted unified diff ('' when unchanged). */
	readonly diff: string;
	/** The new content (holds secrets: never display it, display `diff`). */
	readonly content: string;
	/** Permission bits of the existing file. */
	readonly currentMode?: number;
	/** sha256 of the existing content, to refuse writing over a file edited since the diff. */
	readonly currentHash?: string;
};

export type ApplyOptions = {
	/** Write nothing, report what would happen. */
	readonly dryRun?: boolean;
	/** The file holds a secret: file and backup get mode 0600. */
	readonly secret?: boolean;
	/** Clock for the backup name (tests). */
	readonly now?: () => Date;
	/**
	 * Give the new file to this owner (a 0600 activemq.xml must belong to the user ActiveMQ runs
	 * as, or the broker cannot read it); default: the owner the existing file had.
	 */
	readonly owner?: {readonly uid: number; readonly gid: number};
};

export type ApplyResult = {
	readonly written: boolean;
	readonly backupPath?: string;
	/** Final permission bits (what they would be, on a dry run). */
	readonly mode: number;
	/** Only the mode was tightened (content unchanged). */
	readonly modeFixed?: boolean;
	readonly dryRun: boolean;
};

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

async function resolveTarget(path: string): Promise<string> {
	try {
		const info = await lstat(path);
		return info.isSymbolicLink() ? await realpath(path) : path;
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return path;
		throw error;
	}
}

/** Reads the current file (if any) and computes the redacted diff to `content`. */
export async function planConfigWrite(
	path: string,
	content: string,
	options: {readonly secrets?: readonly string[]} = {},
): Promise<ConfigWritePlan> {
	const absolute = resolve(path);
	const target = await resolveTarget(absolute);
	let current: string | undefined;
	let currentMode: number | undefined;
	try {
		current = await readFile(target, 'utf8');
		currentMode = (await stat(target)).mode & 0o777;
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code !== 'ENOENT') throw new Error(`Cannot read ${target}: ${code ?? String(error)}`);
	}
	const diff = configDiff(current, content, {path: absolute, secrets: options.secrets});
	return {
		path: absolute,
		target,
		exists: current !== undefined,
		changed: current !== content,
		diff,
		content,
		...(currentMode === undefined ? {} : {currentMode}),
		...(current === undefined ? {} : {currentHash: sha256(current)}),
	};
}

/** `client.cfg.bak-20260125-143005`: local time, sortable. */
export function backupName(path: string, now: Date): string {
	const pad = (n: number) => String(n).padStart(2, '0');
	const stamp = `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}-${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
	return `${path}.bak-${stamp}`;
}

async function freeBackupPath(path: string, now: Date): Promise<string> {
	const base = backupName(path, now);
	for (let i = 0; ; i++) {
		const candidate = i === 0 ? base : `${base}-${i}`;
		try {
			await lstat(candidate);
		} catch {
			return candidate;
		}
	}
}

/** Backups kept per file: every write makes one, so without a bound they pile up for ever. */
export const KEEP_BACKUPS = 10;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** True unless the process is known to be gone (ESRCH); EPERM means it exists under another user. */
function processAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code !== 'ESRCH';
	}
}

/**
 * A run killed between creating its temp file and the rename leaves `.NAME.tmp-PID-HEX` (0600,
 * holding secrets) behind: remove those of `target` whose writer process is gone.
 */
async function removeStaleTemps(target: string): Promise<void> {
	const dir = dirname(target);
	const pattern = new RegExp(`^\\.${escapeRegExp(basename(target))}\\.tmp-(\\d+)-[0-9a-f]{8}$`);
	let names: string[];
	try {
		names = await readdir(dir);
	} catch {
		return;
	}
	for (const name of names) {
		const pid = Number(pattern.exec(name)?.[1]);
		if (!pid || pid === process.pid || processAlive(pid)) continue;
		await unlink(join(dir, name)).catch(() => undefined);
	}
}

/** Removes all but the newest KEEP_BACKUPS backups of `target` (names sort by time, then by -N). */
async function pruneBackups(target: string): Promise<void> {
	const dir = dirname(target);
	const pattern = new RegExp(`^${escapeRegExp(basename(target))}\\.bak-(\\d{8}-\\d{6})(?:-(\\d+))?$`);
	const backups: {name: string; stamp: string; n: number}[] = [];
	for (const name of await readdir(dir).catch(() => [] as string[])) {
		const m = pattern.exec(name);
		if (m) backups.push({name, stamp: m[1] ?? '', n: Number(m[2] ?? 0)});
	}
	backups.sort((a, b) => (a.stamp === b.stamp ? a.n - b.n : a.stamp < b.stamp ? -1 : 1));
	for (const old of backups.slice(0, Math.max(0, backups.length - KEEP_BACKUPS))) {
		await unlink(join(dir, old.name)).catch(() => undefined);
	}
}

/** Temp file + fsync + rename + directory fsync: readers see the old file or the new one, never half. */
export async function writeFileAtomic(
	target: string,
	content: string,
	mode: number,
	owner?: {uid: number; gid: number},
): Promise<void> {
	const dir = dirname(target);
	await removeStaleTemps(target);
	const temp = join(dir, `.${basename(target)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
	// 'wx': never follow or reuse an existing name; the mode applies from the first byte.
	const handle = await open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, mode);
	try {
		await handle.writeFile(content, 'utf8');
		await handle.chmod(mode); // the umask may have removed bits we asked for
		if (owner) await handle.chown(owner.uid, owner.gid).catch(() => undefined); // only root can
		await handle.sync();
	} catch (error) {
		await handle.close();
		await unlink(temp).catch(() => undefined);
		throw error;
	}
	await handle.close();
	try {
		await rename(temp, target);
	} catch (error) {
		await unlink(temp).catch(() => undefined);
		throw error;
	}
	const dirHandle = await open(dir, constants.O_RDONLY);
	try {
		await dirHandle.sync();
	} catch {
		// Some filesystems refuse fsync on a directory; the rename is still atomic.
	} finally {
		await dirHandle.close();
	}
}

/** Carries out a plan: backup, atomic write, modes. Returns where the backup went. */
export async function applyConfigWrite(
	plan: ConfigWritePlan,
	options: ApplyOptions = {},
): Promise<ApplyResult> {
	const dryRun = options.dryRun === true;
	const secret = options.secret === true;
	const mode = secret ? 0o600 : (plan.currentMode ?? 0o644);
	if (!plan.changed) {
		// Unchanged content is never rewritten; a too-open secret file is still tightened.
		const needsTightening = secret && plan.currentMode !== undefined && (plan.currentMode & 0o077) !== 0;
		if (needsTightening && !dryRun) await chmod(plan.target, 0o600);
		return {
			written: false,
			mode: needsTightening ? 0o600 : (plan.currentMode ?? mode),
			modeFixed: needsTightening,
			dryRun,
		};
	}
	const now = (options.now ?? (() => new Date()))();
	if (dryRun) {
		return {written: false, mode, dryRun, ...(plan.exists ? {backupPath: backupName(plan.target, now)} : {})};
	}
	let backupPath: string | undefined;
	let owner: {uid: number; gid: number} | undefined;
	if (plan.exists) {
		const current = await readFile(plan.target, 'utf8');
		if (sha256(current) !== plan.currentHash) {
			throw new Error(`${plan.target} changed since the diff was shown; review it again before writing.`);
		}
		const info = await stat(plan.target);
		owner = {uid: info.uid, gid: info.gid};
		backupPath = await freeBackupPath(plan.target, now);
		await copyFile(plan.target, backupPath, constants.COPYFILE_EXCL);
		await chmod(backupPath, secret ? 0o600 : info.mode & 0o777);
		await chown(backupPath, info.uid, info.gid).catch(() => undefined);
	} else {
		const appeared = await lstat(plan.target).then(
			() => true,
			() => false,
		);
		if (appeared) throw new Error(`${plan.target} was created since the diff was shown; review it again.`);
		await mkdir(dirname(plan.target), {recursive: true});
	}
	await writeFileAtomic(plan.target, plan.content, mode, options.owner ?? owner);
	if (backupPath) await pruneBackups(plan.target);
	return {written: true, mode, dryRun, ...(backupPath ? {backupPath} : {})};
}
