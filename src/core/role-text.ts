/**
 * The words about roles, from content/roles.md (sections) and steps/roles.ts (labels), filled in
 * with this run's values. Pure: the caller passes the markdown.
 */
import {ROLE_TEXT} from '../../steps/roles.js';
import type {LandmarkStep} from '../../steps/types.js';
import {fill, sectionText} from './content-words.js';
import {INGREDIENT_FIELDS} from './ingredients.js';
import type {RunOn} from './role.js';
import type {Role} from './types.js';

export {fill};

/** A section's text without its heading; the heading itself when the section is missing (never blank). */
export const roleSection = sectionText;

/** `OpenShift broker + node`, or the "all three" / "not known" words. */
export function rolesLabel(markdown: string, roles: readonly Role[]): string {
	if (roles.length === 0) return roleSection(markdown, 'unknown');
	return roles.map((r) => ROLE_TEXT[r].label).join(' + ');
}

/** Values every role template may use. */
export function elsewhereValues(input: {
	readonly markdown: string;
	readonly step: Pick<LandmarkStep, 'number' | 'title'>;
	readonly roles: readonly Role[];
	readonly hostname: string;
	readonly runOn: RunOn;
	readonly answers?: string;
	readonly why?: string;
}): Record<string, string | number> {
	const target = ROLE_TEXT[input.runOn.role];
	return {
		number: input.step.number,
		title: input.step.title,
		hostname: input.hostname,
		roles: rolesLabel(input.markdown, input.roles),
		role: `${target.label} (${target.runs})`,
		label: target.label,
		hosts: input.runOn.hosts.length > 0 ? input.runOn.hosts.join(', ') : `the ${target.label} host`,
		command: input.runOn.command,
		answers: input.answers ?? 'answers.ini',
		secrets: target.secrets.map((k) => INGREDIENT_FIELDS.find((f) => f.key === k)?.label ?? k).join(', '),
		why: input.why ? `, ${input.why}` : '',
	};
}
