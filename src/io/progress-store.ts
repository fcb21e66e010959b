/**
 * Resume state: which landmark the user is at, how each landmark went (and when), the answers
 * typed so far, and whether the secrets were saved. Written after every step (atomically, mode
 * 0600) as INI with `ini`, at ~/.config/mco-wizard/progress.ini unless MCO_WIZARD_STATE says
 * otherwise. Secrets are only written when the user agreed; otherwise the file says to ask again.
 * A damaged progress file (it starts with our `[wizard]` header but makes no sense) is moved aside
 * (`.corrupt-<time>`) and the wizard starts fresh with a message saying so. Anything else at the
 * path (a directory, a user's file) is never renamed or overwritten: loadProgress throws
 * NotAProgressFile, because `--state /etc/mcollective` must not move the config directory.
 */
import {chmod, mkdir, readFile, rename, stat} from 'node:fs/promises';
import {dirname, resolve} from 'node:path';
import ini from 'ini';
import {formatField, INGREDIENT_FIELDS, isSecretField} from '../core/ingredients.js';
import {
	type Ingredients,
	LANDMARK_IDS,
	type LandmarkId,
	SECRET_FIELDS,
	type SystemSettings,
} from '../core/types.js';
import {readIngredientsSection, readSystemSection} from './answers-file.js';
import {backupName, writeFileAtomic} from './config-files.js';

export type LandmarkStatus = 'not-started' | 'passed' | 'failed' | 'skipped';
export const LANDMARK_STATUSES: readonly LandmarkStatus[] = ['not-started', 'passed', 'failed', 'skipped'];

export type LandmarkState = {
	readonly status: LandmarkStatus;
	/** ISO 8601 time of the last status change. */
	readonly at?: string;
};

export type Progress = {
	/** The landmark to resume at. */
	readonly current: LandmarkId;
	readonly landmarks: Readonly<Record<LandmarkId, LandmarkState>>;
	/** Ingredients answered so far (secrets only when saved or still in memory). */
	readonly answers: Partial<Ingredients>;
	readonly system: SystemSettings;
	/** The file holds the secrets (the user agreed). */
	readonly secretsSaved: boolean;
	/** Secrets were typed but not saved: ask for them again on resume. */
	readonly askSecretsAgain: boolean;
	/** ISO time of the last save. */
	readonly updatedAt?: string;
	/**
	 * This host's roles (src/core/role.ts rolesKey): `current` and `landmarks` are that role's
	 * section, `[roles.<key>]`. Undefined: the file's top-level ones (files from before roles).
	 */
	readonly roleKey?: string;
	/** The other roles' sections as read, written back untouched (one file, several hosts' roles). */
	readonly otherRoles?: Readonly<Record<string, unknown>>;
};

export type LoadedProgress = {
	readonly progress: Progress;
	/** resumed: read a saved file; new: none yet; corrupt: unreadable, started fresh. */
	readonly state: 'resumed' | 'new' | 'corrupt';
	/** For the user: what happened (corrupt file, dropped answers). */
	readonly message?: string;
	/** Where a corrupt file was moved. */
	readonly movedTo?: string;
};

const FORMAT_VERSION = '1';

export function emptyProgress(): Progress {
	const landmarks = Object.fromEntries(LANDMARK_IDS.map((id) => [id, {status: 'not-started'}])) as Record<
		LandmarkId,
		LandmarkState
	>;
	return {
		current: 'ingredients',
		landmarks,
		answers: {},
		system: {},
		secretsSaved: false,
		askSecretsAgain: false,
	};
}

/** A copy with one landmark's status set, stamped with `now`. */
export function withLandmarkStatus(
	progress: Progress,
	id: LandmarkId,
	status: LandmarkStatus,
	now: Date = new Date(),
): Progress {
	return {...progress, landmarks: {...progress.landmarks, [id]: {status, at: now.toISOString()}}};
}

export {defaultProgressPath} from './progress-path.js';

function hasSecrets(answers: Partial<Ingredients>): boolean {
	return SECRET_FIELDS.some((key) => typeof answers[key] === 'string' && answers[key] !== '');
}

