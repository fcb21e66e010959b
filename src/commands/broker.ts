import type {BrokerHostReport} from '../checks/broker.js';
import {completeIngredients, withDefaults} from '../core/ingredients.js';
import {redact, redactDeep} from '../core/secrets.js';
import {SECRET_FIELDS} from '../core/types.js';
import type {ActivemqWritePlan} from '../io/activemq-file.js';
import {loadAnswers} from '../io/answers-file.js';
import {type CheckIO, nodeCheckIO} from '../io/check-io.js';
import {passphraseSource} from '../io/passphrase.js';
import {formatReport} from './check.js';

export type BrokerOptions = {
	readonly answers: string;
	readonly activemqXml?: string;
	readonly bind: string;
	readonly write?: boolean;
	readonly check?: boolean;
	readonly json?: boolean;
	readonly log?: string;
	readonly remoteClients?: boolean;
	readonly timeout: number;
	readonly passphraseFile?: string;
};

/** What --check touches the machine through (tests give a fake JVM and a hostile broker). */
export type BrokerDeps = {readonly io: CheckIO};

export async function runBroker(
	opts: BrokerOptions,
	out: (text: string) => void,
	err: (text: string) => void,
	deps: BrokerDeps = {io: nodeCheckIO},
): Promise<number> {
	// imported when run, not when registered: the XML parser costs ~150 ms at every start-up
	const [{runBrokerHostChecks}, {brokerWants}, {applyActivemqXml, findActivemqXml, planActivemqXml}] =
		await Promise.all([
			import('../checks/broker.js'),
			import('../core/activemq-xml/render.js'),
			import('../io/activemq-file.js'),
		]);
	const answers = await loadAnswers(opts.answers, {
		passphrase: passphraseSource(opts.passphraseFile, `Passphrase of ${opts.answers}: `),
	});
	const ingredients = completeIngredients(withDefaults(answers.ingredients));
	if (answers.errors.length || !ingredients) {
		err(
			`mco-wizard broker: the answers in ${opts.answers} cannot be used: ${answers.errors.join('; ') || 'incomplete (the topic and admin passwords are needed)'}\n`,
		);
		return 2;
	}
	const secrets = SECRET_FIELDS.map((k) => ingredients[k]);
	const path = opts.activemqXml ?? (await findActivemqXml());
	const lines: string[] = [];
	let written: unknown;
	let planned: ActivemqWritePlan;
	try {
		planned = await planActivemqXml(path, brokerWants(ingredients, opts.bind));
	} catch (error) {
		err(`mco-wizard broker: ${error instanceof Error ? error.message : String(error)}\n`);
		return 2;
	}
	lines.push(
		planned.plan.changed
			? `${path}: ${planned.changes.length} change(s)`
			: `${path}: already as MCollective needs`,
		...planned.changes.map((c) => `  ${c}`),
		...planned.notes.map((n) => `  NOTE: ${n}`),
	);
	if (planned.plan.diff) lines.push('', planned.plan.diff);
	if (opts.write && planned.plan.changed) {
		const r = await applyActivemqXml(planned);
		written = r;
		lines.push(
			`Wrote ${planned.plan.target} (mode ${r.mode.toString(8)})${r.backupPath ? `, backup ${r.backupPath}` : ''}.`,
			'ActiveMQ reads it only at start: systemctl restart activemq (or: service activemq restart), then --check.',
		);
	}
	let ok = true;
	let report: BrokerHostReport | undefined;
	if (opts.check) {
		report = await runBrokerHostChecks(
			{io: deps.io, ingredients, system: answers.system, timeoutMs: opts.timeout * 1000},
			{
				activemqXml: path,
				...(opts.log ? {log: opts.log} : {}),
				...(opts.remoteClients ? {remoteClients: true} : {}),
				...(opts.json ? {} : {onProgress: (id, phase) => (phase === 'start' ? err(`… ${id}\n`) : undefined)}),
			},
		);
		ok = report.ok;
		lines.push('', formatReport(report));
	}
	// redacted before encoding: JSON escaping would hide a secret's `"` or `\` from redact
	const text = opts.json
		? JSON.stringify(
				redactDeep(
					{
						file: path,
						changed: planned.plan.changed,
						changes: planned.changes,
						notes: planned.notes,
						diff: planned.plan.diff,
						...(written ? {written} : {}),
						...(report
							? {
									ok: report.ok,
									checks: report.checks.map((c) => ({id: c.id, ok: c.ok, ms: c.ms, evidence: c.evidence})),
									diagnosis: report.diagnosis,
								}
							: {}),
					},
					secrets,
				),
			)
		: redact(lines.join('\n'), secrets);
	out(`${text}\n`);
	return ok ? 0 : 1;
}
