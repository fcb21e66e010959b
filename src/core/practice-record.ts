/**
 * The practice record: which debugging screens (catalogue entries) a learner met on the practice
 * range, and which of them they fixed (the same landmark's checks went green afterwards). Pure:
 * src/io/practice-record-file.ts keeps it in the private practice directory.
 */
import type {LandmarkId, LandmarkReport} from './types.js';

/** One debugging screen met: catalogue id, the landmark it stopped, fixed or still open. */
export type PracticeEncounter = {
	readonly id: string;
	readonly landmark: LandmarkId;
	readonly fixed: boolean;
};

export type PracticeRecord = {
	/** The scenario the range staged (hidden from the learner when picked at random). */
	readonly scenario: string;
	readonly met: readonly PracticeEncounter[];
};

export function emptyRecord(scenario: string): PracticeRecord {
	return {scenario, met: []};
}

/**
 * A finished check run: a failure with a diagnosis is a debugging screen met (once per landmark
 * and id until fixed); a green run fixes every open encounter of its landmark.
 */
export function recordRun(record: PracticeRecord, report: LandmarkReport): PracticeRecord {
	if (report.ok) {
		if (!record.met.some((m) => m.landmark === report.step && !m.fixed)) return record;
		return {
			...record,
			met: record.met.map((m) => (m.landmark === report.step ? {...m, fixed: true} : m)),
		};
	}
	const id = report.diagnosis?.id;
	if (!id) return record;
	if (record.met.some((m) => m.id === id && m.landmark === report.step && !m.fixed)) return record;
	return {...record, met: [...record.met, {id, landmark: report.step, fixed: false}]};
}
