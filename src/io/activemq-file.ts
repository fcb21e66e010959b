/**
 * Writing activemq.xml on the message broker host: find the file (Debian's instance layout, then
 * the RHEL path), render the ingredients into it (src/core/activemq-xml/render.ts), show the
 * diff with every password as a fingerprint, and write it through config-files.ts (backup,
 * atomic, 0600). A 0600 file must belong to the user ActiveMQ runs as, so it is given to the
 * `activemq` user when this host has one and we are root.
 */
import {readFile} from 'node:fs/promises';
import {parseActivemqXml} from '../core/activemq-xml/parse.js';
import {activemqXmlCandidates, type BrokerWants, renderActivemqXml} from '../core/activemq-xml/render.js';
import {type ApplyResult, applyConfigWrite, type ConfigWritePlan, planConfigWrite} from './config-files.js';

export type ActivemqWritePlan = {
	readonly plan: ConfigWritePlan;
	/** What render added or changed (no secrets). */
	readonly changes: readonly string[];
	/** What it could not do (the operator must). */
	readonly notes: readonly string[];
};

async function readMaybe(path: string): Promise<string | undefined> {
	try {
		return await readFile(path, 'utf8');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
		throw new Error(`Cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
	}
}

/** The first activemq.xml that exists at the usual places; the first candidate when none does. */
export async function findActivemqXml(instance = 'main'): Promise<string> {
	const candidates = activemqXmlCandidates(instance);
	for (const path of candidates) if ((await readMaybe(path)) !== undefined) return path;
	return candidates[0] as string;
}

export async function planActivemqXml(path: string, wants: BrokerWants): Promise<ActivemqWritePlan> {
	const current = await readMaybe(path);
	const rendered = renderActivemqXml(current, wants);
	// the old passwords are redacted too: a diff must not show what is being replaced
	const old = current === undefined ? [] : parseActivemqXml(current).users.map((u) => u.password);
	const secrets = [...wants.users.map((u) => u.password), ...old].filter((s) => s !== '');
	const plan = await planConfigWrite(path, rendered.text, {secrets});
	return {plan, changes: rendered.changes, notes: rendered.notes};
}

/** uid/gid of the `activemq` user, when this host has one and we may chown (root). */
export async function activemqOwner(passwd = '/etc/passwd'): Promise<{uid: number; gid: number} | undefined> {
	if (process.getuid?.() !== 0) return undefined;
	const text = await readMaybe(passwd).catch(() => undefined);
	const line = text?.split('\n').find((l) => l.startsWith('activemq:'));
	const [, , uid, gid] = line?.split(':') ?? [];
	return uid && gid ? {uid: Number(uid), gid: Number(gid)} : undefined;
}

export async function applyActivemqXml(
	plan: ActivemqWritePlan,
	options: {readonly dryRun?: boolean; readonly now?: () => Date} = {},
): Promise<ApplyResult> {
	const owner = await activemqOwner();
	return applyConfigWrite(plan.plan, {...options, secret: true, ...(owner ? {owner} : {})});
}
