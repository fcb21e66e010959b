// Runs every test file with node's own test runner and ends with node's summary plus a plain
// "N passed, N failed, N skipped" line that CI reads.
// Four phases: pure/unit tests in parallel, then the practice-range exercises one file at a time
// (each runs a whole range), then tests that drive the shared real lab
// (test/lab/, test/real/) one file at a time, because they switch faults on a single broker+node,
// then the three-host lab's tests (test/lab3/), one file at a time.
// Run as `node --import tsx scripts/test.mjs [filter...]`: child processes inherit --import tsx.
import {readdirSync, statSync} from 'node:fs';
import {join} from 'node:path';
import {run} from 'node:test';
import {spec} from 'node:test/reporters';

function walk(dir) {
	const out = [];
	for (const name of readdirSync(dir)) {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) out.push(...walk(path));
		else if (/\.test\.tsx?$/.test(name)) out.push(path);
	}
	return out.sort();
}

const filters = process.argv.slice(2);
const all = walk('test').filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)));
const isLab = (f) => /^test[/\\](lab|real)[/\\]/.test(f);
const isLab3 = (f) => /^test[/\\]lab3[/\\]/.test(f);
// Practice-range exercises each run a whole range whose node1 is a process named mcollectived:
// side by side, one exercise's daemon check would see another's node (F2 for F10), so they run
// one at a time, after the unit tests.
const isRange = (f) => /^test[/\\]practice[/\\](scenarios-fix-|practice-terminal)/.test(f);
const phases = [
	{files: all.filter((f) => !isLab(f) && !isLab3(f) && !isRange(f)), concurrency: true, timeout: 180_000},
	{files: all.filter(isRange), concurrency: 1, timeout: 180_000},
	{files: all.filter(isLab), concurrency: 1, timeout: 180_000},
	// the three-host lab (lab/hosts.sh): its own lock; a file switches several faults on and off
	{files: all.filter(isLab3), concurrency: 1, timeout: 600_000},
];

const totals = {passed: 0, failed: 0, skipped: 0};
for (const phase of phases) {
	if (phase.files.length === 0) continue;
	const stream = run({files: phase.files, concurrency: phase.concurrency, timeout: phase.timeout});
	stream.on('test:pass', (e) => {
		if (e.details?.type === 'suite') return;
		if (e.skip || e.todo) totals.skipped++;
		else totals.passed++;
	});
	stream.on('test:fail', (e) => {
		// a known gap (todo) that still fails is reported by the runner, not counted as a failure
		if (e.todo) {
			totals.skipped++;
			return;
		}
		if (e.details?.type === 'suite' && e.details?.error?.failureType === 'subtestsFailed') return;
		totals.failed++;
	});
	await new Promise((resolve) => {
		const out = stream.compose(spec);
		out.pipe(process.stdout, {end: false});
		out.on('end', resolve);
	});
}
if (all.length === 0) totals.failed++; // a run with no test is a failure, not a pass
console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exitCode = totals.failed > 0 ? 1 : 0;
