/**
 * Gathers what `mco-wizard report` shows, from this host only: package versions (bounded
 * dpkg-query / rpm -q), the live client.cfg/server.cfg and their lint, saved progress and the
 * last run of each landmark, the node log since the daemon last started, and every secret found
 * in the answers and the config files (for redaction). Reads only: nothing here changes a file.
 */
import {readFile} from 'node:fs/promises';
import {homedir, hostname} from 'node:os';
import {dirname, join, resolve} from 'node:path';
import {classifyMcoLog, sinceLastStart} from '../core/log-classify.js';
import {lintConfig, lintPair} from '../core/mco-config/lint.js';
import {PLATFORM_PATHS} from '../core/mco-config/render.js';
import type {ReportFile, ReportInput} from '../core/report.js';
import {LANDMARK_IDS, type Platform, SECRET_FIELDS, type SystemSettings} from '../core/types.js';
import type {LoadedAnswers} from './answers-file.js';
import {secretsInConfigFiles} from './config-secrets.js';
import {execBounded} from './exec.js';
import {lastRunsPath, readLastRuns} from './last-runs.js';
import {readLogFrom} from './log-file.js';
import {
	clientConfigCandidates,
	type LiveConfig,
	liveClientConfig,
	liveServerConfig,
	serverConfigCandidates,
} from './platform.js';
import {parseProgress} from './progress-store.js';

const PACKAGES = ['mcollective', 'mcollective-common', 'mcollective-client', 'ruby-stomp', 'activemq'];
const RPMS = ['mcollective', 'mcollective-common', 'mcollective-client', 'rubygem-stomp', 'activemq'];
const EXEC_MS = 5_000;
const MAX_LOG_LINES = 200;

async function packageVersions(): Promise<Array<{name: string; version: string}>> {
	// biome-ignore lint/suspicious/noTemplateCurlyInString: dpkg-query's own format, not a JS template
	const dpkg = await execBounded('dpkg-query', ['-W', '-f', '${Package} ${Version}\\n', ...PACKAGES], {
		timeoutMs: EXEC_MS,
	});
	const found = new Map<string, string>();
	for (const line of dpkg.stdout.split('\n')) {
		const [name, version] = line.trim().split(/\s+/);
		if (name && version) found.set(name, version);
	}
	if (dpkg.spawnError) {
		const rpm = await execBounded('rpm', ['-q', '--qf', '%{NAME} %{VERSION}-%{RELEASE}\\n', ...RPMS], {
			timeoutMs: EXEC_MS,
		});
		for (const line of rpm.stdout.split('\n')) {
			const m = /^(\S+) (\S+)$/.exec(line.trim());
			if (m?.[1] && m[2]) found.set(m[1], m[2]);
		}
	}
	const names = dpkg.spawnError ? RPMS : PACKAGES;
	return names.map((name) => ({name, version: found.get(name) ?? 'not installed'}));
}

async function readText(path: string): Promise<string | undefined> {
	return readFile(path, 'utf8').catch(() => undefined);
}

/** The live file: the answers file's explicit path wins (it is what the checks read). */
function chosen(
	role: 'client' | 'server',
	live: LiveConfig,
	explicit: string | undefined,
): Omit<ReportFile, 'lint'> {
	if (explicit) {
		return {
			role,
			path: explicit,
			why: 'named in the answers file',
			exists: live.candidates.find((c) => c.path === explicit)?.exists ?? true,
			shadowed: [],
		};
	}
	const why =
		live.source === 'extra-opts'
			? 'named by -c in MCOLLECTIVE_EXTRA_OPTS'
			: live.source === 'first-readable'
				? 'the first readable file in the lookup order'
				: 'no readable candidate: the fallback';
	return {
		role,
		path: live.path,
		why,
		exists: live.candidates.find((c) => c.path === live.path)?.exists ?? false,
		shadowed: live.shadowed,
	};
}