/** The file's text. Secrets go in only with saveSecrets; otherwise the file says to ask again. */
export function stringifyProgress(progress: Progress, options: {readonly saveSecrets: boolean}): string {
	const answers: Record<string, string> = {};
	for (const field of INGREDIENT_FIELDS) {
		const value = progress.answers[field.key];
		if (value === undefined) continue;
		if (isSecretField(field.key) && !options.saveSecrets) continue;
		answers[field.key] = formatField(field.key, value);
	}
	const secretsSaved = options.saveSecrets && hasSecrets(progress.answers);
	const askSecretsAgain = !options.saveSecrets && (hasSecrets(progress.answers) || progress.askSecretsAgain);
	const landmarks: Record<string, Record<string, string>> = {};
	for (const id of LANDMARK_IDS) {
		const state = progress.landmarks[id];
		landmarks[id] = state.at ? {status: state.status, at: state.at} : {status: state.status};
	}
	const system = Object.fromEntries(Object.entries(progress.system).filter(([, v]) => typeof v === 'string'));
	const roles =
		progress.roleKey === undefined
			? {}
			: {roles: {...progress.otherRoles, [progress.roleKey]: {current: progress.current, landmarks}}};
	return ini.stringify(
		{
			wizard: {
				version: FORMAT_VERSION,
				current: progress.current,
				secretsSaved: String(secretsSaved),
				askSecretsAgain: String(askSecretsAgain),
				updatedAt: progress.updatedAt ?? new Date().toISOString(),
			},
			landmarks,
			answers,
			system,
			...roles,
		},
		{whitespace: true},
	);
}

class CorruptProgress extends Error {}

/** The path holds something that is not ours (a directory, a user's file): refuse to touch it. */
export class NotAProgressFile extends Error {
	constructor(
		readonly path: string,
		why: string,
	) {
		super(
			`${path} is not a mco-wizard progress file (${why}); refusing to move or overwrite it. Give --state a new file name.`,
		);
		this.name = 'NotAProgressFile';
	}
}

/** Our files start with the `[wizard]` section (stringifyProgress writes it first). */
function looksLikeProgress(text: string): boolean {
	for (const line of text.split('\n', 50)) {
		const trimmed = line.trim();
		if (trimmed === '' || trimmed.startsWith(';') || trimmed.startsWith('#')) continue;
		return trimmed === '[wizard]';
	}
	return false;
}

