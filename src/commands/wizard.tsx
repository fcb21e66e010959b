/**
 * The interactive five-landmark wizard (registered by wizard-command.ts, which loads this module
 * only when the wizard runs). This module gathers what the App
 * needs from the outside world (saved progress, answers file, flags, platform detection) and binds
 * the io modules into the App's deps; the App itself never touches fs or the network.
 */
import {mkdir, readFile} from 'node:fs/promises';
import {hostname} from 'node:os';
import {dirname, join, resolve} from 'node:path';
import chalk from 'chalk';
import {render, useApp} from 'ink';
import {useEffect, useState} from 'react';
import {LANDMARK_STEPS, type LandmarkStep, PRACTICE_STEPS} from '../../steps/index.js';
import {ROLES_CONTENT} from '../../steps/roles.js';
import {App, type AppDeps, type Props as AppProps} from '../app.js';
import {type ProgressEvent, runLandmark} from '../checks/index.js';
import {readContent} from '../content.js';
import {encodeBundle} from '../core/bundle.js';
import {withDefaults} from '../core/ingredients.js';
import {
	freshStatuses,
	type LandmarkStatus,
	type Position,
	resume,
	type Statuses,
	whereToResume,
} from '../core/machine.js';
import {defaultConfigDir, renderClientCfg, renderServerCfg} from '../core/mco-config/render.js';
import {deliverInOrderWhen} from '../core/ordered-delivery.js';
import {onRange} from '../core/practice-fixes.js';
import {type PracticeRecord, recordRun} from '../core/practice-record.js';
import {clientsElsewhere, decideRoles, type HostFacts, type RoleDecision, rolesKey} from '../core/role.js';
import {redact, redactDeep} from '../core/secrets.js';
import {
	type Diagnosis,
	type Ingredients,
	LANDMARK_IDS,
	type LandmarkId,
	type LandmarkReport,
	ROLE_IDS,
	type Role,
	SECRET_FIELDS,
	type SystemSettings,
} from '../core/types.js';
import type {ProgressSnapshot} from '../hooks/use-wizard.js';
import {
	type ActivemqWritePlan,
	applyActivemqXml,
	findActivemqXml,
	planActivemqXml,
} from '../io/activemq-file.js';
import {loadAnswers} from '../io/answers-file.js';
import {nodeCheckIO, practiceCheckIO} from '../io/check-io.js';
import {
	applyConfigWrite,
	type ConfigWritePlan,
	planConfigWrite,
	writeFileAtomic,
} from '../io/config-files.js';
import {secretsInConfigFiles} from '../io/config-secrets.js';
import {handOffToInk} from '../io/first-frame-shell.js';
import {gatherHostFacts} from '../io/host-facts.js';
import {lastRunsPath, recordLastRun} from '../io/last-runs.js';
import {detectPlatform} from '../io/platform.js';
import {loadPracticeRecord, savePracticeRecord} from '../io/practice-record-file.js';
import {defaultProgressPath, loadProgress, type Progress, saveProgress} from '../io/progress-store.js';
import {DebugScreen} from '../screens/DebugScreen.js';
import type {PlatformGuess} from '../screens/IngredientsScreen.js';
import {RoleScreen} from '../screens/RoleScreen.js';
import type {PlannedFile} from '../screens/WriteConfigScreen.js';
import {reportJson} from './check.js';
import {bundleFor} from './export.js';

/** Where the wizard writes the bundle it exports (the same default as `mco-wizard export`). */
const EXPORT_FILE = 'mco-wizard.bundle';

/** A file the wizard writes: client.cfg/server.cfg, or activemq.xml with what render changed. */
type WizardFile = ConfigWritePlan & PlannedFile & {readonly activemq?: ActivemqWritePlan};

