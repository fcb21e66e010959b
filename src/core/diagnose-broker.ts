/**
 * Names the failure-catalogue entry the broker host's checks (src/checks/broker.ts) prove: F1
 * (not running / not listening where clients connect), F5 (the topic user's login rejected), F6
 * (logged in, refused the MCollective destinations), F8 (ActiveMQ not started with its config: the
 * log since its last start holds the errors). Only what this run saw is cited; no verdict when
 * the evidence does not single one out.
 */
import type {LintFinding} from './mco-config/lint.js';
import type {CheckResult, Diagnosis, Ingredients} from './types.js';

const RULE_ENTRY: Readonly<Record<string, `F${number}`>> = {
	'amq-no-broker': 'F8',
	'amq-no-stomp': 'F1',
	'amq-stomp-port': 'F1',
	'amq-stomp-loopback': 'F1',
	'amq-user-missing': 'F5',
	'amq-user-password': 'F5',
	'amq-user-no-groups': 'F6',
	'amq-authz-topic': 'F6',
	'amq-authz-queue': 'F6',
	'amq-authz-advisory': 'F6',
};

const make = (
	id: `F${number}`,
	evidence: string[],
	fix: string[],
	distinguishing: string[] = [],
): Diagnosis => ({
	// the title is the heading of content/debug/<id>.md (steps/ and content/ own it)
	id,
	evidence: evidence.filter(Boolean),
	fix,
	distinguishing,
});

const RESTART = 'systemctl restart activemq   # or: service activemq restart';

type LogData = {
	path?: string;
	started?: boolean;
	errors?: string[];
	authFailedUsers?: string[];
	refused?: string[];
};

export function diagnoseBroker(
	checks: readonly CheckResult[],
	ingredients: Pick<Ingredients, 'topicUser' | 'stompPort'>,
): Diagnosis | null {
	const byId = new Map(checks.map((c) => [c.id, c]));
	// a live failure is the verdict; the file's lint only when everything live passed
	const live = checks.find((c) => !c.ok && !c.skipped && c.id !== 'amq-log' && c.id !== 'amq-config');
	const config = byId.get('amq-config');
	const failed = live ?? (config && !config.ok && !config.skipped ? config : undefined);
	const fromFile = live && config && !config.ok ? `activemq.xml: ${config.evidence}` : '';
	const log = byId.get('amq-log');
	const logData = (log?.skipped ? {} : (log?.data ?? {})) as LogData;
	const logErrors = logData.errors ?? [];
	const logLine = log && !log.skipped ? `broker log: ${log.evidence}` : '';
	const grepLog = logData.path ? [`grep -n 'ERROR\\|WARN' ${logData.path} | tail -20`] : [];
	const f8 = (what: string) =>
		make(
			'F8',
			[what, logLine, ...logErrors.slice(0, 3).map((e) => `log: ${e}`)],
			['Correct the line the log names in activemq.xml (mco-wizard lint activemq.xml), then:', RESTART],
			grepLog,
		);
	if (!failed)
		return log && !log.ok && logErrors.length ? f8('ActiveMQ logged errors since its last start') : null;
	const data = (failed.data ?? {}) as Record<string, unknown>;
	switch (failed.id) {
		case 'amq-process':
			// a start that failed leaves its reason in the log; no process and a clean log is plain "down"
			if (logErrors.length || logData.started === false) return f8(failed.evidence);
			return make(
				'F1',
				[failed.evidence, logLine],
				[RESTART, 'systemctl enable activemq'],
				['systemctl status activemq'],
			);
		case 'amq-config': {
			const findings = (data.findings ?? []) as LintFinding[];
			const first = findings.find((f) => f.severity === 'error');
			if (!first) return null; // unreadable file: nothing to name yet
			const id = RULE_ENTRY[first.rule];
			if (!id) return null;
			return make(
				id,
				[failed.evidence],
				[...(first.fix ? [first.fix] : []), RESTART],
				[`mco-wizard lint ${String(data.path ?? 'activemq.xml')}`],
			);
		}
		case 'amq-listen':
			if (data.notAsConfigured === true)
				return make(
					'F8',
					[failed.evidence, logLine],
					['ActiveMQ reads activemq.xml only at start:', RESTART],
					['ps -ef | grep activemq   # which file does it run with?'],
				);
			if (data.running === true && (logErrors.length || logData.started === false))
				return f8(`${failed.evidence}; ActiveMQ runs but did not open its STOMP port`);
			return make(
				'F1',
				[failed.evidence, fromFile, logLine],
				data.loopbackOnly
					? [
							'Bind the STOMP transportConnector to 0.0.0.0 or this host’s address in activemq.xml, then:',
							RESTART,
						]
					: [RESTART],
				[`ss -ltnp | grep ${ingredients.stompPort}`],
			);
		case 'amq-login':
			if (data.outcome === 'auth-rejected')
				return make(
					'F5',
					[
						failed.evidence,
						fromFile,
						...(logData.authFailedUsers?.length
							? [`broker log: login rejected for ${logData.authFailedUsers.join(', ')}`]
							: []),
					],
					[
						`Set the password of ${ingredients.topicUser} in activemq.xml to the topic password (mco-wizard renders it), then:`,
						RESTART,
					],
					['simpleAuthenticationPlugin is read only at start-up: was ActiveMQ restarted after the edit?'],
				);
			if (data.outcome === 'refused' || data.outcome === 'timeout')
				return make('F1', [failed.evidence], [RESTART], [`ss -ltnp | grep ${ingredients.stompPort}`]);
			return null;
		case 'amq-authorized':
			if (data.outcome !== 'not-authorized') return null;
			return make(
				'F6',
				[failed.evidence, fromFile, ...(logData.refused ?? []).map((r) => `broker log: ${r}`)],
				[
					`Give group mcollective read, write and admin on the topics AND queues ${'`<collective>.>`'} and everyone on ActiveMQ.Advisory.> (mco-wizard renders them), then:`,
					RESTART,
				],
				[`grep 'not authorized' ${logData.path ?? 'activemq.log'}`],
			);
		default:
			return null;
	}
}
