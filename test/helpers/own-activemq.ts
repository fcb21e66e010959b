/**
 * A REAL ActiveMQ of the test's own: its own directory under /tmp, its own free ports on
 * 127.0.0.1, started the way lab/lab.sh starts the lab's broker (the JVM flags of Debian's
 * /usr/bin/activemq, exec'd directly so the PID is java's) and stopped by that PID. The shared
 * lab broker is never touched.
 */
import {execFileSync, spawn} from 'node:child_process';
import {chownSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, openSync, writeFileSync} from 'node:fs';
import {connect} from 'node:net';
import {dirname, join, resolve} from 'node:path';
import type {TestContext} from 'node:test';
import {fileURLToPath} from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const JAR = '/usr/share/activemq/bin/activemq.jar';

export type OwnActivemq = {
	readonly dir: string;
	readonly xmlPath: string;
	readonly log: string;
	readonly pid: number;
	stop(): Promise<void>;
};

/** Is a real ActiveMQ + mco here? Missing: fails under MCO_LAB=required, else skips. */
export function requireActivemq(t: TestContext): boolean {
	const missing = [JAR, '/usr/bin/java', '/usr/bin/mco'].filter((p) => !existsSync(p));
	if (missing.length === 0) return true;
	if (process.env.MCO_LAB === 'required')
		throw new Error(`MCO_LAB=required but missing: ${missing.join(', ')}`);
	t.skip(`no real ActiveMQ/mco here (${missing.join(', ')}): bash lab/install.sh`);
	return false;
}

function portOpen(port: number): Promise<boolean> {
	return new Promise((done) => {
		const s = connect({host: '127.0.0.1', port});
		const end = (ok: boolean) => {
			s.destroy();
			done(ok);
		};
		s.setTimeout(1000, () => end(false));
		s.once('connect', () => end(true));
		s.once('error', () => end(false));
	});
}

const alive = (pid: number) => {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
};

function activemqUser(): {uid: number; gid: number} | undefined {
	if (process.getuid?.() !== 0) return undefined;
	try {
		const uid = Number(execFileSync('id', ['-u', 'activemq'], {encoding: 'utf8'}).trim());
		const gid = Number(execFileSync('id', ['-g', 'activemq'], {encoding: 'utf8'}).trim());
		return {uid, gid};
	} catch {
		return undefined;
	}
}

/** Starts ActiveMQ with this activemq.xml; resolves once `stompPort` accepts (bounded). */
export async function startOwnActivemq(
	xml: string,
	stompPort: number,
	timeoutMs = 90_000,
): Promise<OwnActivemq> {
	const dir = mkdtempSync('/tmp/mco-wizard-amq-');
	for (const d of ['conf', 'data', 'tmp']) mkdirSync(join(dir, d));
	const xmlPath = join(dir, 'conf', 'activemq.xml');
	writeFileSync(xmlPath, xml, {mode: 0o600});
	copyFileSync(join(repo, 'lab/activemq/log4j.properties'), join(dir, 'conf', 'log4j.properties'));
	const user = activemqUser();
	if (user)
		for (const p of [
			dir,
			...['conf', 'data', 'tmp', 'conf/activemq.xml', 'conf/log4j.properties'].map((x) => join(dir, x)),
		])
			chownSync(p, user.uid, user.gid);
	const out = openSync(join(dir, 'activemq.out'), 'a');
	const java = [
		'java',
		'-Xms64M',
		'-Xmx192M',
		'-Dorg.apache.activemq.UseDedicatedTaskRunner=true',
		'--add-reads=java.xml=java.logging',
		...[
			'java.base/java.security',
			'java.base/java.net',
			'java.base/java.lang',
			'java.base/java.util',
			'java.naming/javax.naming.spi',
			'java.rmi/sun.rmi.transport.tcp',
			'java.base/java.util.concurrent',
			'java.base/java.util.concurrent.atomic',
		].flatMap((m) => ['--add-opens', `${m}=ALL-UNNAMED`]),
		...[
			'java.base/sun.net.www.protocol.http',
			'java.base/sun.net.www.protocol.https',
			'java.base/sun.net.www.protocol.jar',
			'jdk.xml.dom/org.w3c.dom.html',
			'jdk.naming.rmi/com.sun.jndi.url.rmi',
		].map((m) => `--add-exports=${m}=ALL-UNNAMED`),
		`-Dactivemq.classpath=${dir}/conf`,
		'-Dactivemq.home=/usr/share/activemq',
		`-Dactivemq.base=${dir}`,
		`-Dactivemq.conf=${dir}/conf`,
		`-Dactivemq.data=${dir}/data`,
		`-Djava.io.tmpdir=${dir}/tmp`,
		'-Dmcolab.stomp.trace=false',
		'-jar',
		JAR,
		'start',
		`xbean:file:${xmlPath}`,
	];
	const [file, ...args] = user
		? ['setpriv', `--reuid=${user.uid}`, `--regid=${user.gid}`, '--init-groups', ...java]
		: java;
	const child = spawn(file as string, args, {cwd: dir, stdio: ['ignore', out, out], detached: false});
	const pid = child.pid as number;
	child.unref();
	const stop = async () => {
		if (!alive(pid)) return;
		process.kill(pid, 'SIGTERM');
		for (let i = 0; i < 150 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
		if (alive(pid)) process.kill(pid, 'SIGKILL');
	};
	const started = Date.now();
	while (!(await portOpen(stompPort))) {
		if (!alive(pid) || child.exitCode !== null)
			throw new Error(`ActiveMQ exited during start-up; see ${dir}/activemq.out`);
		if (Date.now() - started > timeoutMs) {
			await stop();
			throw new Error(`ActiveMQ did not open 127.0.0.1:${stompPort} within ${timeoutMs} ms; see ${dir}`);
		}
		await new Promise((r) => setTimeout(r, 200));
	}
	return {dir, xmlPath, log: join(dir, 'data', 'activemq.log'), pid, stop};
}
