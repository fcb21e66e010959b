/**
 * `mco-wizard practice [--scenario NAME|random] [--list] [--dir DIR] [--wizard]`: the practice
 * range (src/practice/range.ts) on loopback — embedded broker, simulated nodes, practice files in a
 * private directory — until Ctrl-C / SIGTERM. SIGHUP restarts the practice node (it stands in for
 * `service mcollective restart`), SIGUSR1 (re)starts the broker (`service activemq restart`).
 * With --wizard it runs the wizard on the range and stops the range when the wizard exits.
 */
import {spawn} from 'node:child_process';
import {writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {type Command, Option} from 'commander';
import {readContent} from '../content.js';
import {loadAnswers} from '../io/answers-file.js';
import {
	defaultRangeDir,
	type PracticeRange,
	readScenarioBrief,
	startNode1,
	startRange,
} from '../practice/range.js';
import {randomScenario, SCENARIOS, type Scenario, scenarioNamed} from '../practice/scenarios.js';
import {count} from './mco-output.js';

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
	let range: PracticeRange;
	try {
		range = await startRange({
			dir,
			scenario,
			port: opts.port,
			broker,
			ingredients,
			nodes: opts.nodes,
			connections: opts.connections,
			node1Command: selfCommand(),
		});
	} catch (error) {
		err(`mco-wizard practice: cannot start the range: ${(error as Error).message}`);
		return 1;
	}
	// the trainer's record of what was staged (a random fault is not printed for the learner)
	await writeFile(join(dir, '.scenario'), `${scenario.name}\n`, {mode: 0o600});
	const wizardArgs = [
		'--answers',
		range.files.answers,
		'--config-dir',
		dir,
		'--state',
		`${dir}/progress.ini`,
	];
	out(
		fill(readContent('practice/range-started'), {
			dir,
			broker: `${range.brokerHost}:${range.brokerPort}`,
			brokerState: broker ? 'external' : range.brokerRunning ? 'embedded, running' : 'embedded, NOT running',
			nodes: nodeList(range.nodeIdentities),
			scenario: hidden
				? `random (hidden from the learner; the trainer reads it in ${dir}/.scenario)`
				: `${scenario.name}: ${scenario.title}`,
			wizard: `mco-wizard ${wizardArgs.join(' ')}`,
			clientCfg: range.files.clientCfg,
			pid: String(process.pid),
		}),
	);

	let stopping: Promise<void> | undefined;
	const stop = () => {
		stopping ??= range.stop();
		return stopping;
	};
	const onHup = () => void range.restartNode();
	const onUsr1 = () => void range.restartBroker();
	process.on('SIGHUP', onHup);
	process.on('SIGUSR1', onUsr1);

	const ended = new Promise<number>((resolve) => {
		const onSignal = () => resolve(0);
		process.once('SIGINT', onSignal);
		process.once('SIGTERM', onSignal);
		if (opts.wizard) {
			const [command, ...args] = selfCommand();
			const child = spawn(command as string, [...args, ...wizardArgs], {stdio: 'inherit'});
			child.on('exit', (code) => resolve(code ?? 0));
			child.on('error', (error) => {
				err(`mco-wizard practice: cannot start the wizard: ${error.message}`);
				resolve(1);
			});
		}
	});
	const code = await ended;
	process.off('SIGHUP', onHup);
	process.off('SIGUSR1', onUsr1);
	await stop();
	return code;
}

/**
 * `practice-node --config=server.cfg --host-state=node1-host.ini` (hidden): the practice node1 as
 * its own process, started by the range through <dir>/bin/mcollectived; SIGTERM stops it.
 */
export async function runPracticeNode(opts: {config: string; hostState: string}): Promise<number> {
	const host = await startNode1(opts.config, opts.hostState);
	if (!host) return 0;
	const stop = new Promise<void>((resolve) => {
		process.once('SIGTERM', () => resolve());
		process.once('SIGINT', () => resolve());
	});
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

export function register(program: Command): void {
	program
		.command('practice-node', {hidden: true})
		.requiredOption('--config <file>', 'server.cfg of the practice node')
		.requiredOption('--host-state <file>', 'node1-host.ini')
		.action(async (opts: {config: string; hostState: string}) => {
			process.exit(await runPracticeNode(opts));
		});
	program
		.command('practice')
		.description('a practice range on loopback: embedded broker, simulated nodes, a fault to find and fix')
		.option('--scenario <name>', 'the fault to stage (see --list), or "random"')
		.option('--list', 'list the scenarios')
		.option('--brief', "print the scenario's brief for the trainer and exit")
		.option('--dir <dir>', 'where the practice files go (default ~/.local/state/mco-wizard/practice)')
		.addOption(new Option('--port <n>', 'embedded broker port (default: any free port)').argParser(count))
		.addOption(new Option('--nodes <n>', 'simulated nodes (default 2)').argParser(count))
		.addOption(
			new Option('--connections <n>', 'STOMP connections the nodes share (default 1)').argParser(count),
		)
		.option(
			'--broker <host:port>',
			'attach the nodes to this broker (a real ActiveMQ) instead of the embedded one',
		)
		.option('--answers <file>', 'take credentials/psk from this answers file (with --broker)')
		.option('--wizard', 'run the wizard on the range; the range stops when it exits')
		.action(async (opts: PracticeOptions) => {
			process.exitCode = await runPractice(
				opts,
				(t) => process.stdout.write(`${t}\n`),
				(t) => process.stderr.write(`${t}\n`),
			);
			// commander keeps nothing open; leftover sockets of stopped connections must not hold us
			process.exit(process.exitCode);
		});
}
