/**
 * The ingredients' names and one-line help, from content/ingredient-labels.md, so a trainer renames
 * a field without touching code. Pure: the caller passes the markdown.
 */
import {sectionText} from './content-words.js';
import {INGREDIENT_FIELDS, type IngredientKey} from './ingredients.js';

/** content/ingredient-labels.md */
export const INGREDIENT_WORDS_CONTENT = 'ingredient-labels';

/** The field's name as the form shows it (`Topic password`). */
export function fieldLabel(words: string, key: IngredientKey | string): string {
	return sectionText(words, key);
}

/** The one line under the form while the field has focus. */
export function fieldHelp(words: string, key: IngredientKey): string {
	return sectionText(words, `${key}-help`);
}

/** A choice's name (`stomp (legacy)`). */
export function choiceLabel(words: string, key: IngredientKey, value: string): string {
	return sectionText(words, `${key}-${value}`);
}

/** The line beside a choice. */
export function choiceHelp(words: string, key: IngredientKey, value: string): string {
	return sectionText(words, `${key}-${value}-help`);
}

/** Every section the code reads (test/steps-content.test.ts keeps the file exactly these). */
export const INGREDIENT_WORD_SECTIONS: readonly string[] = INGREDIENT_FIELDS.flatMap((f) => [
	f.key,
	`${f.key}-help`,
	...(f.choices ?? []).flatMap((c) => [`${f.key}-${c.value}`, `${f.key}-${c.value}-help`]),
]);
