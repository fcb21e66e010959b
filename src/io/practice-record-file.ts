/**
 * The practice record on disk: <practice dir>/practice-record.json (mode 0600, atomic), so a
 * learner who quits and resumes keeps what they met. An unreadable file starts a fresh record.
 */
import {readFile} from 'node:fs/promises';
import {emptyRecord, type PracticeEncounter, type PracticeRecord} from '../core/practice-record.js';
import {LANDMARK_IDS} from '../core/types.js';
import {writeFileAtomic} from './config-files.js';

export async function loadPracticeRecord(path: string, scenario: string): Promise<PracticeRecord> {
	let parsed: unknown;
	try {
		parsed = JSON.parse(await readFile(path, 'utf8'));
	} catch {
		return emptyRecord(scenario);
	}
	const record = parsed as {scenario?: unknown; met?: unknown};
	// a record of another scenario is not this exercise's
	if (record.scenario !== scenario || !Array.isArray(record.met)) return emptyRecord(scenario);
	const met = record.met.filter(
		(m): m is PracticeEncounter =>
			typeof m?.id === 'string' &&
			/^F\d+$/.test(m.id) &&
			LANDMARK_IDS.includes(m.landmark) &&
			typeof m.fixed === 'boolean',
	);
	return {scenario, met};
}

export async function savePracticeRecord(path: string, record: PracticeRecord): Promise<void> {
	await writeFileAtomic(path, `${JSON.stringify(record, null, 2)}\n`, 0o600);
}
