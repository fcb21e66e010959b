/**
 * Evidence → failure-catalogue entry. Each rung of a ladder leaves structured facts in its
 * CheckResult.data (probe outcome and error code, the broker's ERROR text, lint findings, node
 * log events since the last start, the client/server config pair, ping replies); this module
 * reads the FIRST failed rung and names the catalogue entry those facts prove, with the fix as
 * exact commands for this platform and the checks that tell it from its neighbours.
 * Pure: no IO. Secrets appear only as fingerprints (the checks never put them in data).
 */
import {type OwnActivation, ownActivationRef} from './agent-activation.js';
import {catalogueEntry, packageForLibrary} from './catalogue.js';
import {wordsFor} from './content-words.js';
import {stillPossibleWhys} from './debug-lesson.js';
import {fileLine} from './fix-line.js';
import type {IdentityHere} from './identity-here.js';
import {logRef, type McoLogEvent, nodeConnectionState} from './log-classify.js';
import {connectorKeys} from './mco-config/model.js';
import {PLATFORM_PATHS} from './mco-config/render.js';
import {redact} from './secrets.js';
import {
	type CheckResult,
	type ClockSkew,
	type DecidingCommand,
	type Diagnosis,
	type DiagnosisCandidate,
	type Ingredients,
	type LandmarkId,
	type Platform,
	SECRET_FIELDS,
	type SystemSettings,
} from './types.js';

/** Where things live on this machine, and the commands that act on them. */
export type FixContext = {
	readonly ingredients: Ingredients;
	readonly platform: Platform;
	readonly clientConfig: string;
	readonly serverConfig: string;
	readonly nodeLog: string;
	readonly libdir: string;
	/** Restart of mcollectived on the node (shown, run only after confirm). */
	readonly serviceRestart: string;
	/** Restart of ActiveMQ on the message broker host. */
	readonly brokerRestart: string;
	/** The client binary: `mco`, `oo-mco` on SCL. */
	readonly mco: string;
};

/**
 * Paths and commands per platform (plain: /etc/mcollective, systemd; scl: RHEL/CentOS 6 ruby193),
 * each overridden by the answers file's [system] section. The paths are render.ts's PLATFORM_PATHS,
 * so a fix names the libdir and log the wizard itself writes.
 */
export function fixContext(ingredients: Ingredients, system: SystemSettings = {}): FixContext {
	const scl = ingredients.platform === 'scl';
	const paths = PLATFORM_PATHS[ingredients.platform];
	const configDir = system.configDir ?? paths.configDir;
	return {
		ingredients,
		platform: ingredients.platform,
		clientConfig: system.clientConfig ?? `${configDir}/client.cfg`,
		serverConfig: system.serverConfig ?? `${configDir}/server.cfg`,
		nodeLog: system.nodeLog ?? paths.serverLog,
		libdir: system.libdir ?? paths.libdir,
		serviceRestart:
			system.serviceRestart ??
			(scl ? 'service ruby193-mcollective restart' : 'systemctl restart mcollective'),
		brokerRestart: scl ? 'service activemq restart' : 'systemctl restart activemq',
		mco: system.mco ?? (scl ? 'oo-mco' : 'mco'),
	};
}

// ---- facts the checks leave in CheckResult.data ----

export type LintFindingLike = {
	readonly rule: string;
	readonly severity: string;
	readonly line?: number;
	readonly message: string;
	readonly fix?: string;
};

/** A key compared between client.cfg and server.cfg (secrets as fingerprints). */
export type PairDifference = {readonly key: string; readonly client: string; readonly server: string};

export type ProbeFacts = {
	readonly outcome: string;
	readonly code?: string;
	readonly brokerMessage?: string;
	readonly destination?: string;
	readonly phase?: string;
	readonly host?: string;
	readonly port?: number;
	readonly user?: string;
	readonly tls?: boolean;
	/** not-stomp: the first line the peer sent. */
	readonly peerSaid?: string;
	/** not-stomp: the peer answered with a TLS record. */
	readonly peerTls?: boolean;
};

export type NodeLogFacts = {
	readonly path?: string;
	/** Events since the last start of the daemon. */
	readonly events?: readonly McoLogEvent[];
	readonly readable?: boolean;
};

const dataOf = (c: CheckResult) => (c.data ?? {}) as Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const events = (c: CheckResult): readonly McoLogEvent[] =>
	(dataOf(c).events as McoLogEvent[] | undefined) ?? [];
const findings = (c: CheckResult): readonly LintFindingLike[] =>
	(dataOf(c).findings as LintFindingLike[] | undefined) ?? [];
const pairDiffs = (c: CheckResult): readonly PairDifference[] =>
	(dataOf(c).pair as PairDifference[] | undefined) ?? [];

function make(
	id: `F${number}`,
	evidence: string[],
	fix: string[],
	distinguishing: string[] = [],
	clock?: ClockSkew,
): Diagnosis {
	// The title is the heading of content/debug/<id>.md: the screens and `check` read it there.
	return {
		id: catalogueEntry(id).id,
		evidence: evidence.filter(Boolean),
		fix,
		distinguishing,
		...(clock ? {clock} : {}),
	};
}

/** The one way every verdict's clock is off, when they agree (a fleet may hold both: then none). */
function agreedClock(verdicts: readonly {readonly clock?: ClockSkew}[]): ClockSkew | undefined {
	const ways = new Set(verdicts.map((v) => v.clock));
	const [only] = ways;
	return ways.size === 1 ? only : undefined;
}

/** The collective of the destination the broker refused (`topic://openshift.…` → openshift). */
function refusedCollective(d: {
	readonly brokerMessage?: string;
	readonly destination?: string;
}): string | undefined {
	return (
		/(?:topic|queue):\/\/([\w-]+)\./.exec(d.brokerMessage ?? '')?.[1] ??
		/^\/(?:topic|queue)\/([\w-]+)\./.exec(d.destination ?? '')?.[1]
	);
}

/**
 * No single entry proven from this host: the entries that remain, each with why, and the one
 * command on the host holding the deciding evidence. Better no verdict than a wrong one.
 */
function undecided(
	topic: `undecided-${string}`,
	evidence: string[],
	candidates: readonly DiagnosisCandidate[],
	decide: DecidingCommand,
): Diagnosis {
	for (const c of candidates) catalogueEntry(c.id);
	return {
		undecided: topic,
		evidence: evidence.filter(Boolean),
		candidates,
		decide,
		fix: [],
		distinguishing: [],
	};
}

/**
 * What a rung reported it could NOT see on this host (absent files are not evidence of anything),
 * in the words of content/debug-view.md (`words`).
 */
function notObservedOf(c: CheckResult, f: FixContext, words: string): string[] {
	const d = dataOf(c);
	const out: string[] = [];
	if (d.nodeLogReadable === false)
		out.push(wordsFor(words, 'node-log-not-read', {path: str(d.nodeLogPath) ?? f.nodeLog}));
	if (d.serverConfigRead === false) out.push(wordsFor(words, 'server-cfg-not-read', {path: f.serverConfig}));
	const wire = d.wire as {observed?: boolean; failure?: string} | undefined;
	if (wire && wire.observed === false)
		out.push(wordsFor(words, 'wire-not-read', {failure: wire.failure ? `: ${wire.failure}` : ''}));
	return out;
}

const hostCheck = (f: FixContext) => {
	const {brokerHost, stompPort} = f.ingredients;
	return [
		`getent hosts ${brokerHost}`,
		`nc -z -w3 ${brokerHost} ${stompPort} && echo open || echo closed`,
		`# on the ActiveMQ host: ss -ltnp | grep ${stompPort}; grep transportConnector /etc/activemq/activemq.xml`,
	];
};

/** A sed line that sets `key` in an MCollective file; values naming a shell variable get double quotes. */
function setKey(file: string, key: string, value: string): string {
	const q = value.startsWith('$') ? '"' : "'";
	return `sed -i ${q}s|^${key.replace(/\./g, '\\.')} *=.*|${key} = ${value}|${q} ${file}`;
}

/** Sets the broker user and password in one file; the password is typed, never shown. */
function credentialFix(file: string, f: FixContext): string[] {
	const keys = connectorKeys(f.ingredients.connector);
	return [
		'read -rs TOPIC_PASSWORD   # type the topic password once, it is not echoed',
		setKey(file, keys.user, f.ingredients.topicUser),
		setKey(file, keys.password, '$TOPIC_PASSWORD'),
	];
}

/** The same psk in both files, then the node restarted (it reads the psk at start-up). */
function pskFix(f: FixContext): string[] {
	return [
		'read -rs PSK   # the same pre-shared key on every host, no inline comment, no spaces',
		setKey(f.clientConfig, 'plugin.psk', '$PSK'),
		setKey(f.serverConfig, 'plugin.psk', '$PSK'),
		f.serviceRestart,
	];
}

