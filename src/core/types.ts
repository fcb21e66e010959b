/**
 * The shared vocabulary of the wizard: landmarks, ingredients, checks, diagnoses.
 * Pure types only; every layer (core, io, screens, commands) speaks these.
 */

/**
 * The landmarks in order: the seed's five, and `activemq` (the message broker host, which the
 * seed's part 1 set up before its landmark 2) right after the ingredients it is rendered from.
 */
export const LANDMARK_IDS = ['ingredients', 'activemq', 'client', 'server', 'e2e', 'agent'] as const;
export type LandmarkId = (typeof LANDMARK_IDS)[number];

/**
 * The three kinds of host the seed's procedure spans: the message broker (ActiveMQ, msg1), the
 * OpenShift broker (the MCollective client: client.cfg, `mco`) and a node (mcollectived,
 * server.cfg). One machine may hold several (the single-host lab holds all three).
 */
export const ROLE_IDS = ['message-broker', 'client', 'node'] as const;
export type Role = (typeof ROLE_IDS)[number];

/** `activemq` is what MCollective 2.3+ needs; `stomp` is the seed's (gone since 2.3); `rabbitmq`. */
export type Connector = 'activemq' | 'stomp' | 'rabbitmq';

/** plain: /etc/mcollective; scl: RHEL/CentOS 6 Software Collection /opt/rh/ruby193/root/etc/mcollective. */
export type Platform = 'plain' | 'scl';

/** Everything the seed's Ingredients table and host lists name. Secrets are plain here; redact on output. */
export type Ingredients = {
	readonly brokerHost: string;
	readonly stompPort: number;
	readonly topicUser: string;
	readonly topicPassword: string;
	readonly adminPassword: string;
	readonly psk: string;
	readonly connector: Connector;
	/** All collectives; the first is main_collective. */
	readonly collectives: readonly string[];
	readonly clientHost: string;
	/** Node identities expected to answer a ping. */
	readonly nodeIdentities: readonly string[];
	readonly platform: Platform;
};

/** Keys of Ingredients that hold secrets: masked on screen, redacted in logs/JSON/reports. */
export const SECRET_FIELDS = ['topicPassword', 'adminPassword', 'psk'] as const satisfies ReadonlyArray<
	keyof Ingredients
>;

/** The outcome of one rung of a landmark's ladder. */
export type CheckResult = {
	/** The check id as declared in steps/. */
	readonly id: string;
	readonly ok: boolean;
	/** Wall time of the check in milliseconds. */
	readonly ms: number;
	/** One line saying what was seen (never a secret in clear). */
	readonly evidence: string;
	/** Structured facts for diagnosis (error codes, ERROR frame text, log lines...). */
	readonly data?: Readonly<Record<string, unknown>>;
	/** True when the check did not run (earlier rung failed, or not applicable here). */
	readonly skipped?: boolean;
};

/** A cause that the evidence of this run leaves possible, and why. */
export type DiagnosisCandidate = {readonly id: `F${number}`; readonly why: string};

/** The one command that decides between the candidates, and the host it must run on. */
export type DecidingCommand = {
	/** Which host: 'this host', or a role/identity such as the node (`node1.example.com`). */
	readonly host: string;
	readonly command: string;
};

/**
 * A failure-catalogue entry matched by evidence (its title and lesson: content/debug/<id>.md), or,
 * when this host's evidence cannot prove one entry, the entries that remain and the command on
 * the other host that decides. `evidence` holds only what this run observed; `notObserved` says
 * what it could not see here (so nobody reads an absent file as "nothing in it").
 */
/**
 * Which clock the evidence shows off (F14): a node AHEAD of the client finds its requests too old
 * ("seconds old" in its log, or it answers a request dated in the future); a node BEHIND the
 * broker stamps replies that expire before they reach the client (ActiveMQ.Advisory.Expired).
 */
export type ClockSkew = 'node-ahead' | 'node-behind';

