import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {type CheckRunAction, IDLE_RUN, reduceCheckRun} from '../../src/core/check-run.js';
import type {CheckResult, LandmarkReport} from '../../src/core/types.js';

const ok = (id: string): CheckResult => ({id, ok: true, ms: 5, evidence: `${id} fine`});
const bad = (id: string): CheckResult => ({id, ok: false, ms: 7, evidence: `${id} broken`});
const run = (...actions: CheckRunAction[]) => actions.reduce(reduceCheckRun, IDLE_RUN);
const ORDER = ['server-lint', 'service-start', 'daemon-process', 'node-log'];
const failedReport: LandmarkReport = {
	step: 'server',
	ok: false,
	checks: [ok('server-lint'), {...ok('service-start'), skipped: true}, bad('daemon-process')],
	diagnosis: {id: 'F10', evidence: ['no mcollectived process'], fix: ['systemctl restart mcollective']},
};

describe('check run reducer', () => {
	it('start → progress → done: rows follow the events, the report lands, the debug view opens on failure', () => {
		let s = run({type: 'start'});
		assert.equal(s.status, 'running');
		s = reduceCheckRun(s, {type: 'progress', event: {checkId: 'server-lint', phase: 'start'}, at: 1000});
		assert.deepEqual(s.rows['server-lint'], {phase: 'running', startedAt: 1000});
		s = reduceCheckRun(s, {
			type: 'progress',
			event: {checkId: 'server-lint', phase: 'done', result: ok('server-lint')},
			at: 1005,
		});
		assert.deepEqual(s.rows['server-lint'], {phase: 'done', result: ok('server-lint')});
		s = reduceCheckRun(s, {type: 'done', report: failedReport, openDebug: true});
		assert.equal(s.status, 'finished');
		assert.equal(s.report, failedReport);
		assert.equal(s.debugOpen, true);
		assert.deepEqual(s.rows['daemon-process'], {phase: 'done', result: bad('daemon-process')});
		s = reduceCheckRun(s, {type: 'close-debug'});
		assert.equal(s.debugOpen, false);
		assert.equal(reduceCheckRun(s, {type: 'toggle-debug'}).debugOpen, true);
	});

	it('a passing run or onFail other than debug leaves the debug view closed; toggle needs a failure', () => {
		const passed: LandmarkReport = {step: 'server', ok: true, checks: ORDER.map(ok), diagnosis: null};
		const s = run({type: 'start'}, {type: 'done', report: passed, openDebug: true});
		assert.equal(s.debugOpen, false);
		assert.equal(reduceCheckRun(s, {type: 'toggle-debug'}).debugOpen, false);
		assert.equal(
			run({type: 'start'}, {type: 'done', report: failedReport, openDebug: false}).debugOpen,
			false,
		);
	});

	it('confirm-asked shows the command until it is answered; a finished run forgets it', () => {
		let s = run({type: 'start'}, {type: 'confirm-asked', command: 'systemctl restart mcollective'});
		assert.equal(s.confirm, 'systemctl restart mcollective');
		s = reduceCheckRun(s, {type: 'confirm-answered'});
		assert.equal(s.confirm, null);
		s = run(
			{type: 'start'},
			{type: 'confirm-asked', command: 'x'},
			{type: 'done', report: failedReport, openDebug: false},
		);
		assert.equal(s.confirm, null);
		assert.equal(run({type: 'confirm-asked', command: 'x'}).confirm, null, 'no question without a run');
	});

	it('retry keeps the rows before the rung it starts at and drops the rest', () => {
		const s = run(
			{type: 'start'},
			{type: 'done', report: failedReport, openDebug: true},
			{type: 'retry', from: 'service-start', order: ORDER},
		);
		assert.equal(s.status, 'running');
		assert.equal(s.debugOpen, false);
		assert.equal(s.report, null);
		assert.deepEqual(Object.keys(s.rows), ['server-lint']);
		assert.deepEqual(
			Object.keys(
				run({type: 'start'}, {type: 'done', report: failedReport, openDebug: false}, {type: 'start'}).rows,
			),
			[],
		);
	});

	it('abort stops a run: its late progress, result or crash change nothing', () => {
		const aborted = run({type: 'start'}, {type: 'confirm-asked', command: 'x'}, {type: 'abort'});
		assert.equal(aborted.status, 'idle');
		assert.equal(aborted.confirm, null);
		assert.equal(
			reduceCheckRun(aborted, {type: 'progress', event: {checkId: 'node-log', phase: 'start'}, at: 1}),
			aborted,
		);
		assert.equal(reduceCheckRun(aborted, {type: 'done', report: failedReport, openDebug: true}), aborted);
		assert.equal(reduceCheckRun(aborted, {type: 'crashed', error: 'boom'}), aborted);
	});

	it("a note updates a running row's live line and keeps its start; a late note is dropped", () => {
		let s = run({type: 'start'}, {type: 'progress', event: {checkId: 'node-log', phase: 'start'}, at: 1000});
		const note = (text: string, at: number): CheckRunAction => ({
			type: 'progress',
			event: {checkId: 'node-log', phase: 'note', note: text},
			at,
		});
		s = reduceCheckRun(s, note('mcollectived is reconnecting (attempt 2)', 3000));
		assert.deepEqual(s.rows['node-log'], {
			phase: 'running',
			startedAt: 1000,
			note: 'mcollectived is reconnecting (attempt 2)',
		});
		s = reduceCheckRun(s, note('mcollectived is reconnecting (attempt 3)', 4000));
		assert.equal(
			s.rows['node-log']?.phase === 'running' && s.rows['node-log'].note,
			'mcollectived is reconnecting (attempt 3)',
		);
		s = reduceCheckRun(s, {
			type: 'progress',
			event: {checkId: 'node-log', phase: 'done', result: ok('node-log')},
			at: 5000,
		});
		assert.deepEqual(reduceCheckRun(s, note('late', 6000)), s);
		// a note for a rung that has not started does not start it
		assert.deepEqual(
			reduceCheckRun(s, {type: 'progress', event: {checkId: 'other', phase: 'note', note: 'x'}, at: 1}),
			s,
		);
	});

	it('a crash ends the run with its message', () => {
		const s = run({type: 'start'}, {type: 'crashed', error: 'ENOENT'});
		assert.equal(s.status, 'crashed');
		assert.equal(s.error, 'ENOENT');
	});
});