/** Which entry a config key is about, when a lint rule is generic (duplicate, inline comment). */
function entryForKey(text: string): `F${number}` | undefined {
	if (/psk/.test(text)) return 'F13';
	if (/password|\.user\b|user name/.test(text)) return 'F5';
	if (/\.host\b/.test(text)) return 'F3';
	if (/\.port\b/.test(text)) return 'F1';
	if (/collective|connector/.test(text)) return 'F12';
	return undefined;
}

/** Rule ids of src/core/mco-config/lint.ts mapped to the catalogue entry each one predicts. */
const LINT_RULES: Readonly<Record<string, `F${number}`>> = {
	'legacy-connector': 'F29',
	'unknown-connector': 'F29',
	'wrong-connector-keys': 'F2',
	'missing-password': 'F5',
	'pair-password': 'F11',
	'pair-psk': 'F13',
	'missing-psk': 'F13',
	'psk-whitespace': 'F13',
	'default-secret': 'F13',
	'pair-connector': 'F12',
	'pair-connector-option': 'F12',
	'pair-collectives': 'F12',
	'main-collective-not-listed': 'F12',
	'missing-main-collective': 'F12',
	'pair-broker': 'F12',
	'reconnect-forever': 'F4',
	'registration-plugin': 'F10',
	'no-logfile': 'F10',
	'bad-identity': 'F10',
	'no-identity': 'F10',
	'unknown-key': 'F10',
	'bad-value': 'F10',
};

const LINT_PRIORITY: readonly string[] = [
	'F29',
	'F26',
	'F3',
	'F1',
	'F5',
	'F11',
	'F12',
	'F13',
	'F10',
	'F4',
	'F2',
];

function lintFailure(found: LintFindingLike, role: 'client' | 'server', f: FixContext): Diagnosis {
	const file = role === 'client' ? f.clientConfig : f.serverConfig;
	const at = `${file}${found.line ? `:${found.line}` : ''}: ${found.message}`;
	// the linter's fix is a sentence: shown as a comment above the commands
	const fix = [
		found.fix ? `# ${found.fix}` : '',
		`mco-wizard   # landmark 1 rewrites ${file} from your ingredients`,
	].filter(Boolean);
	// the same password mismatch is the client's login (F5) on the client, the node's (F11) on the node
	const byRole = found.rule === 'pair-password' ? (role === 'client' ? 'F5' : 'F11') : undefined;
	const id =
		byRole ?? LINT_RULES[found.rule] ?? entryForKey(found.message) ?? (role === 'client' ? 'F2' : 'F10');
	const distinguishing: Record<string, string[]> = {
		F29: [`${f.mco} --version   # 2.3 or later has no stomp connector`],
		F13: [`grep -c 'invalid signature' ${f.nodeLog}`],
		F5: [`grep -n 'user\\|password' ${file}   # one of each, no inline comment`],
		F3: hostCheck(f),
		F1: hostCheck(f),
	};
	const commands: Record<string, string[]> = {
		F29: [setKey(file, 'connector', 'activemq')],
		F5: credentialFix(file, f),
		F11: [...credentialFix(file, f), f.serviceRestart],
		F13: pskFix(f),
	};
	return make(id, [at], [...fix, ...(commands[id] ?? [])], distinguishing[id] ?? []);
}

// ---- one function per landmark's rungs ----

/** null: the evidence names no catalogue failure for sure (better no verdict than a wrong one). */
function diagnoseProbe(c: CheckResult, f: FixContext): Diagnosis | null {
	const d = dataOf(c) as ProbeFacts;
	const {brokerHost, stompPort, topicUser} = f.ingredients;
	const keys = connectorKeys(f.ingredients.connector);
	const where = `${d.host ?? brokerHost}:${d.port ?? stompPort}`;
	const code = d.code ? ` (${d.code})` : '';
	// TCP was accepted but no CONNECTED came back: not a STOMP listener as configured (a TLS port?)
	if (d.outcome === 'timeout' && (d.phase === 'connect' || d.phase === 'tls'))
		return make(
			'F7',
			[
				`${where} accepted the TCP connection but sent no STOMP CONNECTED${code}: it does not speak plain STOMP as configured (a TLS port, or another service)`,
				c.evidence,
			],
			[
				`# use the port of ActiveMQ's plain stomp transportConnector (usually 61613), or set ${keys.port.replace(/port$/, 'ssl')} = 1 for its TLS port (usually 61614)`,
			],
			[
				`openssl s_client -connect ${where} </dev/null | head -5   # a certificate = TLS port`,
				...hostCheck(f),
			],
		);
	switch (d.outcome) {
		case 'unresolvable':
			return make(
				'F3',
				[
					// ETIMEOUT is the dns rung's own bound: the resolver was asked and did not answer in time
					d.code === 'ETIMEOUT'
						? `${d.host ?? brokerHost} got no answer within the dns bound${code}: the resolver in /etc/resolv.conf is slow or unreachable (mco's own lookup waits the same way)`
						: `${d.host ?? brokerHost} does not resolve${code}`,
					c.evidence,
				],
				[
					...(d.host && d.host !== brokerHost
						? [
								`# client.cfg names ${d.host}, your ingredients say ${brokerHost}:`,
								setKey(f.clientConfig, keys.host, brokerHost),
							]
						: []),
					`# add a DNS record for ${brokerHost}, or on this host:`,
					`echo '<address-of-the-ActiveMQ-host> ${brokerHost}' >> /etc/hosts`,
					`# or point ${keys.host} in ${f.clientConfig} at a name that resolves`,
				],
				[`getent hosts ${brokerHost}`, `host -W 1 ${brokerHost}`, 'cat /etc/resolv.conf'],
			);
		case 'refused':
		case 'timeout':
			return make(
				'F1',
				[
					d.outcome === 'refused'
						? `connection to ${where} refused${code}: nothing listens there (ActiveMQ down, wrong port, or a REJECT firewall)`
						: `connection to ${where} timed out${code}: no answer at all (host down or a DROP firewall)`,
					c.evidence,
				],
				[
					...(d.port !== undefined && d.port !== stompPort
						? [
								`# client.cfg says port ${d.port}, your ingredients say ${stompPort}:`,
								setKey(f.clientConfig, keys.port, String(stompPort)),
							]
						: []),
					`# on the ActiveMQ host:`,
					f.brokerRestart,
					f.platform === 'scl'
						? `lokkit --port=${stompPort}:tcp`
						: `firewall-cmd --add-port=${stompPort}/tcp --permanent && firewall-cmd --reload`,
					`# or align ${keys.port} in ${f.clientConfig} with the port ActiveMQ listens on`,
				],
				hostCheck(f),
			);
		case 'tls-error':
			return make(
				'F7',
				[
					d.code === 'ETIMEDOUT'
						? `${where} accepted TCP but never answered our TLS handshake${code}: most likely a plain STOMP port (it waits for a frame and says nothing to a TLS hello)`
						: `TLS handshake with ${where} failed${code}`,
					c.evidence,
				],
				[
					`# either ${keys.port.replace(/port$/, 'ssl')} = 0 in ${f.clientConfig} for ActiveMQ's plain stomp port (usually 61613)`,
					`# or point ${keys.port} at its stomp+ssl transportConnector (usually 61614) and keep TLS`,
				],
				[`openssl s_client -connect ${where} </dev/null | head -5`],
			);
		case 'auth-rejected': {
			const named = d.brokerMessage ? /User name \[([^\]]*)\]/.exec(d.brokerMessage)?.[1] : undefined;
			const evidence = [
				`ActiveMQ answered CONNECT with ERROR: ${d.brokerMessage ?? '(no message)'}`,
				named !== undefined && named === f.ingredients.topicPassword
					? `the broker received the topic PASSWORD as the user name: a ${keys.password} line is missing and the password sits on a second ${keys.user} line (the seed's client.cfg)`
					: named !== undefined && named !== topicUser
						? `the user the broker saw is "${named}", not "${topicUser}": check for a duplicated ${keys.user} line (the last one wins)`
						: `user "${d.user ?? topicUser}", password ${str(dataOf(c).passwordFingerprint) ? `sha256 ${str(dataOf(c).passwordFingerprint)}` : 'as configured'}`,
			];
			return make(
				'F5',
				evidence,
				[
					`# the ActiveMQ users are in /etc/activemq/activemq.xml <simpleAuthenticationPlugin>; make both sides agree:`,
					...credentialFix(f.clientConfig, f),
					`# ActiveMQ reads its users at start-up only: after editing activemq.xml run ${f.brokerRestart}`,
				],
				[
					`grep -n '${keys.user}\\|${keys.password}' ${f.clientConfig}   # one of each, no inline comment`,
					`# on the ActiveMQ host: grep -n 'or password is invalid' /var/log/activemq/*.log | tail -3`,
				],
			);
		}
		case 'not-stomp':
		case 'oversized':
		case 'reset':
			return notAStompBroker(d, where, code, c, f);
		case 'dropped':
			// CONNECTED came back, so the port, TLS and login are fine; a broker that then closes or
			// stays silent on SUBSCRIBE matches no catalogue entry: the checks' evidence says what happened.
			return null;
		case 'connector-mismatch': {
			const x = dataOf(c);
			return make(
				'F12',
				[
					`the broker says it is ${str(x.server) ?? '?'}, client.cfg uses connector = ${str(x.connector) ?? '?'}`,
				],
				[
					setKey(f.clientConfig, 'connector', str(x.broker) ?? 'activemq'),
					`# and plugin.${str(x.broker) ?? 'activemq'}.pool.1.* keys for host, port, user, password`,
				],
				[`grep -n '^connector' ${f.clientConfig} ${f.serverConfig}`],
			);
		}
		case 'not-authorized': {
			// A destination of a collective the node does not use: the collective is the mistake (F12),
			// the broker's authorization (which covers only the real collective) merely says so first.
			const serverCollectives = dataOf(c).serverCollectives as string[] | undefined;
			const refused = refusedCollective(d);
			const refusal = `logged in as "${d.user ?? topicUser}", but the broker refused ${d.destination ?? 'a destination'}: ${d.brokerMessage ?? ''}`;
			if (serverCollectives && refused && !serverCollectives.includes(refused))
				return make(
					'F12',
					[
						`the broker refused ${d.destination ?? refused}: ${d.brokerMessage ?? ''}`,
						`client collective "${refused}", the node's collectives: ${serverCollectives.join(', ')}`,
					],
					[
						setKey(f.clientConfig, 'main_collective', serverCollectives[0] ?? 'mcollective'),
						setKey(f.clientConfig, 'collectives', serverCollectives.join(',')),
					],
					[`grep -n 'collective' ${f.clientConfig} ${f.serverConfig}`],
				);
			// A collective of the client's own naming refused, and the nodes' collectives are not on
			// this host: the broker's authorization may not cover it yet (F6), or the nodes use
			// another collective (F12). Only a node's server.cfg tells which.
			if (!serverCollectives && refused && refused !== 'mcollective')
				return undecided(
					'undecided-collective-refused',
					[
						refusal,
						`client collective "${refused}"; the nodes' own collectives were not read (their config is on the nodes)`,
					],
					[
						{id: 'F6', why: ''},
						{id: 'F12', why: ''},
					],
					{
						host: f.ingredients.nodeIdentities[0] ?? 'a node',
						command: `grep -nE '^ *(main_collective|collectives) *=' ${f.serverConfig}`,
					},
				);
			// the entries cover the collective the broker refused (the client's), not always mcollective
			const collective = refused ?? 'mcollective';
			return make(
				'F6',
				[refusal],
				[
					'# in /etc/activemq/activemq.xml <authorizationEntries> (then restart ActiveMQ):',
					// lines of activemq.xml, not commands
					fileLine(
						`<authorizationEntry topic="${collective}.>" write="mcollective" read="mcollective" admin="mcollective"/>`,
					),
					fileLine(
						`<authorizationEntry queue="${collective}.>" write="mcollective" read="mcollective" admin="mcollective"/>`,
					),
					fileLine(
						'<authorizationEntry topic="ActiveMQ.Advisory.>" read="everyone" write="everyone" admin="everyone"/>',
					),
					f.brokerRestart,
				],
				[`# on the ActiveMQ host: grep -n 'not authorized' /var/log/activemq/*.log | tail -3`],
			);
		}
		default:
			// ActiveMQ answers a bad login with ERROR and closes; when the close wins the race the
			// client sees only the drop (mco: "Broken pipe", "EOF as nil"): the login, most likely.
			if (d.phase === 'connect' && d.outcome === 'error')
				return make(
					'F5',
					[
						`${where} accepted TCP, then closed the connection during STOMP CONNECT without CONNECTED${code}: a rejected login looks like this`,
						c.evidence,
					],
					credentialFix(f.clientConfig, f),
					[
						`# on the ActiveMQ host: grep -n 'or password is invalid' /var/log/activemq/*.log | tail -3   # names the user`,
					],
				);
			return make(
				'F1',
				[`STOMP probe to ${where} stopped at ${d.phase ?? 'connect'}: ${d.outcome}${code}`, c.evidence],
				[f.brokerRestart],
				hostCheck(f),
			);
	}
}