/**
 * activemq.xml on this host: the file [system] names, else the one the running ActiveMQ was
 * started with, else Debian's or RHEL's. Its STOMP bind is kept when clients can reach it
 * (changing nothing the wizard need not); a missing one, or loopback while the clients reach the
 * broker by another name, becomes 0.0.0.0.
 */
async function planActivemq(complete: Ingredients, system: SystemSettings): Promise<WizardFile> {
	const [{activemqJvm}, {parseActivemqXml}, {brokerWants}] = await Promise.all([
		import('../checks/broker.js'),
		import('../core/activemq-xml/parse.js'),
		import('../core/activemq-xml/render.js'),
	]);
	let path = system.activemqXml;
	if (!path) {
		const running = (await nodeCheckIO.processes?.())?.flatMap((p) => activemqJvm(p)?.config ?? []);
		path = running?.[0] ?? (await findActivemqXml());
	}
	const current = await readFile(path, 'utf8').catch(() => undefined);
	const bound = current ? parseActivemqXml(current).stomp.find((t) => !t.ssl)?.host : undefined;
	const loopback = bound !== undefined && /^(127\.|localhost$|::1$|\[::1\]$)/.test(bound);
	const keep = bound !== undefined && bound !== '' && !(loopback && clientsElsewhere(complete));
	const planned = await planActivemqXml(path, brokerWants(complete, keep ? bound : '0.0.0.0'));
	return {...planned.plan, role: 'activemq', activemq: planned};
}

/** Per-check budget: long enough for a slow broker, short enough that a dead one is seen quickly. */
const CHECK_TIMEOUT_MS = 5000;

export type WizardOptions = {
	readonly step?: LandmarkId;
	readonly answers?: string;
	readonly configDir?: string;
	readonly dryRun?: boolean;
	readonly state?: string;
	/** commander's `--no-color` sets this to false. */
	readonly color?: boolean;
	/** --role: this host's roles, set rather than detected. */
	readonly role?: readonly Role[];
};

/** The wizard on the practice range (src/commands/practice.ts): where its record lives. */
export type PracticeMode = {
	/** The range's directory: its files, and the only mcollectived that counts as this host's. */
	readonly dir: string;
	/** <practice dir>/practice-record.json */
	readonly recordPath: string;
	readonly scenario: string;
	/** The command that starts this exercise again, shown on quit. */
	readonly resumeHint: string;
	/** Called once Ink's first frame is on the screen: the range starts its nodes then. */
	readonly afterFirstFrame?: () => void;
	/** Resolves once the range has started; rejects, saying why, when it does not in time. */
	readonly rangeReady?: () => Promise<void>;
};

/** How to get the same answers without a terminal: printed when stdin is not a TTY. */
export const NON_INTERACTIVE_HELP = `mco-wizard: the interactive wizard needs a terminal, and stdin is not a TTY; nothing was asked.
Run the landmark checks non-interactively instead, with the ingredients in an answers file:
  mco-wizard check --step client --answers answers.ini --json
  (steps: ${LANDMARK_IDS.join(', ')}; answers.ini has an [ingredients] and an optional [system] section, see the README)
`;

/** Runs the wizard in this terminal; resolves with the process exit code. */
export async function runWizard(options: WizardOptions, practice?: PracticeMode): Promise<number> {
	if (options.color === false || (process.env.NO_COLOR ?? '') !== '') chalk.level = 0;
	if (!process.stdin.isTTY) {
		process.stderr.write(NON_INTERACTIVE_HELP);
		return 2;
	}
	let prepared: PreparedWizard;
	let props: AppProps<WizardFile> | undefined;
	try {
		// Lessons are read at run time: fail before drawing anything if they did not ship.
		for (const step of LANDMARK_STEPS) readContent(step.content);
		readContent(ROLES_CONTENT);
		prepared = await prepareWizardRoot(options, practice ? {practice} : {});
		// The practice range is one host holding every role: nothing to ask.
		if (practice) props = await prepared.forRoles(ROLE_IDS);
		else if (prepared.decision.certain) props = await prepared.forRoles(prepared.decision.roles);
	} catch (error) {
		process.stderr.write(`mco-wizard: ${error instanceof Error ? error.message : String(error)}\n`);
		return 2;
	}
	// Ink's first frame replaces the one src/cli.tsx drew before Ink had loaded.
	handOffToInk();
	const instance = render(props ? <App {...props} /> : <WizardRoot prepared={prepared} />, {
		exitOnCtrlC: false,
	});
	// Ink (not in concurrent mode) has written its first frame inside render()
	practice?.afterFirstFrame?.();
	try {
		await instance.waitUntilExit();
		return 0;
	} catch (error) {
		// Ink has unmounted and restored the terminal by now; say what broke on a clean line.
		process.stderr.write(`\nmco-wizard: ${error instanceof Error ? error.message : String(error)}\n`);
		return 1;
	}
}

