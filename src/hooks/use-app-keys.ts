/**
 * The keys that work on every screen (map, skip, back, retry, quit) and the map's selection. Keys
 * read the latest render through a ref: Ink re-binds handlers only after React's passive effects
 * run, and a fast typist (or a paste) can send the next key before that.
 */
import {useInput} from 'ink';
import {type Dispatch, useState} from 'react';
import type {LandmarkStep} from '../../steps/index.js';
import type {WizardEvent, WizardState} from '../core/machine.js';
import {useLatest} from './use-latest.js';

export type AppKeysInput = {
	readonly state: WizardState;
	readonly dispatch: Dispatch<WizardEvent>;
	readonly now: () => number;
	/** A form owns the letters (Esc there opens the map through the form). */
	readonly typing: boolean;
	/** The debug view owns r and b. */
	readonly debugShown: boolean;
	readonly screen: string;
	readonly isActive: boolean;
	/** The landmarks this run walks (the map lists them). */
	readonly steps: readonly LandmarkStep[];
};

export function useAppKeys(input: AppKeysInput) {
	const [mapIndex, setMapIndex] = useState(0);
	const latest = useLatest({...input, mapIndex});
	const {dispatch} = input;

	const openMap = () => {
		const here = latest.current.steps.findIndex((s) => s.id === latest.current.state.current);
		setMapIndex(Math.max(here, 0));
		dispatch({type: 'toggle-map'});
	};

	useInput(
		(text, key) => {
			const input = text;
			const {state, mapIndex, typing, debugShown, screen, now, steps} = latest.current;
			if (key.ctrl && input === 'c') return dispatch({type: 'quit'});
			if (state.mapOpen) {
				if (key.upArrow) return setMapIndex((i) => Math.max(i - 1, 0));
				if (key.downArrow) return setMapIndex((i) => Math.min(i + 1, steps.length - 1));
				const target = steps[mapIndex];
				if (key.return && target) return dispatch({type: 'goto', landmark: target.id});
				if (key.escape || input === 'm') return dispatch({type: 'toggle-map'});
				if (input === 'q') return dispatch({type: 'quit'});
				return;
			}
			if (state.pendingSkip) {
				if (input === 's') return dispatch({type: 'skip', at: now()});
				return dispatch({type: 'cancel'});
			}
			if (typing) return;
			if (key.escape) return dispatch({type: 'cancel'});
			if (input === 'm') return openMap();
			if (input === 'q') return dispatch({type: 'quit'});
			if (input === 's') return dispatch({type: 'skip', at: now()});
			if (debugShown) return;
			if (input === 'b') return dispatch({type: 'back'});
			if (input === 'r' && screen === 'checks') return dispatch({type: 'retry'});
		},
		{isActive: input.isActive},
	);

	return {mapIndex, openMap};
}
