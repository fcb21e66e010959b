/**
 * The Ingredients form as a reducer (pure: raw text per field, which field is active, which were
 * visited) plus the key bindings that drive it, the ink-ui pattern of use-x-state + use-x.
 * Values are kept as typed; src/core/ingredients.ts validates and parses them.
 */
import {useInput} from 'ink';
import {useEffect, useReducer, useRef} from 'react';
import {
	formatField,
	INGREDIENT_FIELDS,
	type IngredientField,
	type IngredientKey,
	parseField,
	validateField,
} from '../core/ingredients.js';
import {generateSecret} from '../core/secrets.js';
import type {Ingredients} from '../core/types.js';
import {type BurstKey, isKeyBurst, splitKeyBurst} from './key-burst.js';

export type FormState = {
	readonly fields: readonly IngredientField[];
	readonly raw: Readonly<Partial<Record<IngredientKey, string>>>;
	readonly active: number;
	/** Fields the user has left or edited: their errors show. */
	readonly visited: ReadonlySet<IngredientKey>;
	/** Secrets the wizard generated (shown as such, still only as a fingerprint). */
	readonly generated: ReadonlySet<IngredientKey>;
	/** A submit was refused: show every error. */
	readonly showAll: boolean;
	/** Enter on the last field with every value valid: the hook hands the values over once. */
	readonly submitted: boolean;
};

export type FormAction =
	| {readonly type: 'insert'; readonly text: string}
	| {readonly type: 'delete'}
	| {readonly type: 'move'; readonly by: number}
	| {readonly type: 'cycle'; readonly by: number}
	| {readonly type: 'generate'; readonly secret: string}
	/** Enter: next field, or submit from the last one (refused, with every error shown, when invalid). */
	| {readonly type: 'enter'};

export function initialForm(values: Partial<Ingredients>, keys?: readonly IngredientKey[]): FormState {
	const fields = keys ? INGREDIENT_FIELDS.filter((f) => keys.includes(f.key)) : INGREDIENT_FIELDS;
	const raw: Partial<Record<IngredientKey, string>> = {};
	for (const field of fields) {
		const value = values[field.key];
		raw[field.key] =
			value === undefined
				? (field.default ?? field.choices?.[0]?.value ?? '')
				: formatField(field.key, value);
	}
	return {fields, raw, active: 0, visited: new Set(), generated: new Set(), showAll: false, submitted: false};
}

export function formErrors(state: FormState): Partial<Record<IngredientKey, string>> {
	const errors: Partial<Record<IngredientKey, string>> = {};
	for (const field of state.fields) {
		const error = validateField(field.key, state.raw[field.key] ?? '');
		if (error) errors[field.key] = error;
	}
	return errors;
}

/** The parsed values, or undefined while any field is invalid. */
export function formValues(state: FormState): Partial<Ingredients> | undefined {
	if (Object.keys(formErrors(state)).length > 0) return undefined;
	const out: Record<string, unknown> = {};
	for (const field of state.fields) out[field.key] = parseField(field.key, state.raw[field.key] ?? '');
	return out as Partial<Ingredients>;
}

export function reduceForm(state: FormState, action: FormAction): FormState {
	const field = state.fields[state.active];
	if (!field) return state;
	const value = state.raw[field.key] ?? '';
	const set = (next: string, extra: Partial<FormState> = {}): FormState => ({
		...state,
		raw: {...state.raw, [field.key]: next},
		visited: new Set(state.visited).add(field.key),
		...extra,
	});
	switch (action.type) {
		case 'insert': {
			// On a choice field space cycles; other text is ignored.
			if (field.kind === 'choice')
				return action.text === ' ' ? reduceForm(state, {type: 'cycle', by: 1}) : state;
			// Pasted text may carry a newline; a value never does.
			const text = action.text.replace(/[\r\n]/g, '');
			if (text === '') return state;
			const generated = new Set(state.generated);
			generated.delete(field.key);
			return set(value + text, {generated});
		}
		case 'delete': {
			if (field.kind === 'choice' || value === '') return state;
			const generated = new Set(state.generated);
			generated.delete(field.key);
			return set([...value].slice(0, -1).join(''), {generated});
		}
		case 'move': {
			const active = Math.min(Math.max(state.active + action.by, 0), state.fields.length - 1);
			return {...state, active, visited: new Set(state.visited).add(field.key)};
		}
		case 'cycle': {
			const choices = field.choices ?? [];
			if (choices.length === 0) return state;
			const index = choices.findIndex((c) => c.value === value);
			const next = choices[(index + action.by + choices.length) % choices.length];
			return next ? set(next.value) : state;
		}
		case 'generate': {
			if (!field.generatable) return state;
			return set(action.secret, {generated: new Set(state.generated).add(field.key)});
		}
		case 'enter': {
			if (state.active < state.fields.length - 1) return reduceForm(state, {type: 'move', by: 1});
			const errors = formErrors(state);
			if (Object.keys(errors).length === 0) return {...state, submitted: true};
			const first = state.fields.findIndex((f) => errors[f.key] !== undefined);
			return {...state, showAll: true, active: first < 0 ? state.active : first};
		}
	}
}

export type FormBindings = {
	readonly isActive: boolean;
	readonly onSubmit: (values: Partial<Ingredients>) => void;
	/** Esc: leave the form for the progress map. */
	readonly onEscape: () => void;
	/** Ctrl-G generates secrets (not when re-asking secrets that must match files already written). */
	readonly allowGenerate: boolean;
};

function burstAction(key: BurstKey): FormAction {
	switch (key.type) {
		case 'text':
			return {type: 'insert', text: key.text};
		case 'backspace':
			return {type: 'delete'};
		case 'enter':
			return {type: 'enter'};
		case 'tab':
			return {type: 'move', by: 1};
	}
}

/** Binds keys to the form: typing edits, ↑/↓/Tab move, ←/→ choose, Ctrl-G generates, Enter advances/submits. */
export function useIngredientsForm(
	initial: () => FormState,
	{isActive, onSubmit, onEscape, allowGenerate}: FormBindings,
) {
	const [state, dispatch] = useReducer(reduceForm, undefined, initial);
	// Submitting is decided in the reducer (it sees every key typed before Enter, even ones not
	// rendered yet); the values are handed over here, once.
	const submit = useRef(onSubmit);
	submit.current = onSubmit;
	useEffect(() => {
		if (!state.submitted) return;
		const values = formValues(state);
		if (values) submit.current(values);
	}, [state]);
	useInput(
		(input, key) => {
			if (key.escape) return onEscape();
			if (key.ctrl && input === 'c') return; // the app quits
			if (key.ctrl && input === 'g' && allowGenerate)
				return dispatch({type: 'generate', secret: generateSecret()});
			if (key.upArrow || (key.shift && key.tab)) return dispatch({type: 'move', by: -1});
			if (key.downArrow || key.tab) return dispatch({type: 'move', by: 1});
			if (key.leftArrow) return dispatch({type: 'cycle', by: -1});
			if (key.rightArrow) return dispatch({type: 'cycle', by: 1});
			if (key.return) return dispatch({type: 'enter'});
			if (key.backspace || key.delete) return dispatch({type: 'delete'});
			if (key.ctrl || key.meta || input === '') return;
			if (isKeyBurst(input)) {
				for (const burst of splitKeyBurst(input)) dispatch(burstAction(burst));
				return;
			}
			dispatch({type: 'insert', text: input});
		},
		{isActive},
	);
	return {state, errors: formErrors(state)};
}