/** A `current` and its `[landmarks]` (top level or a role's section); throws CorruptProgress. */
function readPlace(
	rawCurrent: unknown,
	given: unknown,
	where: string,
): {current: LandmarkId; landmarks: Record<LandmarkId, LandmarkState>} {
	const current = String(rawCurrent);
	if (!(LANDMARK_IDS as readonly string[]).includes(current))
		throw new CorruptProgress(`unknown landmark '${current}'`);
	const landmarks = {...emptyProgress().landmarks};
	if (given !== undefined && !isRecord(given)) throw new CorruptProgress(`bad [${where}landmarks] section`);
	for (const [id, state] of Object.entries(given ?? {})) {
		if (!(LANDMARK_IDS as readonly string[]).includes(id))
			throw new CorruptProgress(`unknown landmark '${id}'`);
		if (!isRecord(state)) throw new CorruptProgress(`bad [landmarks.${id}]`);
		const status = String(state.status);
		if (!(LANDMARK_STATUSES as readonly string[]).includes(status)) {
			throw new CorruptProgress(`landmark ${id}: unknown status '${status}'`);
		}
		const at = state.at === undefined ? undefined : String(state.at);
		if (at !== undefined && Number.isNaN(Date.parse(at)))
			throw new CorruptProgress(`landmark ${id}: bad time`);
		landmarks[id as LandmarkId] =
			at === undefined ? {status: status as LandmarkStatus} : {status: status as LandmarkStatus, at};
	}
	return {current: current as LandmarkId, landmarks};
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
	typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Reads the file's text into Progress. Throws CorruptProgress when the structure is wrong;
 * individual invalid answers are dropped and listed in `dropped` instead.
 */
export function parseProgress(
	text: string,
	baseDir: string,
	roleKey?: string,
): {progress: Progress; dropped: string[]} {
	let data: Record<string, unknown>;
	try {
		data = ini.parse(text);
	} catch (error) {
		throw new CorruptProgress(`not INI: ${(error as Error).message}`);
	}
	const wizard = data.wizard;
	if (!isRecord(wizard)) throw new CorruptProgress('no [wizard] section');
	if (String(wizard.version) !== FORMAT_VERSION)
		throw new CorruptProgress(`unknown format version '${String(wizard.version)}'`);
	const top = readPlace(wizard.current, data.landmarks, '');
	// Per-role sections (a file shared by several roles); a role not saved yet starts fresh.
	const allRoles = isRecord(data.roles) ? data.roles : {};
	const mine = roleKey === undefined ? undefined : allRoles[roleKey];
	const place =
		roleKey === undefined || (Object.keys(allRoles).length === 0 && mine === undefined)
			? top
			: isRecord(mine)
				? readPlace(mine.current, mine.landmarks, `roles.${roleKey}.`)
				: {current: 'ingredients' as LandmarkId, landmarks: emptyProgress().landmarks};
	const {current, landmarks} = place;
	const otherRoles = Object.fromEntries(Object.entries(allRoles).filter(([k]) => k !== roleKey));
	const answers = readIngredientsSection(data.answers, 'answers');
	const system = readSystemSection(data.system, 'system', baseDir);
	const secretsSaved = String(wizard.secretsSaved) === 'true';
	const updatedAt = wizard.updatedAt === undefined ? undefined : String(wizard.updatedAt);
	return {
		progress: {
			current,
			landmarks,
			...(roleKey === undefined ? {} : {roleKey, otherRoles}),
			answers: answers.ingredients,
			system: system.system,
			secretsSaved: secretsSaved && hasSecrets(answers.ingredients),
			askSecretsAgain:
				String(wizard.askSecretsAgain) === 'true' || (secretsSaved && !hasSecrets(answers.ingredients)),
			...(updatedAt ? {updatedAt} : {}),
		},
		dropped: [...answers.errors, ...system.errors],
	};
}

/** Moves a bad file aside; returns where, or undefined if even that failed. */
async function moveAside(path: string, now: Date): Promise<string | undefined> {
	const target = backupName(path, now).replace(/\.bak-/, '.corrupt-');
	try {
		await rename(path, target);
		return target;
	} catch {
		return undefined;
	}
}

/** Loads saved progress; never throws for a bad or unreadable file (fresh start + message). */
export async function loadProgress(
	path: string,
	options: {readonly now?: () => Date; readonly roleKey?: string} = {},
): Promise<LoadedProgress> {
	const now = (options.now ?? (() => new Date()))();
	let text: string;
	try {
		const info = await stat(path);
		if (!info.isFile())
			throw new NotAProgressFile(path, info.isDirectory() ? 'a directory' : 'not a regular file');
		text = await readFile(path, 'utf8');
	} catch (error) {
		if (error instanceof NotAProgressFile) throw error;
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'ENOENT') return {progress: emptyProgress(), state: 'new'};
		throw new NotAProgressFile(path, `cannot read it: ${code ?? String(error)}`);
	}
	if (!looksLikeProgress(text)) throw new NotAProgressFile(path, 'it does not start with [wizard]');
	try {
		const {progress, dropped} = parseProgress(text, dirname(resolve(path)), options.roleKey);
		// A file holding secrets must stay private even if someone loosened it.
		if (progress.secretsSaved) {
			const mode = (await stat(path)).mode & 0o777;
			if (mode & 0o077) await chmod(path, 0o600).catch(() => undefined);
		}
		return {
			progress,
			state: 'resumed',
			...(dropped.length > 0
				? {message: `Some saved answers were not valid and were dropped: ${dropped.join(' ')}`}
				: {}),
		};
	} catch (error) {
		if (!(error instanceof CorruptProgress)) throw error;
		const movedTo = await moveAside(path, now);
		return {
			progress: emptyProgress(),
			state: 'corrupt',
			message: `The saved progress in ${path} is damaged (${error.message}); starting fresh.${movedTo ? ` The old file is kept at ${movedTo}.` : ''}`,
			...(movedTo ? {movedTo} : {}),
		};
	}
}

/**
 * Saves progress atomically with mode 0600 (the directory 0700). Secrets are written only with
 * saveSecrets; returns what the file now says about them.
 */
export async function saveProgress(
	path: string,
	progress: Progress,
	options: {readonly saveSecrets: boolean; readonly now?: () => Date},
): Promise<{secretsSaved: boolean; askSecretsAgain: boolean}> {
	const now = (options.now ?? (() => new Date()))();
	const text = stringifyProgress(
		{...progress, updatedAt: now.toISOString()},
		{saveSecrets: options.saveSecrets},
	);
	await mkdir(dirname(resolve(path)), {recursive: true, mode: 0o700});
	await writeFileAtomic(resolve(path), text, 0o600);
	const saved = parseProgress(text, dirname(resolve(path)), progress.roleKey).progress;
	return {secretsSaved: saved.secretsSaved, askSecretsAgain: saved.askSecretsAgain};
}