/** The first screen asks which host this is (RoleScreen), then the App runs for that role. */
export function WizardRoot({prepared}: {readonly prepared: PreparedWizard}) {
	const {exit} = useApp();
	const [props, setProps] = useState<AppProps<WizardFile>>();
	const [error, setError] = useState<Error>();
	useEffect(() => {
		if (error) exit(error);
	}, [error, exit]);
	if (props) return <App {...props} />;
	return (
		<RoleScreen
			guess={prepared.decision.roles}
			evidence={prepared.decision.evidence}
			hostname={prepared.hostname}
			words={readContent(ROLES_CONTENT)}
			isActive={true}
			onQuit={() => exit()}
			onChoose={(roles) => {
				prepared.forRoles(roles).then(setProps, setError);
			}}
		/>
	);
}

/**
 * Everything the App needs, from flags, saved progress and the answers file. Exported so the
 * whole-path test renders exactly what `mco-wizard` renders, with temp dirs.
 */
export async function prepareWizard(
	options: WizardOptions,
	overrides: WizardOverrides = {},
): Promise<AppProps<WizardFile>> {
	const context = await wizardContext(options, overrides);
	return propsForRoles(context, context.decision.roles);
}

/** Test seams: the clock, the platform guess and this host's facts. */
export type WizardOverrides = {
	readonly now?: () => number;
	readonly detect?: () => Promise<PlatformGuess>;
	readonly facts?: (system: SystemSettings, platform: Ingredients['platform']) => Promise<HostFacts>;
	/** On the practice range: where its record of debugging screens lives. */
	readonly practice?: PracticeMode;
};

/** What the first screen needs: the role decision, and the App's props once the roles are known. */
export type PreparedWizard = {
	readonly decision: RoleDecision;
	readonly hostname: string;
	readonly forRoles: (roles: readonly Role[]) => Promise<AppProps<WizardFile>>;
};

/** Like prepareWizard, but when the roles are not certain the first screen asks (src/screens/RoleScreen.tsx). */
export async function prepareWizardRoot(
	options: WizardOptions,
	overrides: WizardOverrides = {},
): Promise<PreparedWizard> {
	const context = await wizardContext(options, overrides);
	return {
		decision: context.decision,
		hostname: context.facts.hostname,
		forRoles: (roles) => propsForRoles(context, roles),
	};
}

type WizardContext = Awaited<ReturnType<typeof wizardContext>>;