/**
 * The peer on the STOMP port is not a STOMP broker: it answered CONNECT with something else (an
 * HTTP reply, a TLS record, garbage), sent an oversized frame, or reset the connection without a
 * word. ActiveMQ answers CONNECT with CONNECTED or ERROR, so this is never a rejected login (F5).
 */
function notAStompBroker(
	d: ProbeFacts,
	where: string,
	code: string,
	c: CheckResult,
	f: FixContext,
): Diagnosis {
	const keys = connectorKeys(f.ingredients.connector);
	const sslKey = keys.port.replace(/port$/, 'ssl');
	// A TLS record is the one answer that says what the port is: a TLS port hit with plain STOMP.
	if (d.outcome === 'not-stomp' && d.peerTls)
		return make(
			'F7',
			[
				`${where} answered our plain STOMP CONNECT with a TLS record${d.peerSaid === undefined ? '' : ` ("${d.peerSaid}")`}: it is a STOMP+TLS port and client.cfg does not use TLS for it`,
				c.evidence,
			],
			[
				`# either use TLS on this port: ${sslKey} = 1 in ${f.clientConfig} (with ${sslKey}.ca, .cert and .key, or ${sslKey}.fallback = 1)`,
				`# or point ${keys.port} in ${f.clientConfig} at ActiveMQ's plain stomp transportConnector (usually 61613)`,
			],
			[
				`grep -n '${keys.port}\\|${sslKey}' ${f.clientConfig}`,
				`openssl s_client -connect ${where} </dev/null | head -5   # a certificate = TLS port`,
			],
		);
	const what =
		d.outcome === 'not-stomp'
			? `${where} answered our STOMP CONNECT with ${d.peerSaid === undefined ? 'bytes that are not STOMP' : `"${d.peerSaid}"`}`
			: d.outcome === 'oversized'
				? `${where} sent a frame over the size limit instead of CONNECTED${code}`
				: `${where} reset the connection during STOMP CONNECT without answering${code}`;
	return make(
		'F7',
		[`${what}: not a STOMP broker on this port (another service, a TLS port, or a proxy)`, c.evidence],
		[
			`# point ${keys.port} in ${f.clientConfig} at ActiveMQ's stomp transportConnector (usually 61613; 61614 with ${keys.port.replace(/port$/, 'ssl')} = 1)`,
		],
		[
			`# on the ActiveMQ host: ss -ltnp | grep ${f.ingredients.stompPort}; grep transportConnector /etc/activemq/activemq.xml`,
			`openssl s_client -connect ${where} </dev/null | head -5   # a certificate = TLS port`,
		],
	);
}

