/**
 * Lints activemq.xml for what MCollective needs: a STOMP transport and where it is bound, the
 * MCollective user and its groups, and authorization entries that let that user read, write and
 * create its collectives' topics AND queues (the F6 trap: topics allowed, `mcollective.>` queues
 * not, so logins work and every reply is refused) and the advisory topics. Each finding has a
 * line, a rule id, a severity and the fix. Passwords are compared by fingerprint only.
 */
import type {LintFinding} from '../mco-config/lint.js';
import {fingerprint} from '../secrets.js';
import {deniedOperations, mcollectiveDestinations} from './acl.js';
import {type ActivemqXml, parseActivemqXml} from './parse.js';
import {MCOLLECTIVE_GROUP} from './render.js';

export type ActivemqLintOptions = {
	/** The user MCollective logs in as (client.cfg / the ingredients); default: `mcollective`. */
	readonly topicUser?: string;
	/** Its password as the other side has it, to compare by fingerprint; and where that is. */
	readonly topicPassword?: {readonly value: string; readonly source: string};
	readonly collectives?: readonly string[];
	readonly stompPort?: number;
	/** Clients run on other hosts (msg1 of the three-host layout): a loopback bind is an error. */
	readonly remoteClients?: boolean;
};

const LOOPBACK = /^(127\.|localhost$|::1$|\[::1\]$)/;

export function lintActivemqXml(text: string, options: ActivemqLintOptions = {}): LintFinding[] {
	const doc = parseActivemqXml(text);
	const out: LintFinding[] = [];
	if (!doc.broker) {
		out.push({
			rule: 'amq-no-broker',
			severity: 'error',
			line: doc.root?.line ?? 1,
			message: 'No <broker> element: ActiveMQ would start no broker from this file.',
			fix: 'Use the activemq.xml of the ActiveMQ package as a base (mco-wizard renders into it).',
		});
		return out;
	}
	lintTransport(doc, options, out);
	const user = lintUsers(doc, options, out);
	if (user) lintAuthorization(doc, user, options, out);
	return out;
}

function lintTransport(doc: ActivemqXml, options: ActivemqLintOptions, out: LintFinding[]): void {
	const line = doc.transportConnectors?.line ?? doc.broker?.line;
	const plain = doc.stomp.filter((s) => !s.ssl);
	if (doc.stomp.length === 0) {
		out.push({
			rule: 'amq-no-stomp',
			severity: 'error',
			...(line ? {line} : {}),
			message: 'No STOMP transportConnector: MCollective cannot connect (F1).',
			fix: `Add <transportConnector name="stomp+nio" uri="stomp+nio://0.0.0.0:${options.stompPort ?? 61613}"/> to <transportConnectors>.`,
		});
		return;
	}
	for (const s of plain) {
		if (options.stompPort !== undefined && s.port !== options.stompPort)
			out.push({
				rule: 'amq-stomp-port',
				severity: 'error',
				line: s.element.line,
				message: `STOMP transport listens on port ${s.port ?? '(none)'}, MCollective is set up for ${options.stompPort} (F1).`,
				fix: `Set the port in uri="${s.uri}" to ${options.stompPort}, or the MCollective port to ${s.port}.`,
			});
		if (LOOPBACK.test(s.host))
			out.push({
				rule: 'amq-stomp-loopback',
				severity: options.remoteClients ? 'error' : 'warning',
				line: s.element.line,
				message: `STOMP transport bound to ${s.host}: only this host can connect; mco and mcollectived on other hosts get "Connection refused" (F1).`,
				fix: `Bind it to 0.0.0.0 or the address the other hosts reach this one by: uri="${s.scheme}://0.0.0.0:${s.port ?? 61613}".`,
			});
	}
}