export type Diagnosis = {
	/** Catalogue id, `F1`..`F30`: set only when the evidence proves this one entry. */
	readonly id?: `F${number}`;
	/** Without an id: the debugging step for the undecided case (content/debug/<undecided>.md). */
	readonly undecided?: `undecided-${string}`;
	/**
	 * Without an id, and decided: what failed is in no catalogue entry (the `mco` program missing
	 * here); its lesson is content/debug/<uncatalogued>.md. Never set with `undecided`.
	 */
	readonly uncatalogued?: `uncatalogued-${string}`;
	/** F14: which clock this run's evidence shows off; absent when it does not say. */
	readonly clock?: ClockSkew;
	/**
	 * With clock: the host whose clock it was compared against — the node itself (its request to its
	 * own identity) or, absent, the client's. The lesson's words differ (`## <clock> on the node`).
	 */
	readonly clockSeenOn?: 'node';
	/**
	 * A node connected since its last start that lost its broker and is still reconnecting (its
	 * last failed attempt, the broker it aims at, whether that broker accepted a connect from the node host).
	 */
	readonly lostBroker?: {readonly attempt: number; readonly broker: string; readonly accepts?: boolean};
	/**
	 * The cause in one sentence as this run's evidence tells it (the lesson's `## <clock>` words),
	 * shown instead of the lesson's general cause sentence; absent: the lesson's.
	 */
	readonly cause?: string;
	/** What was seen that points here (secrets as fingerprints only). */
	readonly evidence: readonly string[];
	/** What this run could NOT observe on this host (a node log absent, no server.cfg here, no /proc). */
	readonly notObserved?: readonly string[];
	/** Without an id: the causes that remain possible (with an id: absent). */
	readonly candidates?: readonly DiagnosisCandidate[];
	/** Without an id: the command that decides, on the host where the deciding evidence lives. */
	readonly decide?: DecidingCommand;
	/** Exact commands or edits that repair it, for this platform. */
	readonly fix: readonly string[];
	/** Checks (commands) that tell this cause apart from its neighbours. */
	readonly distinguishing?: readonly string[];
};

/** The lesson/debugging step a diagnosis opens: its catalogue id, or its undecided step. */
export function diagnosisLesson(d: Diagnosis): string {
	return d.id ?? d.undecided ?? d.uncatalogued ?? 'undecided';
}

/** What `check --json` prints for one landmark. */
export type LandmarkReport = {
	readonly step: LandmarkId;
	readonly ok: boolean;
	readonly checks: readonly CheckResult[];
	readonly diagnosis: Diagnosis | null;
};

/**
 * Where things live on THIS machine (the answers file's optional `[system]` section). Every
 * field is optional: a missing one means "derive it" (configDir from the platform, clientConfig
 * from configDir, nodeLog from server.cfg's logfile, ...).
 */
export type SystemSettings = {
	/** Where client.cfg/server.cfg are written and read. */
	readonly configDir?: string;
	/** Explicit client.cfg path (else configDir/client.cfg). */
	readonly clientConfig?: string;
	/** Explicit server.cfg path (else configDir/server.cfg). */
	readonly serverConfig?: string;
	/** mcollectived's log (else server.cfg's logfile). */
	readonly nodeLog?: string;
	/** Plugin directory written to both files. */
	readonly libdir?: string;
	/** server.cfg identity (else the first node identity). */
	readonly identity?: string;
	/** Command the wizard shows and, after confirmation, runs to restart mcollectived. */
	readonly serviceRestart?: string;
	/** The real client binary, if present. */
	readonly mco?: string;
	/** activemq.xml on the message broker host (else the running broker's, else the usual paths). */
	readonly activemqXml?: string;
	/** activemq.log (else `<activemq.data>/activemq.log` of the running broker). */
	readonly activemqLog?: string;
	/** This host's roles (`role = node` or `client,node`): set, not detected. */
	readonly role?: readonly Role[];
};