function diagnoseNodeLog(c: CheckResult, f: FixContext): Diagnosis {
	const evs = events(c);
	const lines = (kind: McoLogEvent['kind'], n = 2) =>
		evs
			.filter((e) => e.kind === kind)
			.slice(0, n)
			.map((e) => `${logRef(f.nodeLog, e.entry)}: ${e.entry.message}`);
	const keys = connectorKeys(f.ingredients.connector);
	const restart = f.serviceRestart;
	if (evs.some((e) => e.kind === 'connector-missing'))
		return make(
			'F29',
			lines('connector-missing'),
			[
				setKey(f.serverConfig, 'connector', 'activemq'),
				`# and rename plugin.stomp.* keys to ${keys.host} etc.`,
				restart,
			],
			[`${f.mco} --version`],
		);
	if (evs.some((e) => e.kind === 'tls-failed'))
		return make('F7', lines('tls-failed'), [
			`# align the node's ssl setting and port with the broker's STOMP connector`,
			restart,
		]);
	// ActiveMQ's ERROR frame names the destination it refuses this user: authorization (F6), not the login
	const denied = evs
		.filter((e) => e.kind === 'error-frame' && /not authorized/i.test(e.brokerMessage ?? ''))
		.at(-1);
	if (denied && denied.kind === 'error-frame') {
		const where = /\b(topic|queue):\/\/(\S+)/.exec(denied.brokerMessage ?? '');
		const found = diagnoseProbe(
			{
				...c,
				data: {
					outcome: 'not-authorized',
					brokerMessage: denied.brokerMessage,
					...(where ? {destination: `/${where[1]}/${where[2]}`} : {}),
				},
			},
			// the node's login is server.cfg's
			{...f, clientConfig: f.serverConfig},
		);
		if (found)
			return {
				...found,
				evidence: [`${logRef(f.nodeLog, denied.entry)}: ${denied.entry.message}`, ...found.evidence],
			};
	}
	const state = nodeConnectionState(evs);
	if (state === 'rejected')
		return make(
			'F11',
			[
				...lines('connected', 1),
				...lines('connection-error', 1),
				...lines('no-message-received', 1),
				"the broker closes the connection right after login: the node's user/password are rejected",
			],
			[...credentialFix(f.serverConfig, f), restart],
			[
				`grep -n '${keys.user}\\|${keys.password}' ${f.serverConfig}`,
				`# on the ActiveMQ host: grep -n 'or password is invalid' /var/log/activemq/*.log | tail -3   # names the user the node sent`,
			],
		);
	// Connected since its last start, then connect failures: the node LOST its broker and is still
	// reconnecting — not F9's "never connects". The node-log rung probed the broker from this host.
	const lastConnected = evs.findLastIndex((e) => e.kind === 'connected');
	// the log rotated past the running daemon's start (src/checks/server.ts): whether it ever
	// connected is not in the log any more, so failures now are not "never connects" either
	const rotatedAway = dataOf(c).startRotatedAway !== undefined;
	if (state === 'connecting' && (lastConnected >= 0 || rotatedAway)) {
		const failures = evs.slice(lastConnected + 1).filter((e) => e.kind === 'connect-failed');
		const lastFailure = failures.at(-1);
		// counted as the rung's live note counts them (the log's own attempt numbers start at 0)
		const attempt = failures.length;
		const d = dataOf(c);
		const broker = str(d.broker) ?? `${f.ingredients.brokerHost}:${f.ingredients.stompPort}`;
		const lost = {attempt, broker};
		const evidence = [
			...lines('connected', 1),
			...(lastFailure ? [`${logRef(f.nodeLog, lastFailure.entry)}: ${lastFailure.entry.message}`] : []),
		];
		if (d.brokerAccepts === false)
			return {
				...make('F1', evidence, [f.brokerRestart], hostCheck(f)),
				lostBroker: {...lost, accepts: false},
			};
		return {
			...undecided(
				'undecided-node-reconnecting',
				evidence,
				[
					{id: 'F1', why: ''},
					{id: 'F9', why: ''},
				],
				{host: 'this host', command: `grep -n 'Connect' ${f.nodeLog} | tail -3`},
			),
			lostBroker: {...lost, ...(d.brokerAccepts === true ? {accepts: true} : {})},
		};
	}
	if (state === 'connecting')
		return make(
			'F9',
			[
				...lines('connecting', 1),
				...lines('connect-failed', 2),
				'the node keeps retrying and never connects',
			],
			[
				`# as for the client (F1-F3), from the node: check ${keys.host} / ${keys.port} in ${f.serverConfig}`,
				f.brokerRestart,
				restart,
			],
			hostCheck(f),
		);
	const fatal = evs.find((e) => e.kind === 'config-error' || e.kind === 'runner-failed');
	if (fatal)
		return make(
			'F10',
			[`${logRef(f.nodeLog, fatal.entry)}: ${fatal.entry.message}`],
			[`# fix ${f.serverConfig} as the line says`, restart],
			[],
		);
	// dropped by the broker with no Connected line retained: the running daemon did connect (or
	// there was nothing to drop), so neither F10 nor F9; the login (F11) or the broker (F1) remain
	if (rotatedAway)
		return undecided(
			'undecided-node-dropped',
			[c.evidence, ...lines('connection-error', 1), ...lines('no-message-received', 1)],
			[
				{id: 'F1', why: ''},
				{id: 'F11', why: ''},
			],
			{host: 'this host', command: `grep -n 'Connect' ${f.nodeLog} | tail -3`},
		);
	return make(
		'F10',
		[c.evidence, `no "Connected to" line since the last start in ${f.nodeLog}`],
		[restart, `tail -50 ${f.nodeLog}`],
		[`ps -ef | grep [m]collectived`, `tail -50 ${f.nodeLog}`],
	);
}

/** "No responses received": tell psk (F13), clock (F14), wires (F12) and node down (F10) apart. */
function diagnoseSilence(c: CheckResult, f: FixContext): Diagnosis {
	const d = dataOf(c);
	const evs = events(c);
	const diffs = pairDiffs(c);
	const missing = (d.missing as string[] | undefined) ?? f.ingredients.nodeIdentities;
	const silent = c.id.endsWith('-lint')
		? `${f.clientConfig} and ${f.serverConfig} disagree: the node would answer nothing`
		: `silent: ${missing.join(', ')}`;
	const logLine = (e: McoLogEvent) => `${logRef(f.nodeLog, e.entry)}: ${e.entry.message}`;
	const restart = f.serviceRestart;
	const distinguishing = [
		`grep -n 'invalid signature\\|seconds old\\|does not pass filters' ${f.nodeLog} | tail -5`,
		`grep -n '^connector\\|collective\\|plugin.psk' ${f.clientConfig} ${f.serverConfig}   # compare by eye; the wizard shows psk fingerprints`,
		`date -u +%s   # on the client and on each node: difference must stay under the TTL (60 s)`,
	];
	const badSig = evs.find((e) => e.kind === 'invalid-signature');
	const pskDiff = diffs.find((x) => x.key === 'plugin.psk');
	if (badSig || pskDiff)
		return make(
			'F13',
			[
				silent,
				...(badSig ? [logLine(badSig)] : []),
				...(pskDiff
					? [`plugin.psk differs: client sha256 ${pskDiff.client}, server sha256 ${pskDiff.server}`]
					: []),
			],
			pskFix(f),
			distinguishing,
		);
	const old = evs.find((e) => e.kind === 'message-too-old');
	if (old && old.kind === 'message-too-old')
		return make(
			'F14',
			[
				silent,
				logLine(old),
				`the node saw the request ${old.ageSeconds} s old, TTL ${old.ttl} s: the node's clock is ahead of this client's`,
			],
			[
				f.platform === 'scl'
					? 'yum install -y ntp && service ntpd start && chkconfig ntpd on'
					: 'dnf install -y chrony && systemctl enable --now chronyd',
				'# on every host (client, node, broker), then',
				restart,
			],
			distinguishing,
			'node-ahead',
		);
	// The node itself is not on the broker (dropped login, or cannot connect): the server landmark's story.
	if (
		evs.some(
			(e) => e.kind === 'connection-error' || e.kind === 'no-message-received' || e.kind === 'connect-failed',
		)
	)
		return diagnoseNodeLog({...c, evidence: `${silent}; ${c.evidence}`}, f);
	const wire = diffs.filter((x) => x.key !== 'plugin.psk');
	if (wire.length > 0)
		return make(
			'F12',
			[silent, ...wire.map((x) => `${x.key}: client "${x.client}", server "${x.server}"`)],
			[
				...wire.flatMap((x) =>
					x.key === 'connector'
						? [
								setKey(f.clientConfig, 'connector', x.server),
								// the connector names its own keys: carry the pool settings over
								`sed -i -e 's|^plugin\\.${x.client}\\.pool\\.|plugin.${x.server}.pool.|' -e '/^plugin\\.${x.client}\\./d' ${f.clientConfig}`,
							]
						: [setKey(f.clientConfig, x.key, x.server)],
				),
				`# or change ${f.serverConfig} instead and run: ${restart}`,
			],
			distinguishing,
		);
	if (d.daemonRunning === false)
		return make(
			'F10',
			[silent, 'no mcollectived process on this host'],
			[restart, `tail -20 ${f.nodeLog}`],
			['ps -ef | grep [m]collectived'],
		);
	const replies = (d.replies as unknown[] | undefined)?.length ?? 0;
	const wireFacts = d.wire as WireFacts | undefined;
	const unexpected = (d.unexpected as string[] | undefined) ?? [];
	// a silent node the broker's evidence decides keeps that verdict; else whoever answered unasked is the lead
	if (unexpected.length > 0 && !(wireFacts && wireDecidesAll(wireFacts, missing)))
		return identityVerdict(c, f, missing, unexpected, replies);
	if (wireFacts) return wireVerdict(c, f, wireFacts, silent, replies);
	if (replies > 0)
		return make(
			'F15',
			[`${replies} replied, ${silent}`],
			[`# on each silent node: ${restart}; check its identity is unique (hostname) and it uses this broker`],
			[`${f.mco} find`, `${f.mco} inventory <node>`, 'hostname -f   # on each node'],
		);
	const notTargeted = evs.find((e) => e.kind === 'not-targeted');
	// "Nothing in the log" and "the files agree" are evidence only when the log was read and both files compared.
	const logRead = d.nodeLogReadable === true;
	const compared = d.pair !== undefined;
	if (notTargeted || (logRead && compared))
		return make(
			'F12',
			[
				silent,
				notTargeted
					? logLine(notTargeted)
					: `nothing about the request in ${str(d.nodeLogPath) ?? f.nodeLog}: it never reached the node`,
				...(compared
					? [
							'connector, collectives and psk read the same in both files: check the node uses this broker and collective',
						]
					: []),
			],
			[
				`# make connector/collectives/broker host identical in ${f.clientConfig} and ${f.serverConfig}`,
				restart,
			],
			distinguishing,
		);
	return undecided(
		'undecided-silent-node',
		[silent, ...(logRead ? [`nothing about the request in ${str(d.nodeLogPath) ?? f.nodeLog}`] : [])],
		['F9', 'F10', 'F11', 'F12', 'F13', 'F14'].map((id) => ({id: id as `F${number}`, why: ''})),
		silentDecide(f, missing, ['F9', 'F10', 'F11', 'F12', 'F13', 'F14']),
	);
}

