/**
 * Extra, throw-away mcollectived processes against the lab's ActiveMQ, each with its own
 * server.cfg in a temp dir (the lab's node1 is never touched). Used to put several nodes in
 * different conditions (wrong psk, skewed clock, other collective) side by side. Stopped by PID.
 */
import {type ChildProcess, spawn} from 'node:child_process';
import {existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {LAB} from './lab.js';

const LIBFAKETIME = '/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1';

export type ExtraNodeSpec = {
	/** identity = `<name>.evidence` */
	readonly name: string;
	readonly psk: string;
	readonly collective?: string;
	/** libfaketime offset, e.g. `+300s` or `-300s`. */
	readonly faketime?: string;
	readonly registerinterval?: number;
	/** Broker password (default the lab's). */
	readonly password?: string;
	/** Log line that means "started" (default: its first registration was sent). */
	readonly ready?: RegExp;
};

export type ExtraNode = {
	readonly identity: string;
	readonly pid: number | undefined;
	readonly logFile: string;
	log(): string;
	stop(): Promise<void>;
};

export function serverCfgFor(spec: ExtraNodeSpec, logFile: string): string {
	const collective = spec.collective ?? 'mcollective';
	return [
		`main_collective = ${collective}`,
		`collectives = ${collective}`,
		`libdir = ${LAB.libdir}`,
		`identity = ${spec.name}.evidence`,
		`logfile = ${logFile}`,
		'loglevel = debug',
		'daemonize = 0',
		`registerinterval = ${spec.registerinterval ?? 2}`,
		'registration = agentlist',
		'securityprovider = psk',
		`plugin.psk = ${spec.psk}`,
		'connector = activemq',
		'plugin.activemq.pool.size = 1',
		`plugin.activemq.pool.1.host = ${LAB.host}`,
		`plugin.activemq.pool.1.port = ${LAB.port}`,
		`plugin.activemq.pool.1.user = ${LAB.user}`,
		`plugin.activemq.pool.1.password = ${spec.password ?? LAB.password}`,
		'factsource = yaml',
		`plugin.yaml = ${join(LAB.etc, 'facts.yaml')}`,
		'',
	].join('\n');
}

/** Starts the node and resolves once its log shows `ready` (or after 15 s). */
export async function startExtraNode(spec: ExtraNodeSpec): Promise<ExtraNode> {
	const dir = mkdtempSync(join(tmpdir(), `mco-evidence-${spec.name}-`));
	const logFile = join(dir, 'mcollective.log');
	const cfg = join(dir, 'server.cfg');
	writeFileSync(cfg, serverCfgFor(spec, logFile), {mode: 0o600});
	const env = {...process.env};
	if (spec.faketime) {
		if (!existsSync(LIBFAKETIME)) throw new Error(`libfaketime not found at ${LIBFAKETIME}`);
		Object.assign(env, {LD_PRELOAD: LIBFAKETIME, FAKETIME: spec.faketime, FAKETIME_DONT_RESET: '1'});
	}
	const child: ChildProcess = spawn('/usr/sbin/mcollectived', [`--config=${cfg}`, '--no-daemonize'], {
		env,
		stdio: 'ignore',
	});
	const exited = new Promise<void>((done) => child.once('exit', () => done()));
	const log = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');
	const deadline = Date.now() + 15_000;
	while (
		Date.now() < deadline &&
		child.exitCode === null &&
		!(spec.ready ?? /Sending registration/).test(log())
	) {
		await new Promise((r) => setTimeout(r, 100));
	}
	return {
		identity: `${spec.name}.evidence`,
		pid: child.pid,
		logFile,
		log,
		async stop() {
			if (child.exitCode === null && child.pid !== undefined) {
				child.kill('SIGTERM');
				const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
				await exited;
				clearTimeout(killer);
			}
			rmSync(dir, {recursive: true, force: true});
		},
	};
}