function logfileOf(serverText: string | undefined): string | undefined {
	if (!serverText) return undefined;
	let last: string | undefined;
	for (const m of serverText.matchAll(/^[ \t]*logfile[ \t]*=[ \t]*(\S.*?)[ \t]*$/gm)) last = m[1];
	return last;
}

async function progressLandmarks(
	progressPath: string,
): Promise<Record<string, {status: string; at?: string}>> {
	// Parsed here, not with loadProgress: a report must never move a damaged progress file aside.
	const text = await readText(progressPath);
	if (text === undefined) return {};
	try {
		return parseProgress(text, dirname(resolve(progressPath))).progress.landmarks;
	} catch {
		return {};
	}
}

export type GatherOptions = {
	readonly answers?: LoadedAnswers;
	readonly platform: Platform;
	readonly progressPath: string;
	readonly version: string;
	readonly now?: Date;
};

export async function gatherReport(opts: GatherOptions): Promise<{input: ReportInput; secrets: string[]}> {
	const system: SystemSettings = opts.answers?.system ?? {};
	const dir = system.configDir;
	const clientLive = chosen(
		'client',
		await liveClientConfig(opts.platform),
		system.clientConfig ?? (dir ? join(dir, 'client.cfg') : undefined),
	);
	const serverLive = chosen(
		'server',
		await liveServerConfig(opts.platform),
		system.serverConfig ?? (dir ? join(dir, 'server.cfg') : undefined),
	);
	const clientText = await readText(clientLive.path);
	const serverText = await readText(serverLive.path);
	const files: ReportFile[] = [
		{
			...clientLive,
			exists: clientText !== undefined || clientLive.exists,
			lint: clientText === undefined ? null : lintConfig(clientText, 'client'),
		},
		{
			...serverLive,
			exists: serverText !== undefined || serverLive.exists,
			lint: serverText === undefined ? null : lintConfig(serverText, 'server'),
		},
	];
	const ingredients = opts.answers?.ingredients ?? {};
	const secrets = [
		...SECRET_FIELDS.map((k) => ingredients[k]).filter((s): s is string => typeof s === 'string' && s !== ''),
		...(await secretsInConfigFiles([
			clientLive.path,
			serverLive.path,
			...clientConfigCandidates(opts.platform, homedir()),
			...serverConfigCandidates(opts.platform),
		])),
	];
	const states = await progressLandmarks(opts.progressPath);
	const runs = await readLastRuns(lastRunsPath(opts.progressPath));
	const landmarks = LANDMARK_IDS.map((id) => ({
		id,
		status: states[id]?.status ?? 'not-started',
		...(states[id]?.at ? {at: states[id].at} : {}),
		...(runs[id] ? {lastRun: runs[id]} : {}),
	}));
	const logPath = system.nodeLog ?? logfileOf(serverText) ?? PLATFORM_PATHS[opts.platform].serverLog;
	const logText = await readLogFrom(logPath);
	let nodeLog: ReportInput['nodeLog'] = null;
	if (logText !== undefined) {
		const events = sinceLastStart(classifyMcoLog(logText));
		const kept = events.slice(-MAX_LOG_LINES);
		nodeLog = {
			path: logPath,
			lines: kept.map((e) => ({lineNo: e.entry.lineNo, kind: e.kind, raw: e.entry.raw})),
			...(kept.length < events.length ? {note: `the last ${MAX_LOG_LINES} of ${events.length}`} : {}),
		};
	}
	return {
		secrets,
		input: {
			generatedAt: (opts.now ?? new Date()).toISOString(),
			hostname: hostname(),
			versions: [
				{name: 'mco-wizard', version: opts.version},
				{name: 'node', version: process.version},
				...(await packageVersions()),
			],
			files,
			pairLint: clientText !== undefined && serverText !== undefined ? lintPair(clientText, serverText) : [],
			landmarks,
			nodeLog,
		},
	};
}