/** The client-side evidence proves one entry for every silent identity (wireVerdict then names it). */
function wireDecidesAll(wire: WireFacts, missing: readonly string[]): boolean {
	const ids = new Set(wire.verdicts.map((v) => v.id));
	return ids.size === 1 && !ids.has(undefined) && wire.verdicts.length === missing.length;
}

/**
 * F15 with a node that answered under a name nobody expected. Where this host's server.cfg sets
 * that name and each silent expected name is proven to be this host (src/checks/identity-here.ts),
 * the cause is proven: server.cfg's identity line. Otherwise the unexpected answer is named as the
 * candidate cause, with the command on the node that decides.
 */
function identityVerdict(
	c: CheckResult,
	f: FixContext,
	missing: readonly string[],
	unexpected: readonly string[],
	replies: number,
): Diagnosis {
	const here = dataOf(c).identityHere as IdentityHere | undefined;
	const shown =
		unexpected.slice(0, 5).join(', ') + (unexpected.length > 5 ? ` (+${unexpected.length - 5})` : '');
	const heard = [`${replies} replied, silent: ${missing.join(', ')}`, `answered but not expected: ${shown}`];
	const decide = `grep -n '^identity' ${f.serverConfig}; hostname -f`;
	const list = `# or put ${unexpected.slice(0, 5).join(', ')} in the ingredients' node list instead of ${missing.join(', ')}`;
	if (!here)
		return make(
			'F15',
			[...heard, `${shown} may be ${missing.join(', ')} answering under another identity`],
			[
				`${decide}   # on ${missing.join(', ')}: decides whether it answers as ${shown}`,
				`# if so: set identity = <its expected name> in ${f.serverConfig} there, then ${f.serviceRestart}`,
				list,
			],
			[`${decide}   # on ${missing.join(', ')}`, `${f.mco} find`],
		);
	const cited = here.line
		? `${f.serverConfig}:${here.line}: identity = ${here.identity}`
		: `${f.serverConfig} has no identity line: this host's node answers as its host name, ${here.identity}`;
	const proven = missing.every((n) => here.proven.some((p) => p.name === n));
	const said = here.proven.map((p) =>
		p.via === 'hostname'
			? `${p.name} is this host's name`
			: `${p.name} resolves to ${p.value}, an address of this host`,
	);
	const expectedName = missing.length === 1 ? (missing[0] ?? '<expected>') : '<expected>';
	const fix = [setKey(f.serverConfig, 'identity', expectedName), f.serviceRestart, list];
	if (proven)
		return {
			...make('F15', [...heard, cited, ...said], fix, [decide]),
			cause: `This host's mcollectived answers as ${here.identity} (${here.line ? `${f.serverConfig} line ${here.line}` : 'its host name'}), but the ingredients expect ${missing.join(', ')} here.`,
		};
	return make(
		'F15',
		[
			...heard,
			`${cited}: this host's node answered under that name; if ${missing.join(', ')} is this host, that line is why`,
			...said,
		],
		[`# if ${missing.join(', ')} is this host:`, ...fix],
		[`getent ahosts ${missing.join(' ')}; ${decide}`],
	);
}

/** A clock verdict from the node's request to itself: compared against the node host's clock. */
const onNode = (...args: Parameters<typeof make>): Diagnosis => ({...make(...args), clockSeenOn: 'node'});

/**
 * The node's request to itself (server landmark, src/checks/server.ts): the node log's line about
 * THAT request decides. Signed with server.cfg's own psk, an invalid signature means the daemon runs
 * with another psk than the file; signed with the answers' psk, that server.cfg holds another psk
 * than the one client.cfg is written with. `seconds old` from a request sent on this very host: the
 * clock mcollectived reads is ahead of this host's.
 */
function diagnoseSelfRequest(c: CheckResult, f: FixContext): Diagnosis {
	const d = dataOf(c);
	const probe = d.probe as ProbeFacts | undefined;
	if (probe && probe.outcome !== 'connected' && probe.outcome !== 'error') {
		// the request went with server.cfg's broker and login: that is the file to fix here
		const found = diagnoseProbe({...c, data: probe}, {...f, clientConfig: f.serverConfig});
		if (found) return found;
	}
	const evs = events(c);
	// the rung's evidence quotes the deciding line already: not twice
	const logLine = (e: McoLogEvent) =>
		c.evidence.includes(e.entry.message) ? '' : `${logRef(f.nodeLog, e.entry)}: ${e.entry.message}`;
	const identity = str(d.identity) ?? 'this node';
	const look = `grep -n 'invalid signature\\|seconds old\\|Handling message' ${f.nodeLog} | tail -5`;
	const badSig = evs.find((e) => e.kind === 'invalid-signature');
	if (badSig && d.signedWith === 'answers')
		return make(
			'F13',
			[
				c.evidence,
				logLine(badSig),
				`the rejected request was signed with the answers file's psk, the one client.cfg is written with: ${f.serverConfig} holds another plugin.psk, so this node drops every request of that client`,
			],
			// only server.cfg is on this host: the client's file is fixed where it lives
			pskFix(f).filter((line) => !line.includes(f.clientConfig)),
			[look],
		);
	if (badSig)
		return make(
			'F13',
			[
				c.evidence,
				logLine(badSig),
				`the rejected request was signed with ${f.serverConfig}'s own plugin.psk: the running mcollectived holds another psk than the file (it changed since the daemon started)`,
			],
			[f.serviceRestart],
			[look, `ps -o lstart= -C mcollectived; ls -l --time-style=full-iso ${f.serverConfig}`],
		);
	const old = evs.find((e) => e.kind === 'message-too-old');
	if (old && old.kind === 'message-too-old')
		return onNode(
			'F14',
			[
				c.evidence,
				logLine(old),
				`mcollectived saw a request sent from this very host ${old.ageSeconds} s old (TTL ${old.ttl} s): the clock mcollectived reads is ahead of this host's`,
			],
			[
				'date -u; cat /proc/$(pgrep -o mcollectived)/environ | tr "\\0" "\\n" | grep -i faketime   # a faked clock of the daemon alone',
				f.platform === 'scl'
					? 'yum install -y ntp && service ntpd start && chkconfig ntpd on'
					: 'dnf install -y chrony && systemctl enable --now chronyd',
				f.serviceRestart,
			],
			[look, 'date -u +%s   # here, on the client and on the broker host: within the TTL'],
			'node-ahead',
		);
	const handled = d.handled === true;
	// The daemon's logger stamps "Handling message" with the clock mcollectived reads: against this
	// host's clock when it sent the request, a stamp earlier by more than the TTL is a daemon clock
	// behind, whose reply carries an expiry already past for the broker.
	const handling = evs.find((e) => e.kind === 'handling');
	const loggedAt = handling?.entry.time ? Date.parse(handling.entry.time) : Number.NaN;
	const sentAt = typeof d.sentAtMs === 'number' ? d.sentAtMs : Number.NaN;
	const ttlS = typeof d.ttlS === 'number' ? d.ttlS : 60;
	const behindS = Math.round((sentAt - loggedAt) / 1000);
	if (handling && Number.isFinite(behindS) && behindS > ttlS)
		return onNode(
			'F14',
			[
				c.evidence,
				logLine(handling),
				`mcollectived stamped its handling of our request ${behindS} s before this host sent it (TTL ${ttlS} s): the clock mcollectived reads is behind this host's, so the broker expires its reply`,
			],
			[
				f.platform === 'scl'
					? 'yum install -y ntp && service ntpd start && chkconfig ntpd on'
					: 'dnf install -y chrony && systemctl enable --now chronyd',
				f.serviceRestart,
			],
			[look, 'date -u +%s   # here, on the client and on the broker host: within the TTL'],
			'node-behind',
		);
	const candidates: {id: `F${number}`; why: string}[] = handled
		? [
				{
					id: 'F14',
					why: `${identity} handled the request, so a reply expired on the broker (this node's clock behind the broker's) is possible`,
				},
				{
					id: 'F6',
					why: `${identity} handled the request, so a reply refused by the broker (no write on the reply queue for this user) is possible`,
				},
			]
		: [
				{
					id: 'F12',
					why: `nothing in ${f.nodeLog} about the request: the daemon may listen on another collective or broker than ${f.serverConfig} says`,
				},
				{id: 'F10', why: 'the daemon may have stopped or hung since its log showed the connection'},
				{id: 'F6', why: "the broker may refuse the node's user the collective's topic"},
			];
	return undecided(
		'undecided-silent-node',
		[
			c.evidence,
			...(handled
				? evs
						.filter((e) => e.kind === 'handling')
						.slice(0, 1)
						.map(logLine)
				: []),
		],
		d.nodeLogReadable === false ? [...candidates, {id: 'F13', why: ''}, {id: 'F14', why: ''}] : candidates,
		{
			host: handled ? f.ingredients.brokerHost : identity,
			command: handled
				? `grep -n 'not authorized\\|Expired' /var/log/activemq/*.log | tail -5; date -u`
				: `${look}; ps -ef | grep [m]collectived; grep -E '^(main_collective|collectives|plugin.activemq.pool.1.host)' ${f.serverConfig}`,
		},
	);
}