/** Flags, the answers file, saved answers, the platform and this host's roles. */
async function wizardContext(options: WizardOptions, overrides: WizardOverrides) {
	const now = overrides.now ?? (() => Date.now());
	const progressPath = resolve(options.state ?? defaultProgressPath());
	const loaded = await loadProgress(progressPath, {now: () => new Date(now())});
	const notices: string[] = loaded.message ? [loaded.message] : [];

	let fromFile: {ingredients: Partial<Ingredients>; system: SystemSettings} = {ingredients: {}, system: {}};
	if (options.answers) {
		const answers = await loadAnswers(options.answers);
		if (answers.errors.some((e) => e.startsWith('Cannot read answers file')))
			throw new Error(answers.errors.join(' '));
		if (answers.errors.length > 0) notices.push(`Answers file: ${answers.errors.join(' ')}`);
		fromFile = answers;
	}

	// Flags win over the answers file, which wins over saved progress.
	const system: SystemSettings = {...loaded.progress.system, ...fromFile.system};
	const settled: SystemSettings = options.configDir
		? {...dropKeys(system, ['clientConfig', 'serverConfig']), configDir: resolve(options.configDir)}
		: system;
	let ingredients: Partial<Ingredients> = {...loaded.progress.answers, ...fromFile.ingredients};
	let detected: PlatformGuess | undefined;
	if (ingredients.platform === undefined) {
		detected = await (overrides.detect ?? detectHostPlatform)();
		ingredients = {...ingredients, platform: detected.platform};
	}
	ingredients = withDefaults(ingredients);
	// On the range every role is this host's (nothing to detect): skip the /proc scan, ~130 ms of
	// the first frame on a busy machine.
	const facts = overrides.practice
		? {hostname: hostname(), addresses: [], files: {}}
		: await (overrides.facts ?? gatherHostFacts)(settled, ingredients.platform ?? 'plain');
	const decision = decideRoles({
		...(options.role ? {flag: options.role} : {}),
		...(fromFile.system.role ? {answers: fromFile.system.role} : {}),
		facts,
		ingredients,
	});
	const practice = overrides.practice;
	return {
		options,
		now,
		progressPath,
		loaded,
		notices,
		settled,
		ingredients,
		detected,
		facts,
		decision,
		practice,
		/** What the answers file itself held: its secrets travel with it to the other hosts. */
		answersIngredients: fromFile.ingredients,
	};
}

