/**
 * The wizard's warnings in words, from content/wizard.md (and content/roles.md for a landmark
 * proven on another host). Pure: the caller passes the markdown. The machine (machine.ts) says
 * only which landmarks are open; this module knows this host's roles, so a landmark another host
 * proves is never "not verified" here: it gets one calm note with the command to check it there.
 * Likewise a landmark the practice range provides (its ingredients) is never a warning.
 */
import type {LandmarkStep} from '../../steps/types.js';
import {wordsFor} from './content-words.js';
import type {WizardWarning} from './machine.js';
import {isHere, runOn} from './role.js';
import {elsewhereValues} from './role-text.js';
import type {Ingredients, LandmarkId, Role} from './types.js';

/** content/wizard.md */
export const WIZARD_CONTENT = 'wizard';

/** The sections of content/wizard.md the code reads (test/steps-content.test.ts keeps them present). */
export const WIZARD_SECTIONS = [
	'confirm-skip',
	'unverified',
	'unverified-item',
	'unverified-item-state',
	'state-failed',
	'state-skipped',
	'not-saved',
	'form-title',
	'form-intro',
	'gate-title-secrets',
	'gate-title',
	'gate-intro-secrets',
	'incomplete',
	'practice-again',
	'given-by-range',
] as const;

export type WizardSection = (typeof WIZARD_SECTIONS)[number];

/** Section `name` of content/wizard.md, filled in. */
export function wizardWords(
	words: string,
	name: WizardSection,
	values: Readonly<Record<string, string | number>> = {},
): string {
	return wordsFor(words, name, values);
}

export type WarningContext = {
	/** content/wizard.md */
	readonly words: string;
	/** content/roles.md */
	readonly roleWords: string;
	readonly steps: readonly LandmarkStep[];
	/** This host's roles; empty: every landmark is here. */
	readonly roles: readonly Role[];
	readonly ingredients: Partial<Ingredients>;
	readonly hostname: string;
	/** The answers file to carry (named in the command for the other host). */
	readonly answersPath?: string;
	/** Landmarks something other than the learner provides (the practice range: RANGE_GIVES). */
	readonly given?: readonly LandmarkId[];
};

/**
 * What the practice range provides: it writes the answers file with every ingredient, as on a
 * host someone else set up, so a scenario starts at landmark 2 with landmark 1 never walked.
 */
export const RANGE_GIVES: readonly LandmarkId[] = ['ingredients'];

/** What to show above the screen: warnings (⚠) and calm notes. */
export type WarningLines = {readonly warnings: readonly string[]; readonly notes: readonly string[]};

const NONE: WarningLines = {warnings: [], notes: []};

export function warningLines(warning: WizardWarning | null, ctx: WarningContext): WarningLines {
	if (!warning) return NONE;
	const stepOf = (id: string) => ctx.steps.find((s) => s.id === id);
	if (warning.kind === 'confirm-skip') {
		const step = stepOf(warning.step);
		return {
			warnings: [
				wizardWords(ctx.words, 'confirm-skip', {number: step?.number ?? '', title: step?.title ?? ''}),
			],
			notes: [],
		};
	}
	const target = stepOf(warning.at);
	// The screen of a landmark that runs elsewhere runs no check here: nothing here can fail for an earlier one.
	if (!target || !isHere(target, ctx.roles)) return NONE;
	const open = warning.open.flatMap((o) => {
		const step = stepOf(o.id);
		return step ? [{step, state: o.state}] : [];
	});
	const given = (o: {step: LandmarkStep}) => ctx.given?.includes(o.step.id) === true;
	const here = open.filter((o) => isHere(o.step, ctx.roles) && !given(o));
	const list = here
		.map(({step, state}) =>
			state === 'failed' || state === 'skipped'
				? wizardWords(ctx.words, 'unverified-item-state', {
						number: step.number,
						title: step.shortTitle,
						state: wizardWords(ctx.words, state === 'failed' ? 'state-failed' : 'state-skipped'),
					})
				: wizardWords(ctx.words, 'unverified-item', {number: step.number, title: step.shortTitle}),
		)
		.join(', ');
	// Said once: only on the first landmark of this host after the other host's one, not on every later one.
	const targetIndex = ctx.steps.indexOf(target);
	const previousHere = ctx.steps.slice(0, targetIndex).findLastIndex((s) => isHere(s, ctx.roles));
	const elsewhere = open.filter(
		(o) => !isHere(o.step, ctx.roles) && ctx.steps.indexOf(o.step) > previousHere,
	);
	// Said once too: on the landmark right after the one given.
	const givenNotes = open
		.filter((o) => given(o) && ctx.steps.indexOf(o.step) >= previousHere)
		.map(({step}) => wizardWords(ctx.words, 'given-by-range', {number: step.number, title: step.shortTitle}));
	return {
		warnings: list === '' ? [] : [wizardWords(ctx.words, 'unverified', {list})],
		notes: [
			...givenNotes,
			...elsewhere.map(({step}) => {
				const target = runOn(step, ctx.ingredients, {
					command: 'wizard',
					...(ctx.answersPath ? {answers: ctx.answersPath} : {}),
				});
				const values = elsewhereValues({
					markdown: ctx.roleWords,
					step,
					roles: ctx.roles,
					hostname: ctx.hostname,
					runOn: target,
					...(ctx.answersPath ? {answers: ctx.answersPath} : {}),
				});
				return wordsFor(ctx.roleWords, 'proven-elsewhere', values);
			}),
		],
	};
}