/** The client-side facts e2e's ping-nodes leaves (src/checks/e2e.ts WireEvidence). */
type WireFacts = {
	readonly observed: boolean;
	readonly verdicts: readonly {
		readonly identity: string;
		readonly id?: `F${number}`;
		readonly candidates: readonly string[];
		readonly because: string;
		readonly clock?: ClockSkew;
	}[];
	readonly subscribed?: number;
	readonly expiredReplies?: number;
};

/** The one command on the silent node that decides between `candidates`. */
function silentDecide(
	f: FixContext,
	missing: readonly string[],
	candidates: readonly string[],
): DecidingCommand {
	const connected = !candidates.some((id) => ['F9', 'F10', 'F11', 'F12'].includes(id));
	const patterns = connected
		? 'invalid signature|seconds old'
		: 'invalid signature|seconds old|Broken pipe|not authorized|Connected to|Could not connect';
	return {
		host: missing.join(', ') || 'the node',
		command: `${connected ? '' : `${f.serviceRestart.replace('restart', 'status')} --no-pager | head -3; `}grep -E '${patterns}' ${f.nodeLog} | tail -5; grep -E '^(main_collective|collectives|plugin.activemq.pool.1.host)' ${f.serverConfig}; date -u`,
	};
}

/**
 * The clock-offset rung's furthest-off node: its msgtime ahead of ours is a node ahead; behind
 * ours, a node behind (its replies reached us, so the broker did not expire them yet).
 */
function offsetClock(offsets: unknown): ClockSkew | undefined {
	const list = (offsets as {offsetS: number}[] | undefined) ?? [];
	const worst = list.reduce<number | undefined>(
		(m, o) => (m === undefined || Math.abs(o.offsetS) > Math.abs(m) ? o.offsetS : m),
		undefined,
	);
	if (worst === undefined || worst === 0) return undefined;
	return worst > 0 ? 'node-ahead' : 'node-behind';
}

/** From the client side: one entry where registrations/advisories/clock probe prove it, else what remains. */
function wireVerdict(
	c: CheckResult,
	f: FixContext,
	wire: WireFacts,
	silent: string,
	replies: number,
): Diagnosis {
	const d = dataOf(c);
	const missing = (d.missing as string[] | undefined) ?? f.ingredients.nodeIdentities;
	const heard = [
		silent,
		...(replies > 0 ? [`${replies} other node(s) answered`] : []),
		...(wire.subscribed !== undefined
			? [
					`the broker's consumer advisories count ${wire.subscribed} mcollectived subscribed to this collective's discovery topic`,
				]
			: []),
		...(wire.expiredReplies !== undefined
			? [`replies to this ping the broker expired: ${wire.expiredReplies}`]
			: []),
		...wire.verdicts.map((v) => v.because),
	];
	const proven = new Set(wire.verdicts.map((v) => v.id));
	const only = [...proven][0];
	if (proven.size === 1 && only && wire.verdicts.length === missing.length) {
		const fixes: Record<string, string[]> = {
			F13: pskFix(f),
			F14: [
				f.platform === 'scl'
					? 'yum install -y ntp && service ntpd start && chkconfig ntpd on'
					: 'dnf install -y chrony && systemctl enable --now chronyd',
				'# on every host (client, node, broker), then',
				f.serviceRestart,
			],
			F12: [
				`# on ${missing.join(', ')}: main_collective/collectives in ${f.serverConfig} as in ${f.clientConfig}, then`,
				f.serviceRestart,
			],
		};
		return make(only, heard, fixes[only] ?? [], [], only === 'F14' ? agreedClock(wire.verdicts) : undefined);
	}
	const remaining = new Set<string>();
	for (const v of wire.verdicts) for (const id of v.id ? [v.id] : v.candidates) remaining.add(id);
	const ids = ['F9', 'F10', 'F11', 'F12', 'F13', 'F14'].filter((id) => remaining.has(id));
	return undecided(
		'undecided-silent-node',
		heard,
		ids.map((id) => ({
			id: id as `F${number}`,
			why: wire.verdicts
				.filter((v) => v.id === id)
				.map((v) => v.because)
				.join('; '),
		})),
		silentDecide(f, missing, ids),
	);
}

/**
 * The `mco` program is not on this host: no catalogue entry (F26 is a config file, F27 a version
 * conflict) and nothing about any node or agent was observed, so no entry is named.
 */
function mcoMissing(c: CheckResult, f: FixContext): Diagnosis {
	const mco = str(dataOf(c).mco) ?? f.mco;
	return {
		uncatalogued: 'uncatalogued-mco-missing',
		evidence: [c.evidence],
		fix:
			f.platform === 'scl'
				? ['yum install -y ruby193-mcollective-client']
				: [
						'apt-get install -y mcollective-client   # Debian, Ubuntu',
						'yum install -y mcollective-client   # RHEL, CentOS',
					],
		distinguishing: [
			`command -v ${mco}`,
			f.platform === 'scl'
				? 'rpm -q ruby193-mcollective-client'
				: 'dpkg -s mcollective-client || rpm -q mcollective-client',
		],
	};
}

function diagnoseAgent(c: CheckResult, f: FixContext): Diagnosis {
	const evs = events(c);
	const d = dataOf(c);
	const restart = f.serviceRestart;
	if (d.mcoMissing === true) return mcoMissing(c, f);
	// no node was asked: nothing about any node or agent was seen, so no entry is named
	if (d.noNodes === true)
		return {
			uncatalogued: 'uncatalogued-no-nodes',
			evidence: [c.evidence],
			fix: [
				"# landmark 1: name every node in Node identities (the answers file's nodeIdentities), then Retry",
			],
			distinguishing: [],
		};
	// The node answered nothing at all, or nothing before the rung's watchdog (landmark 2 passes, see
	// runLandmark): a silent node, whose causes landmark 4 tells apart, not a missing agent.
	if (d.answered === false || d.outcome === 'timeout') {
		const silentIds = ['F9', 'F10', 'F11', 'F12', 'F13', 'F14'] as const;
		return undecided(
			'undecided-silent-node',
			[c.evidence],
			silentIds.map((id) => ({id, why: ''})),
			// the watchdog does not say which node was being asked: the command is for each of them
			silentDecide(f, str(d.identity) ? [str(d.identity) ?? ''] : f.ingredients.nodeIdentities, silentIds),
		);
	}
	const failed = evs.find((e) => e.kind === 'agent-load-failed' && /openshift/i.test(e.agent));
	if (failed && failed.kind === 'agent-load-failed') {
		const lib = failed.missingLibrary;
		const pkg = lib ? packageForLibrary(lib) : undefined;
		return make(
			'F17',
			[
				`${logRef(f.nodeLog, failed.entry)}: ${failed.entry.message}`,
				lib
					? `missing Ruby library "${lib}", provided by package ${pkg}`
					: 'the agent file is there but does not load',
			],
			[
				...(pkg
					? [`yum install -y ${pkg}`]
					: [`# fix the error above in ${f.libdir}/mcollective/agent/openshift.rb`]),
				restart,
			],
			[`grep -n 'openshift' ${f.nodeLog} | tail -5`, `${f.mco} rpc rpcutil agent_inventory -I <node>`],
		);
	}
	const inactive = evs.find((e) => e.kind === 'agent-activation-failed' && /openshift/i.test(e.agent));
	if (inactive && inactive.kind === 'agent-activation-failed')
		return make(
			'F19',
			[`${logRef(f.nodeLog, inactive.entry)}: ${inactive.entry.message}`],
			['oo-accept-node -v', restart],
			[],
		);
	const agents = (d.agents as string[] | undefined) ?? [];
	const pkg = 'openshift-origin-msg-node-mcollective';
	const activation = agentActivation(c, f, d, evs);
	if (activation) return activation;
	if (str(d.switchedOff)) return agentSwitchedOff(c, f, d, evs);
	// Without the node's log and its libdir, "no load error" and "no file" are not observations:
	// say what remains and where to look.
	// (nor with a log rotated past the daemon's start, where the load errors were written)
	if (d.nodeLogReadable !== true || d.nodeLogFromStart === false || d.agentFileHere === undefined)
		return undecided(
			'undecided-agent',
			[c.evidence, agents.length ? `the node's agents: ${agents.join(', ')}` : ''],
			[
				{id: 'F17', why: ''},
				{id: 'F18', why: ''},
				{id: 'F19', why: ''},
			],
			{
				host: str(d.identity) ?? 'the node',
				command: `grep -E 'openshift' ${f.nodeLog} | tail -5; ${agentFileAgainstStart(f)}`,
			},
		);
	// the node is this host: its libdir was looked at
	if (str(d.agentFileHere))
		return make(
			'F18',
			[
				c.evidence,
				`${str(d.agentFileHere)} is on this host and ${f.nodeLog} has no load error for it since the last start: agents load only at start-up, so the running daemon started before the file was there`,
			],
			[restart],
			[`ls -l --time-style=full-iso ${str(d.agentFileHere)}`, `grep -n 'Starting' ${f.nodeLog} | tail -1`],
		);
	const libdirs = (d.libdirsHere as string[] | undefined) ?? [f.libdir];
	return make(
		'F17',
		[
			c.evidence,
			agents.length ? `the node's agents: ${agents.join(', ')}` : '',
			`no openshift.rb under ${libdirs.map((l) => `${l}/mcollective/agent`).join(', ')} on this host, and no load error for openshift since the last start: the agent file is not in the node's libdir`,
		],
		[`yum install -y ${pkg}`, `# agents load at start-up: ${restart}`],
		[
			`ls ${libdirs[0] ?? f.libdir}/mcollective/agent/`,
			`${f.mco} rpc rpcutil agent_inventory -I <node>`,
			`rpm -q --last ${pkg}`,
		],
	);
}