/** The App's props for this host's roles: that role's saved progress, its landmarks here or elsewhere. */
async function propsForRoles(context: WizardContext, roles: readonly Role[]): Promise<AppProps<WizardFile>> {
	const {options, now, progressPath, notices, settled, ingredients, detected} = context;
	const roleKey = roles.length > 0 ? rolesKey(roles) : undefined;
	// The first read may have moved a damaged file aside: then there is nothing more to read.
	const loaded =
		context.loaded.state === 'corrupt' || roleKey === undefined
			? context.loaded
			: await loadProgress(progressPath, {now: () => new Date(now()), roleKey});

	const statuses = statusesFrom(loaded.progress);
	const steps = context.practice ? PRACTICE_STEPS : LANDMARK_STEPS;
	const position: Position =
		options.step ??
		(loaded.state === 'resumed' ? resumePosition(loaded.progress.current, statuses, steps) : 'ingredients');
	const saveSecrets = loaded.progress.secretsSaved
		? true
		: loaded.progress.askSecretsAgain
			? false
			: undefined;

	const pathsFor = (platform: Ingredients['platform']) => {
		const dir = settled.configDir ?? defaultConfigDir(platform);
		return {
			client: settled.clientConfig ?? join(dir, 'client.cfg'),
			server: settled.serverConfig ?? join(dir, 'server.cfg'),
		};
	};
	const dryRun = options.dryRun === true;
	const practice = context.practice;
	let record: PracticeRecord | undefined = practice
		? await loadPracticeRecord(practice.recordPath, practice.scenario)
		: undefined;
	// Each finished run goes into the practice record before the App sees the report.
	const noteRun = async (report: LandmarkReport) => {
		if (!practice || !record) return;
		const next = recordRun(record, report);
		if (next === record) return;
		record = next;
		await savePracticeRecord(practice.recordPath, next).catch(() => undefined);
	};
	// on the range a fix names the range's files and stand-ins, not systemctl or /etc/activemq
	const rangeDiagnosis = (diagnosis: Diagnosis) =>
		practice
			? onRange(diagnosis, readContent('practice/fixes'), {
					pid: String(process.pid),
					acl: join(practice.dir, 'activemq-acl.txt'),
					nodeHost: join(practice.dir, 'node1-host.ini'),
					nodeRestart: settled.serviceRestart ?? '',
					clientCfg: settled.clientConfig ?? join(practice.dir, 'client.cfg'),
				})
			: diagnosis;

	const deps: AppDeps<WizardFile> = {
		readContent,
		now,
		async planConfigs(complete, step) {
			if (step.id === 'activemq') return [await planActivemq(complete, settled)];
			const paths = pathsFor(complete.platform);
			const secrets = SECRET_FIELDS.map((k) => complete[k]);
			const render = {
				...(settled.libdir ? {libdir: settled.libdir} : {}),
				...(settled.identity ? {identity: settled.identity} : {}),
			};
			const server = {...render, ...(settled.nodeLog ? {logfile: settled.nodeLog} : {})};
			const client = await planConfigWrite(paths.client, renderClientCfg(complete, render), {secrets});
			const serverPlan = await planConfigWrite(paths.server, renderServerCfg(complete, server), {secrets});
			// Each file where it runs: client.cfg on the OpenShift broker, server.cfg on a node.
			const both = [
				{...client, role: 'client' as const},
				{...serverPlan, role: 'server' as const},
			];
			const mine = both.filter((f) => roles.includes(f.role === 'client' ? 'client' : 'node'));
			// The message broker host alone holds neither file; roles not known: both.
			return mine.length > 0 || roles.length > 0 ? mine : both;
		},
		async applyConfigs(files) {
			const written = [];
			for (const file of files) {
				if (!dryRun) await mkdir(dirname(file.target), {recursive: true});
				const result =
					file.role === 'activemq'
						? await applyActivemqXml(file.activemq ?? {plan: file, changes: [], notes: []}, {
								dryRun,
								now: () => new Date(now()),
							})
						: await applyConfigWrite(file, {dryRun, secret: true, now: () => new Date(now())});
				written.push({
					role: file.role,
					path: file.path,
					dryRun: result.dryRun,
					...(result.backupPath ? {backupPath: result.backupPath} : {}),
				});
			}
			return written;
		},
		DebugView: DebugScreen,
		async exportBundle(values, passphrase) {
			const path = resolve(EXPORT_FILE);
			await writeFileAtomic(path, encodeBundle(bundleFor(values), passphrase), 0o600);
			return path;
		},
		runChecks: async (step, complete, run) => {
			// never a check against a range still starting (its nodes start after the first frame)
			await practice?.rangeReady?.();
			// Every secret the run could meet (the ingredients, and the files the checks read: they may
			// hold others), redacted before a row or a report reaches a screen, the practice record or
			// last-runs.json: a broker echoing the CONNECT frame put the passcode in a check's evidence.
			// The files are read while the ladder starts (issue #12: on a loaded host these reads held
			// the ping back by 0.1-0.8 s); a check's result waits for them, events stay in order.
			const secretsRead = secretsInConfigFiles([settled.clientConfig, settled.serverConfig]).then((found) => [
				...SECRET_FIELDS.map((k) => complete[k]),
				...found,
			]);
			const redacted = <R extends {readonly evidence: string}>(result: R, known: readonly string[]): R => ({
				...result,
				evidence: redact(result.evidence, known),
			});
			const progress = deliverInOrderWhen(secretsRead, (event: ProgressEvent, known) =>
				run.onProgress(event.result ? {...event, result: redacted(event.result, known)} : event),
			);
			const raw = await runLandmark(
				step.id,
				{
					io: {...(practice ? practiceCheckIO(practice.dir) : nodeCheckIO), now},
					ingredients: complete,
					system: settled,
					roles,
					timeoutMs: CHECK_TIMEOUT_MS,
					signal: run.signal,
					confirm: run.confirm,
				},
				{
					onProgress: progress.push,
					...(run.from ? {from: run.from} : {}),
				},
			);
			const known = await secretsRead;
			await progress.drained();
			const report: LandmarkReport = {
				...raw,
				checks: raw.checks.map((c) => redacted(c, known)),
				diagnosis: raw.diagnosis && redactDeep(raw.diagnosis, known),
			};
			const shown =
				practice && report.diagnosis ? {...report, diagnosis: rangeDiagnosis(report.diagnosis)} : report;
			await noteRun(shown);
			// kept beside the progress file for `mco-wizard report`, as `check` keeps its runs
			await recordLastRun(
				{...reportJson(shown), at: new Date(now()).toISOString()},
				known,
				lastRunsPath(progressPath),
			);
			return shown;
		},
		async persist(snapshot) {
			const place = roleKey === undefined ? {} : {roleKey, otherRoles: loaded.progress.otherRoles ?? {}};
			await saveProgress(
				progressPath,
				{...toProgress(snapshot, settled), ...place},
				{
					saveSecrets: snapshot.saveSecrets,
					now: () => new Date(now()),
				},
			);
		},
	};

	return {
		deps,
		initial: resume(position, statuses, steps),
		steps,
		ingredients,
		...(saveSecrets === undefined ? {} : {saveSecrets}),
		dryRun,
		progressPath,
		...(notices.length > 0 ? {notice: notices.join(' ')} : {}),
		...(detected ? {detected} : {}),
		...(practice
			? {
					practice: {
						record: () => record ?? {scenario: practice.scenario, met: []},
						resumeHint: practice.resumeHint,
					},
				}
			: {}),
		host: {
			hostname: context.facts.hostname,
			roles,
			...(options.answers
				? {
						answersPath: resolve(options.answers),
						answersSecrets: SECRET_FIELDS.filter((k) => Boolean(context.answersIngredients[k])),
					}
				: {}),
		},
	};
}

