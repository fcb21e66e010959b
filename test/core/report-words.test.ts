/** The ticket report's labels are content/report.md's: a trainer changes them without code. */
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {readContent} from '../../src/content.js';
import {formatReport, REPORT_CONTENT, type ReportInput} from '../../src/core/report.js';

const input: ReportInput = {
	generatedAt: '2026-12-02T03:00:00Z',
	hostname: 'broker.infra.example.com',
	versions: [{name: 'mco', version: '2.12.5'}],
	files: [],
	pairLint: [],
	landmarks: [
		{
			id: 'e2e',
			status: 'failed',
			lastRun: {
				at: '2026-12-02T02:59:00Z',
				ok: false,
				checks: [{id: 'mco-ping', ok: false, ms: 5000, evidence: 'no reply'}],
				diagnosis: {
					id: null,
					evidence: ['no reply from node1'],
					candidates: [{id: 'F13', why: 'psk differs'}],
					decide: {host: 'node1', command: 'mco-wizard check --role node --step server'},
					fix: [],
				},
			},
		},
	],
	nodeLog: null,
};

describe('the report in content/report.md words', () => {
	it('labels come from the markdown', () => {
		const words = readContent(REPORT_CONTENT);
		const text = formatReport(input, [], words);
		assert.match(text, /^# mco-wizard report$/m);
		assert.match(text, /Diagnosis \*\*not decided here\*\*/);
		assert.match(text, /- still possible: F13 \(psk differs\)/);
		assert.match(text, /- decide on node1: `mco-wizard check --role node --step server`/);
		assert.match(text, /\| mco-ping \| FAIL \| 5000 \| no reply \|/);
		assert.match(text, /^No node log found\.$/m);
		const changed = words
			.replace('\nnot decided here\n', '\nnoch offen\n')
			.replace('\nNo node log found.\n', '\nKein Knotenprotokoll.\n');
		const other = formatReport(input, [], changed);
		assert.match(other, /Diagnosis \*\*noch offen\*\*/);
		assert.match(other, /^Kein Knotenprotokoll\.$/m);
	});
});
