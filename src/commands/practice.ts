/**
 * `mco-wizard practice [--scenario NAME|random] [--list] [--dir DIR] [--[no-]wizard]`: the
 * practice range (src/practice/range.ts) on loopback — embedded broker, simulated nodes, practice
 * files in a private directory. At a terminal (or with --wizard) the wizard runs in this process,
 * pointed at the range, and the range stops when the wizard exits; otherwise (or --no-wizard) the
 * range runs until Ctrl-C / SIGTERM. SIGUSR2 restarts the practice node (<dir>/bin/mcollective-restart
 * sends it; it stands in for `service mcollective restart`; without the wizard SIGHUP does too),
 * SIGUSR1 (re)starts the broker (`service activemq restart`). With the wizard, SIGHUP is the
 * terminal going away: the range stops and the process exits.
 * Loaded only when `practice` runs (practice-command.ts registers it).
 */
import {rm, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {readContent} from '../content.js';
import {loadAnswers} from '../io/answers-file.js';
import {
	defaultRangeDir,
	type OpenedRange,
	openRange,
	readScenarioBrief,
	startNode1,
} from '../practice/range.js';
import {randomScenario, SCENARIOS, type Scenario, scenarioNamed} from '../practice/scenarios.js';

export type PracticeOptions = {
	readonly scenario?: string;
	readonly list?: boolean;
	readonly brief?: boolean;
	readonly dir?: string;
	readonly port?: number;
	readonly nodes?: number;
	readonly connections?: number;
	readonly broker?: string;
	readonly answers?: string;
	/** Run the wizard on the range; default: when stdin and stdout are a terminal. */
	readonly wizard?: boolean;
};

/** `{name}` placeholders of a content template filled in. */
export function fill(template: string, values: Readonly<Record<string, string>>): string {
	return template.replace(/\{(\w+)\}/g, (all, key: string) => values[key] ?? all);
}

export function listScenarios(): string {
	const width = Math.max(...SCENARIOS.map((s) => s.name.length));
	return SCENARIOS.map(
		(s) => `${s.name.padEnd(width)}  ${s.catalogue ? `${s.catalogue.padEnd(4)}` : '    '}${s.title}`,
	).join('\n');
}

function parseBroker(text: string): {host: string; port: number} {
	const m = /^(.+):(\d{1,5})$/.exec(text);
	const port = Number(m?.[2]);
	if (!m || port < 1 || port > 65535)
		throw new Error(`--broker wants host:port, got ${JSON.stringify(text)}`);
	return {host: m[1] as string, port};
}

/** Every identity when there are a few, else the first and last with the count. */
export function nodeList(identities: readonly string[]): string {
	if (identities.length <= 5) return identities.join(', ');
	return `${identities[0]} … ${identities[identities.length - 1]} (${identities.length} nodes)`;
}

/**
 * How long a check waits for the range to finish starting. Its nodes start after the wizard's
 * first frame: node1's own Node process (seconds on a loaded machine), then 3.5 s at most for
 * the nodes to subscribe (range.ts). Only a start that failed or hangs takes longer.
 */
const RANGE_READY_TIMEOUT_MS = 30_000;

/** The CLI as this process was started (node + script, plus tsx's loader under `npm run dev`). */
function selfCommand(): string[] {
	return [process.execPath, ...process.execArgv, process.argv[1] as string];
}

export async function runPractice(
	opts: PracticeOptions,
	out: (t: string) => void,
	err: (t: string) => void,
): Promise<number> {
	if (opts.list) {
		out(listScenarios());
		return 0;
	}
	let scenario: Scenario | undefined;
	const hidden = opts.scenario === 'random';
	if (opts.scenario === undefined) scenario = scenarioNamed('good');
	else if (hidden) scenario = randomScenario();
	else scenario = scenarioNamed(opts.scenario);
	if (!scenario) {
		err(`mco-wizard practice: no scenario ${JSON.stringify(opts.scenario)}; see --list`);
		return 2;
	}
	if (opts.brief) {
		out(readScenarioBrief(scenario.name));
		return 0;
	}
	let broker: {host: string; port: number} | undefined;
	let ingredients = {};
	try {
		if (opts.broker) broker = parseBroker(opts.broker);
		if (opts.answers) {
			const loaded = await loadAnswers(opts.answers);
			if (loaded.errors.length > 0) throw new Error(loaded.errors.join('\n'));
			ingredients = loaded.ingredients;
		}
	} catch (error) {
		err(`mco-wizard practice: ${(error as Error).message}`);
		return 2;
	}
	const dir = opts.dir ?? defaultRangeDir();
	const withWizard = opts.wizard ?? (process.stdin.isTTY === true && process.stdout.isTTY === true);
	const progressPath = join(dir, 'progress.ini');
	const recordPath = join(dir, 'practice-record.json');
	// The order of a start, for the wizard's first frame (issue 11: "in well under a second"):
	// 1. Ink and the screens load (CPU) while the range writes its files and its broker binds (IO):
	//    the first frame needs both, the answers file holding the broker's real port.
	// 2. The wizard draws its first frame (landmark 1 or 2 needs no node).
	// 3. Then the nodes start: spawning node1 (its own Node process on a 2-core machine) and the
	//    broker's side of their connections cost the main thread ~100 ms a first frame need not wait
	//    for. Every check waits for the range to have started (rangeReady), never a half-up range.
	const wizardModule = withWizard ? import('./wizard.js') : undefined;
	// a new range has new secrets: the exercise starts over (progress and record of the last one go)
	if (withWizard) await Promise.all([rm(progressPath, {force: true}), rm(recordPath, {force: true})]);
	let range: OpenedRange;
	try {
		range = await openRange({
			dir,
			scenario,
			port: opts.port,
			broker,
			ingredients,
			nodes: opts.nodes,
			connections: opts.connections,
			node1Command: selfCommand(),
		});
		if (!withWizard) await range.startNodes();
	} catch (error) {
		err(`mco-wizard practice: cannot start the range: ${(error as Error).message}`);
		return 1;
	}
	// the trainer's record of what was staged (a random fault is not printed for the learner)
	await writeFile(join(dir, '.scenario'), `${scenario.name}\n`, {mode: 0o600});
	// With the wizard, its first frame starts the nodes; a failure is told by the first check.
	let nodesFailed: string | undefined;
	const startNodes = () => {
		range.startNodes().catch((error: unknown) => {
			nodesFailed = (error as Error).message;
		});
	};
	const rangeReady = async () => {
		if (await range.whenStarted(RANGE_READY_TIMEOUT_MS)) return;
		throw new Error(
			fill(readContent('practice/range-not-ready'), {
				seconds: String(RANGE_READY_TIMEOUT_MS / 1000),
				reason: nodesFailed ?? 'its nodes did not start',
				dir,
			}).trim(),
		);
	};
	// A fault is staged in files the range wrote (as on a machine someone else set up): the exercise
	// starts at landmark 2, since writing the configs again at landmark 1 would quietly undo it.
	// The good range walks all five landmarks from the first.
	const wizardOptions = {
		answers: range.files.answers,
		configDir: dir,
		state: progressPath,
		...(scenario.name === 'good' ? {} : {step: 'client' as const}),
	};
	const wizardArgs = ['--answers', wizardOptions.answers, '--config-dir', dir, '--state', progressPath];
	if (!withWizard) {
		// "up" once the nodes are subscribed (or given their restart wait, as the wizard's checks
		// wait): node1 is a process of its own, and a ping sent at once could miss it. With no
		// broker running (broker-down) there is nothing to subscribe to and nothing to wait for.
		if (broker || range.brokerRunning) await range.whenStarted(RANGE_READY_TIMEOUT_MS);
		out(
			fill(readContent('practice/range-started'), {
				dir,
				broker: `${range.brokerHost}:${range.brokerPort}`,
				brokerState: broker
					? 'external'
					: range.brokerRunning
						? 'embedded, running'
						: 'embedded, NOT running',
				nodes: nodeList(range.nodeIdentities),
				scenario: hidden
					? `random (hidden from the learner; the trainer reads it in ${dir}/.scenario)`
					: `${scenario.name}: ${scenario.title}`,
				wizard: `mco-wizard ${wizardArgs.join(' ')}`,
				clientCfg: range.files.clientCfg,
				pid: String(process.pid),
			}),
		);
	}

	let stopping: Promise<void> | undefined;
	const stop = () => {
		stopping ??= range.stop();
		return stopping;
	};
	const onHup = () => void range.restartNode();
	const onUsr1 = () => void range.restartBroker();
	process.on('SIGUSR2', onHup);
	if (!withWizard) process.on('SIGHUP', onHup);
	process.on('SIGUSR1', onUsr1);

	const ended = new Promise<number>((resolve) => {
		const onSignal = (signal: NodeJS.Signals) => {
			// with the wizard drawing, a signal from outside ends the process once the range is down
			// (Ink restores the terminal on exit); Ctrl-C at the keyboard reaches the wizard as a key
			if (withWizard) void stop().then(() => process.exit(signal === 'SIGINT' ? 130 : 143));
			else resolve(0);
		};
		process.once('SIGINT', onSignal);
		process.once('SIGTERM', onSignal);
		// the terminal closed (tmux kill-session, a closed window): nobody is left to quit the wizard
		if (withWizard) process.once('SIGHUP', () => void stop().then(() => process.exit(129)));
		if (wizardModule) {
			const args = [
				'mco-wizard practice',
				...(opts.scenario ? [`--scenario ${opts.scenario}`] : []),
				...(opts.dir ? [`--dir ${opts.dir}`] : []),
			];
			wizardModule
				.then(({runWizard}) =>
					runWizard(wizardOptions, {
						dir,
						recordPath,
						scenario: scenario.name,
						resumeHint: args.join(' '),
						afterFirstFrame: startNodes,
						rangeReady,
					}),
				)
				.then(resolve, (error: unknown) => {
					err(`mco-wizard practice: the wizard stopped: ${(error as Error).message}`);
					resolve(1);
				});
		}
	});
	const code = await ended;
	process.off('SIGUSR2', onHup);
	process.off('SIGHUP', onHup);
	process.off('SIGUSR1', onUsr1);
	await stop();
	if (withWizard) out(fill(readContent('practice/range-stopped'), {dir}));
	return code;
}

/**
 * `practice-node --config=server.cfg --host-state=node1-host.ini` (hidden): the practice node1 as
 * its own process, started by the range through <dir>/bin/mcollectived; SIGTERM stops it.
 */
export async function runPracticeNode(opts: {config: string; hostState: string}): Promise<number> {
	// listening before the node starts: a range killed while node1 is starting (Ctrl-C on the
	// wizard's first frame) must not leave it running with nobody to stop it
	const stop = new Promise<void>((resolve) => {
		process.once('SIGTERM', () => resolve());
		process.once('SIGINT', () => resolve());
		// the range's process is gone (even killed with -9): no stray mcollectived is left behind
		process.once('disconnect', () => resolve());
		if (process.send !== undefined && !process.connected) resolve();
	});
	const starting = startNode1(opts.config, opts.hostState);
	const first = await Promise.race([starting, stop.then(() => 'stopped' as const)]);
	// stopped while starting (its broker may be gone with the range): nothing of it is worth keeping
	if (first === 'stopped') process.exit(0);
	const host = first;
	if (!host) return 0;
	// up: its log begun and its connection tried (the range's checks wait for this, not for a
	// subscription a staged fault may prevent)
	process.send?.('started');
	void host.waitReady(24 * 3600 * 1000).then((ok) => {
		if (ok) process.send?.('ready');
	});
	// a daemon: alive until signalled, even while it has no connection open
	const alive = setInterval(() => {}, 60_000);
	await stop;
	clearInterval(alive);
	await host.stop();
	return 0;
}