async function detectHostPlatform(): Promise<PlatformGuess> {
	const guess = await detectPlatform();
	return {platform: guess.platform, reason: guess.evidence};
}

/** A saved landmark that is already passed or skipped sends the user on to the next open one. */
function resumePosition(saved: LandmarkId, statuses: Statuses, steps: readonly LandmarkStep[]): Position {
	const state = statuses[saved].state;
	const walked = steps.some((s) => s.id === saved);
	return state === 'passed' || state === 'skipped' || !walked ? whereToResume(statuses, steps) : saved;
}

function statusesFrom(progress: Progress): Statuses {
	const out: Record<LandmarkId, LandmarkStatus> = {...freshStatuses()};
	for (const id of LANDMARK_IDS) {
		const saved = progress.landmarks[id];
		const at = saved.at === undefined ? undefined : Date.parse(saved.at);
		out[id] = at === undefined || Number.isNaN(at) ? {state: saved.status} : {state: saved.status, at};
	}
	return out;
}

function toProgress(snapshot: ProgressSnapshot, system: SystemSettings): Progress {
	const landmarks = Object.fromEntries(
		LANDMARK_IDS.map((id) => {
			const status = snapshot.statuses[id];
			return [
				id,
				status.at === undefined
					? {status: status.state}
					: {status: status.state, at: new Date(status.at).toISOString()},
			];
		}),
	) as Progress['landmarks'];
	return {
		// The progress file names a landmark; after the last one, resume at the last one.
		current: snapshot.position === 'done' ? 'agent' : snapshot.position,
		landmarks,
		answers: snapshot.ingredients,
		system,
		secretsSaved: snapshot.saveSecrets,
		askSecretsAgain: !snapshot.saveSecrets,
	};
}

function dropKeys<T extends object>(value: T, keys: readonly (keyof T)[]): T {
	return Object.fromEntries(Object.entries(value).filter(([k]) => !keys.includes(k as keyof T))) as T;
}