/**
 * server.cfg switches the agent off (src/core/agent-activation.ts): MCollective 2.12 loads the file
 * but never registers the agent, so agent_inventory leaves it out (F18's other cause). The line is
 * this host's own server.cfg, read by this run.
 */
function agentSwitchedOff(
	c: CheckResult,
	f: FixContext,
	d: Record<string, unknown>,
	evs: readonly McoLogEvent[],
): Diagnosis {
	const line = str(d.switchedOff) ?? '';
	const path = str(d.serverConfigPath) ?? f.serverConfig;
	const key = line.split('=')[0]?.trim() ?? '';
	const agents = (d.agents as string[] | undefined) ?? [];
	const declined = declinedLine(evs, str(d.nodeLogPath) ?? f.nodeLog);
	return make(
		'F18',
		[
			c.evidence,
			agents.length ? `the node's agents: ${agents.join(', ')}` : '',
			`${path}: ${line}: mcollectived loads the agent but does not activate it, so agent_inventory leaves it out`,
			declined ?? '',
		],
		[`sed -i '/^[[:space:]]*${key.replaceAll('.', '\\.')}[[:space:]]*=/d' ${path}`, f.serviceRestart],
		[`grep -nE '^ *(plugin\\.openshift\\.activate_agent|activate_agents) *=' ${path}`],
	);
}

/** The agent file's time beside the service's start: an agent installed after the start is not loaded (F18). */
function agentFileAgainstStart(f: FixContext): string {
	return `ls -l --time-style=+%FT%T ${f.libdir}/mcollective/agent/openshift.rb; ${f.serviceRestart.replace('restart', 'status')} --no-pager | grep -i since`;
}

/** The node log's `Not activating agent openshift due to agent policy…` since the start, cited. */
function declinedLine(evs: readonly McoLogEvent[], log: string): string | undefined {
	const e = evs.find((x) => x.kind === 'agent-declined' && x.agent === 'openshift');
	return e ? `${logRef(log, e.entry)}: ${e.entry.message}` : undefined;
}

/**
 * The agent file on this host brings its own `activate_when` (src/core/agent-activation.ts): 2.12's
 * RPC::Agent.activate_when replaces the default activate?, so server.cfg's activate_agent has no
 * effect and is never the cause. What decides is the node log: `Not activating agent openshift
 * due to agent policy in activate? method` (agents.rb, DEBUG only) is its rule saying no (F19);
 * a log at debug level since the start without it is a file the daemon never saw (F18). Without a
 * debug-level log, undecided. Also undecided: that line with neither rule seen on this host.
 */
function agentActivation(
	c: CheckResult,
	f: FixContext,
	d: Record<string, unknown>,
	evs: readonly McoLogEvent[],
): Diagnosis | undefined {
	const own = d.ownActivation as OwnActivation | undefined;
	const log = str(d.nodeLogPath) ?? f.nodeLog;
	const declined = declinedLine(evs, log);
	const switchedOff = str(d.switchedOff);
	const cfg = str(d.serverConfigPath) ?? f.serverConfig;
	const host = str(d.identity) ?? 'the node';
	if (!own) {
		if (!declined || switchedOff) return undefined;
		return undecided(
			'undecided-agent-activation',
			[c.evidence, declined],
			[
				{id: 'F18', why: ''},
				{id: 'F19', why: ''},
			],
			{
				host,
				command: `grep -nE '^ *(activate_when|def self.activate?)' ${f.libdir}/mcollective/agent/openshift.rb; grep -nE '^ *(plugin.openshift.activate_agent|activate_agents) *=' ${cfg}`,
			},
		);
	}
	const rule = ownActivationRef(own);
	const notRead = switchedOff
		? `${cfg}: ${switchedOff} has no effect here: ${own.file} brings its own activate_when (line ${own.line}), which replaces that rule`
		: `${own.file} brings its own activate_when (line ${own.line}): server.cfg's activate_agent is not read`;
	if (declined)
		return make(
			'F19',
			[
				c.evidence,
				declined,
				`${rule}: the agent's own activation rule said no when mcollectived started`,
				notRead,
			],
			['oo-accept-node -v', f.serviceRestart],
			[`sed -n '${own.line},+12p' ${own.file}`],
		);
	const level = str(d.startLoglevel);
	if (d.nodeLogReadable === true && level === 'debug')
		return make(
			'F18',
			[
				c.evidence,
				`${log} logs at debug level since the last start and has neither a load or activation error nor 'Not activating agent openshift': mcollectived did not see ${own.file} when it started`,
				notRead,
			],
			[f.serviceRestart],
			[`ls -l --time-style=full-iso ${own.file}`, `grep -n 'started logging' ${log} | tail -1`],
		);
	return undecided(
		'undecided-agent-activation',
		[
			c.evidence,
			notRead,
			d.nodeLogReadable !== true
				? `${log} is not readable here`
				: level
					? `${log} logs at ${level} level: 2.12 writes 'Not activating agent …' only at debug level`
					: `${log} holds no start of mcollectived`,
		],
		[
			{id: 'F19', why: ''},
			{id: 'F18', why: ''},
		],
		// the file older than the daemon's start: it was seen, and its own rule said no (F19)
		{host, command: `stat -c '%y %n' ${own.file}; grep -n 'started logging' ${log} | tail -1`},
	);
}

/**
 * Landmark 5 on the node (src/checks/agent-node.ts): no agent file in server.cfg's libdir is F17
 * (not installed); a load error since the last start is F17 with the library named (diagnoseAgent);
 * the file there, no load error, yet the running daemon does not list the agent: it came after
 * the start (F18). A request the node did not answer is landmark 3's story (diagnoseSelfRequest).
 */
function diagnoseAgentOnNode(c: CheckResult, f: FixContext): Diagnosis {
	const d = dataOf(c);
	const pkg = 'openshift-origin-msg-node-mcollective';
	if (c.id === 'agent-files') {
		if (d.serverConfigRead === false)
			return make('F10', [c.evidence], [`mco-wizard --role node --step server   # writes ${f.serverConfig}`]);
		return make(
			'F17',
			[c.evidence, 'the agent is not installed on this node: mcollectived has nothing to load'],
			[`yum install -y ${pkg}`, `# agents load at start-up: ${f.serviceRestart}`],
			[`ls ${f.libdir}/mcollective/agent/`, `rpm -q ${pkg}`],
		);
	}
	if (c.id === 'agent-self' && d.answered !== true) return diagnoseSelfRequest(c, f);
	const evs = events(c);
	if (evs.some((e) => e.kind === 'agent-load-failed' || e.kind === 'agent-activation-failed'))
		return diagnoseAgent(c, f);
	const activation = agentActivation(c, f, d, evs);
	if (activation) return activation;
	if (str(d.switchedOff)) return agentSwitchedOff(c, f, d, evs);
	const agents = (d.agents as string[] | undefined) ?? [];
	// the log rotated past the start: "no load error" was not seen, so F17 (a load error) remains
	if (d.nodeLogFromStart === false)
		return undecided(
			'undecided-agent',
			[c.evidence, `${f.nodeLog} no longer holds mcollectived's start: its load errors rotated away`],
			[
				{id: 'F17', why: ''},
				{id: 'F18', why: ''},
			],
			{
				host: 'this host',
				command: agentFileAgainstStart(f),
			},
		);
	return make(
		'F18',
		[
			c.evidence,
			agents.length ? `the node's agents: ${agents.join(', ')}` : '',
			`the agent file is in the libdir and ${f.nodeLog} has no load error for it since the last start: the running daemon started before the agent was there`,
		],
		[f.serviceRestart],
		[
			`ls -l --time-style=full-iso ${f.libdir}/mcollective/agent/openshift.rb`,
			`grep -n 'Starting' ${f.nodeLog} | tail -1`,
		],
	);
}