function lintUsers(
	doc: ActivemqXml,
	options: ActivemqLintOptions,
	out: LintFinding[],
): {username: string; groups: readonly string[]} | undefined {
	const where = doc.plugins?.line ?? doc.broker?.line;
	const name = options.topicUser ?? 'mcollective';
	if (doc.authentication === 'jaas') {
		out.push({
			rule: 'amq-jaas',
			severity: 'info',
			...(where ? {line: where} : {}),
			message:
				'The broker authenticates with JAAS: users and groups live in its properties files, not checked here.',
		});
		return undefined;
	}
	if (doc.authentication === 'none') {
		out.push({
			rule: 'amq-no-authentication',
			severity: 'warning',
			...(where ? {line: where} : {}),
			message: 'No simpleAuthenticationPlugin: ActiveMQ accepts any user name and password.',
			fix: `Add <plugins><simpleAuthenticationPlugin><users><authenticationUser username="${name}" password="…" groups="${MCOLLECTIVE_GROUP},everyone"/></users></simpleAuthenticationPlugin></plugins> (mco-wizard renders it).`,
		});
		return undefined;
	}
	const seen = new Map<string, number>();
	for (const u of doc.users) {
		const first = seen.get(u.username);
		if (first !== undefined)
			out.push({
				rule: 'amq-duplicate-user',
				severity: 'warning',
				line: u.element.line,
				message: `User ${u.username} is defined again (first at line ${first}); ActiveMQ keeps only one of them.`,
				fix: 'Delete one of the two authenticationUser lines.',
			});
		else seen.set(u.username, u.element.line);
	}
	const user = doc.users.find((u) => u.username === name);
	if (!user) {
		out.push({
			rule: 'amq-user-missing',
			severity: 'error',
			line: doc.usersElement?.line ?? doc.simpleAuthentication?.line ?? 1,
			message: `No authenticationUser ${name}: ActiveMQ rejects MCollective's login (F5).`,
			fix: `Add <authenticationUser username="${name}" password="…" groups="${MCOLLECTIVE_GROUP},everyone"/> to <users>.`,
		});
		return undefined;
	}
	if (options.topicPassword && options.topicPassword.value !== user.password)
		out.push({
			rule: 'amq-user-password',
			severity: 'error',
			line: user.element.line,
			message: `Password of ${name}: activemq.xml sha256:${fingerprint(user.password)} ≠ ${options.topicPassword.source}'s sha256:${fingerprint(options.topicPassword.value)} (F5).`,
			fix: `Make the two the same (mco-wizard renders both from one answer), then restart ActiveMQ.`,
		});
	if (user.groups.length === 0)
		out.push({
			rule: 'amq-user-no-groups',
			severity: 'error',
			line: user.element.line,
			message: `User ${name} has no groups, so no authorization entry can allow it anything (F6).`,
			fix: `Set groups="${MCOLLECTIVE_GROUP},everyone".`,
		});
	return user;
}

function lintAuthorization(
	doc: ActivemqXml,
	user: {username: string; groups: readonly string[]},
	options: ActivemqLintOptions,
	out: LintFinding[],
): void {
	if (!doc.authorizationPlugin) {
		out.push({
			rule: 'amq-no-authorization',
			severity: 'info',
			line: doc.plugins?.line ?? doc.broker?.line ?? 1,
			message: 'No authorizationPlugin: every user that logs in may use every destination.',
			fix: `Add authorizationEntries for ${MCOLLECTIVE_GROUP}.> topics and queues (mco-wizard renders them).`,
		});
		return;
	}
	if (!doc.authorizationEntriesElement) {
		out.push({
			rule: 'amq-authorization-unknown',
			severity: 'info',
			line: doc.authorizationPlugin.line,
			message: 'authorizationPlugin is not an <authorizationEntries> map: not checked.',
		});
		return;
	}
	const line = doc.authorizationEntriesElement.line;
	for (const collective of options.collectives ?? ['mcollective']) {
		for (const d of mcollectiveDestinations(collective)) {
			const denied = deniedOperations(doc.entries, user, d.kind, d.destination);
			if (denied.length === 0) continue;
			const advisory = d.destination.startsWith('ActiveMQ.Advisory.');
			const pattern = advisory ? 'ActiveMQ.Advisory.>' : `${collective}.>`;
			const group = advisory ? 'everyone' : (user.groups[0] ?? MCOLLECTIVE_GROUP);
			const have = doc.entries.find((e) => e.kind === d.kind && e.destination.trim() === pattern);
			out.push({
				rule: advisory ? 'amq-authz-advisory' : d.kind === 'queue' ? 'amq-authz-queue' : 'amq-authz-topic',
				severity: 'error',
				line: have?.element.line ?? line,
				message: `User ${user.username} (groups ${user.groups.join(',') || 'none'}) may not ${denied.join('/')} ${d.kind} ${d.destination} (${d.what} of collective ${collective}) (F6).`,
				fix: have
					? `Add ${group} to ${denied.join(', ')} of <authorizationEntry ${d.kind}="${pattern}">.`
					: `Add <authorizationEntry ${d.kind}="${pattern}" read="${group}" write="${group}" admin="${group}"/>.`,
			});
		}
	}
}
