import {useEffect, useReducer, useRef, useState} from 'react';
import {LANDMARK_STEPS, type LandmarkStep} from '../../steps/index.js';
import {type Position, reduce, type Statuses, type WizardEvent, type WizardState} from '../core/machine.js';
import type {Ingredients} from '../core/types.js';

/** What is written to the progress file after every step (the io layer decides the format). */
export type ProgressSnapshot = {
	readonly position: Position;
	readonly statuses: Statuses;
	readonly ingredients: Partial<Ingredients>;
	/** Keep secrets in the (0600) progress file; false: they are asked again on resume. */
	readonly saveSecrets: boolean;
};

export type Persist = (snapshot: ProgressSnapshot) => Promise<void>;

/**
 * The machine plus persistence: every change of position, statuses, ingredients or the
 * save-secrets answer is written before anything else happens; quitting waits for the last write.
 */
export function useWizard(
	initial: WizardState,
	initialIngredients: Partial<Ingredients>,
	persist: Persist,
	saveSecretsAtStart: boolean | undefined,
	steps: readonly LandmarkStep[] = LANDMARK_STEPS,
) {
	const [state, dispatch] = useReducer((s: WizardState, e: WizardEvent) => reduce(s, e, steps), initial);
	const [ingredients, setIngredients] = useState(initialIngredients);
	const [saveSecrets, setSaveSecrets] = useState(saveSecretsAtStart);
	const [saveError, setSaveError] = useState<string | null>(null);
	// Writes are chained so an older snapshot never lands after a newer one; each link resolves
	// to the error of its write (null when it was saved).
	const chain = useRef<Promise<string | null>>(Promise.resolve(null));

	useEffect(() => {
		const snapshot: ProgressSnapshot = {
			position: state.current,
			statuses: state.statuses,
			ingredients,
			saveSecrets: saveSecrets === true,
		};
		chain.current = chain.current.then(() =>
			persist(snapshot).then(
				() => {
					setSaveError(null);
					return null;
				},
				(error: unknown) => {
					const message = error instanceof Error ? error.message : String(error);
					setSaveError(message);
					return message;
				},
			),
		);
	}, [state.current, state.statuses, ingredients, saveSecrets, persist]);

	/** Resolves when every write so far has landed, with the last one's error (null: saved). */
	const flush = () => chain.current;
	return {state, dispatch, ingredients, setIngredients, saveSecrets, setSaveSecrets, saveError, flush};
}