function diagnoseEcho(c: CheckResult, f: FixContext): Diagnosis {
	const d = dataOf(c);
	if (d.mcoMissing === true) return mcoMissing(c, f);
	if (str(d.inputError))
		return make(
			'F21',
			[`msg rejected before sending: ${str(d.inputError)}`],
			['# keep the default: msg=foo (1 to 90 characters)'],
			[],
		);
	if (d.ddlFound === false)
		return make(
			'F20',
			[`no openshift.ddl under ${f.libdir}/mcollective/agent/ on the client`, c.evidence],
			['yum install -y openshift-origin-msg-common', `${f.mco} plugin doc openshift`],
			[`${f.mco} plugin doc openshift`],
		);
	if (d.discovered === 0)
		return make(
			'F23',
			[c.evidence, 'discovery found no node in its window although ping answers'],
			[`${f.mco} rpc openshift echo msg=foo --dt 5`],
			[`${f.mco} find -A openshift`],
		);
	return diagnoseAgent(c, f);
}

/**
 * The diagnosis for a landmark's report, from its FIRST failed rung; null when nothing failed.
 * Pure and total: unknown facts fall back to the entry the failing rung is about. `readContent`
 * gives the words (content/debug-view.md, and an undecided lesson's `## Still possible` for a
 * candidate this run saw nothing about).
 */
export function diagnose(
	step: LandmarkId,
	checks: readonly CheckResult[],
	f: FixContext,
	readContent: (contentId: string) => string,
): Diagnosis | null {
	const found = diagnoseRaw(step, checks, f);
	if (!found) return null;
	// Last line of defence: a secret that reached a log line or an ERROR text (the seed's password
	// on a `user` line comes back as `User name [<password>]`) is shown as a fingerprint only.
	const secrets = SECRET_FIELDS.map((k) => f.ingredients[k]);
	const clean = (xs: readonly string[] | undefined) => (xs ?? []).map((x) => redact(x, secrets));
	const failed = checks.find((c) => !c.ok && !c.skipped);
	const notObserved = failed ? notObservedOf(failed, f, readContent('debug-view')) : [];
	// A candidate without an observed reason gets the lesson's standing one.
	const whys = found.undecided ? stillPossibleWhys(readContent(`debug/${found.undecided}`)) : {};
	// The cause sentence follows the evidence: which clock is off is the lesson's `## node-…` words.
	// and where it was seen: a node's request to itself compares against the node host's clock, not a client's
	const clockWords = found.clock && `${found.clock}${found.clockSeenOn === 'node' ? ' on the node' : ''}`;
	const clockCause =
		clockWords && found.id ? wordsFor(readContent(`debug/${found.id}`), clockWords) : undefined;
	// A node that lost its broker: what was seen (attempt N, whether the broker accepts again) and what to do.
	const lost = found.lostBroker;
	const lesson = found.id ?? found.undecided;
	const cause =
		clockCause ??
		(lost && lesson
			? wordsFor(
					readContent(`debug/${lesson}`),
					lost.accepts === true
						? 'node-lost-broker-back'
						: lost.accepts === false
							? 'node-lost-broker-down'
							: 'node-lost-broker',
					{attempt: lost.attempt, broker: lost.broker},
				)
			: undefined);
	return {
		...found,
		...(cause ? {cause} : {}),
		...(notObserved.length ? {notObserved: clean(notObserved)} : {}),
		...(found.decide ? {decide: {...found.decide, command: redact(found.decide.command, secrets)}} : {}),
		...(found.candidates
			? {
					candidates: found.candidates.map((c) => ({
						...c,
						why: redact(c.why || (whys[c.id] ?? c.id), secrets),
					})),
				}
			: {}),
		evidence: clean(found.evidence),
		fix: clean(found.fix),
		distinguishing: clean(found.distinguishing),
	};
}

function diagnoseRaw(step: LandmarkId, checks: readonly CheckResult[], f: FixContext): Diagnosis | null {
	const failed = checks.find((c) => !c.ok && !c.skipped);
	if (!failed) return null;
	const d = dataOf(failed);
	switch (failed.id) {
		case 'client-config': {
			if (d.exists === false || d.readable === false)
				return make(
					'F26',
					[failed.evidence],
					[
						`mco-wizard   # landmark 1 writes ${f.clientConfig}`,
						`# or run as root: sudo ${f.mco} ping, or pass -c <file>`,
					],
					[`ls -l ${f.clientConfig}`, `id`],
				);
			return make(
				'F2',
				[
					failed.evidence,
					...((d.differs as string[] | undefined) ?? []).map((k) => `differs in the other file: ${k}`),
				],
				[
					`# edit the file that is read (${str(d.path) ?? f.clientConfig}), or remove the other one, or pass -c <file>`,
				],
				[
					`which mco oo-mco`,
					`ls -l ~/.mcollective ${f.clientConfig}`,
					`rpm -q mcollective-client ruby193-mcollective-client`,
				],
			);
		}
		case 'client-lint':
		case 'server-lint': {
			const role = failed.id === 'client-lint' ? 'client' : 'server';
			const pair = pairDiffs(failed);
			// Several errors: name the one that stops MCollective first (a missing connector fails
			// before any login; a bad login before any psk check).
			const errors = findings(failed).filter((x) => x.severity === 'error');
			const candidates = (errors.length ? errors : findings(failed)).map((x) => lintFailure(x, role, f));
			// the pair comparison first: its fix is concrete commands, a finding's is a sentence
			if (pair.length > 0) candidates.unshift(diagnoseSilence(failed, f));
			const rank = (d: Diagnosis) => {
				const i = d.id ? LINT_PRIORITY.indexOf(d.id) : -1;
				return i < 0 ? LINT_PRIORITY.length : i;
			};
			const worst = candidates.sort((a, b) => rank(a) - rank(b))[0];
			return worst ?? make(role === 'client' ? 'F2' : 'F10', [failed.evidence], []);
		}
		case 'dns':
			return diagnoseProbe({...failed, data: {...d, outcome: 'unresolvable'}}, f);
		case 'tcp':
		case 'stomp-login':
		case 'subscribe':
			return diagnoseProbe(failed, f);
		case 'ping-empty': {
			const probe = d.probe as ProbeFacts | undefined;
			if (probe && probe.outcome !== 'connected') return diagnoseProbe({...failed, data: probe}, f);
			return make(
				'F6',
				[failed.evidence],
				['# see the ActiveMQ log for the refused destination'],
				[`# on the ActiveMQ host: grep -n 'not authorized' /var/log/activemq/*.log | tail -3`],
			);
		}
		case 'service-start':
			return make(
				'F10',
				[failed.evidence, str(d.stderr) ?? ''],
				[f.serviceRestart, `tail -30 ${f.nodeLog}`],
				[`ps -ef | grep [m]collectived`, `tail -30 ${f.nodeLog}`],
			);
		case 'daemon-process': {
			if (d.running === true && str(d.configArg))
				return make(
					'F2',
					[
						failed.evidence,
						`mcollectived runs with --config=${str(d.configArg)}, the wizard wrote ${f.serverConfig}`,
					],
					[`# make the service use ${f.serverConfig}, then`, f.serviceRestart],
					['ps -ef | grep [m]collectived'],
				);
			const evs = events(failed);
			if (evs.length > 0) return diagnoseNodeLog(failed, f);
			return make(
				'F10',
				[failed.evidence],
				[f.serviceRestart, `tail -30 ${f.nodeLog}`],
				[`ps -ef | grep [m]collectived`, `tail -30 ${f.nodeLog}`],
			);
		}
		case 'node-log':
			return diagnoseNodeLog(failed, f);
		case 'self-request':
			return diagnoseSelfRequest(failed, f);
		case 'ping-nodes': {
			const probe = d.probe as ProbeFacts | undefined;
			if (probe && probe.outcome !== 'connected' && probe.outcome !== 'error')
				return diagnoseProbe({...failed, data: probe}, f);
			return diagnoseSilence(failed, f);
		}
		case 'clock-offset': {
			// the broker went away between ping-nodes and this rung: diagnose the connection
			const probe = d.probe as ProbeFacts | undefined;
			if (probe && probe.outcome !== 'connected' && probe.outcome !== 'error')
				return diagnoseProbe({...failed, data: probe}, f);
			return make(
				'F14',
				[failed.evidence],
				[f.platform === 'scl' ? 'service ntpd start' : 'systemctl enable --now chronyd', f.serviceRestart],
				['date -u +%s   # on the client and on each node'],
				offsetClock(d.offsets),
			);
		}
		case 'packages': {
			const missing = (d.missing as string[] | undefined) ?? [];
			const clientSide = missing.some((p) => /msg-broker|client/.test(p));
			return make(
				clientSide ? 'F20' : 'F17',
				[`missing: ${missing.join(', ')}`],
				[`yum install -y ${missing.join(' ')}`, ...(clientSide ? [] : [f.serviceRestart])],
				[`rpm -q ${missing.join(' ')}`],
			);
		}
		case 'agent-inventory':
			return diagnoseAgent(failed, f);
		case 'agent-files':
		case 'agent-load':
		case 'agent-self':
			return diagnoseAgentOnNode(failed, f);
		case 'echo':
			return diagnoseEcho(failed, f);
		default:
			return make(step === 'client' ? 'F1' : 'F10', [failed.evidence], []);
	}
}
