/**
 * The ordered registry of the landmarks (the seed's five and the message broker host). The machine walks this list; nothing else in the
 * wizard hard-codes landmark order.
 */
import type {LandmarkId} from '../src/core/types.js';
import {activemq} from './activemq.js';
import {agent} from './agent.js';
import {client} from './client.js';
import {e2e} from './e2e.js';
import {ingredients} from './ingredients.js';
import {server} from './server.js';
import type {LandmarkStep} from './types.js';

export type {LandmarkStep, StepCheck, StepScreen} from './types.js';

export const LANDMARK_STEPS: readonly LandmarkStep[] = [ingredients, activemq, client, server, e2e, agent];

/** The step for a landmark id (every LandmarkId has one; the steps-content test keeps it so). */
export function stepFor(id: LandmarkId): LandmarkStep {
	const step = LANDMARK_STEPS.find((s) => s.id === id);
	if (!step) throw new Error(`steps/: no landmark step for ${id}`);
	return step;
}
