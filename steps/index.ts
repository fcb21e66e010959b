/**
 * The ordered registry of the landmarks (the seed's five and the message broker host). The machine walks this list; nothing else in the
 * wizard hard-codes landmark order.
 */
import type {LandmarkId, Role} from '../src/core/types.js';
import {activemq} from './activemq.js';
import {agent} from './agent.js';
import {client} from './client.js';
import {e2e} from './e2e.js';
import {ingredients} from './ingredients.js';
import {server} from './server.js';
import type {LandmarkStep, StepCheck} from './types.js';

export type {LandmarkStep, StepCheck, StepScreen} from './types.js';

export const LANDMARK_STEPS: readonly LandmarkStep[] = [ingredients, activemq, client, server, e2e, agent];

/**
 * The landmarks the practice range walks: all but the message broker host's. The range's embedded
 * STOMP broker stands in for ActiveMQ on msg1; it has no activemq.xml to write or check, and the
 * wizard on a range must never touch a real broker's file.
 */
export const PRACTICE_STEPS: readonly LandmarkStep[] = LANDMARK_STEPS.filter((s) => s.id !== 'activemq');

/** The step for a landmark id (every LandmarkId has one; the steps-content test keeps it so). */
export function stepFor(id: LandmarkId): LandmarkStep {
	const step = LANDMARK_STEPS.find((s) => s.id === id);
	if (!step) throw new Error(`steps/: no landmark step for ${id}`);
	return step;
}

/**
 * The rungs of `step` that run on a host with `roles`, in ladder order. Roles not known (empty or
 * absent): the rungs of the landmark's home host (its first role), as before rungs had roles.
 */
export function checksHere(step: LandmarkStep, roles?: readonly Role[]): readonly StepCheck[] {
	const mine = roles && roles.length > 0 ? roles : step.roles.slice(0, 1);
	return step.checks.filter((c) => !c.roles || c.roles.some((r) => mine.includes(r)));
}
