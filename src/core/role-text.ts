/**
 * The words about roles, from content/roles.md (sections) and steps/roles.ts (labels), filled in
 * with this run's values. Pure: the caller passes the markdown.
 */
import {ROLE_TEXT} from '../../steps/roles.js';
import type {LandmarkStep} from '../../steps/types.js';
import {fill, sectionText} from './content-words.js';
import {fieldLabel} from './ingredient-words.js';
import type {RoleEvidence, RunOn} from './role.js';
import type {Ingredients, Role} from './types.js';

type SecretKey = keyof Pick<Ingredients, 'topicPassword' | 'adminPassword' | 'psk'>;

export {fill};

/** A section's text without its heading; the heading itself when the section is missing (never blank). */
export const roleSection = sectionText;

/** `OpenShift broker + node`, or the "all three" / "not known" words. */
export function rolesLabel(markdown: string, roles: readonly Role[]): string {
	if (roles.length === 0) return roleSection(markdown, 'unknown');
	return roles.map((r) => ROLE_TEXT[r].label).join(' + ');
}

/** One line: what was seen (`mcollectived runs here`). */
export function evidenceText(markdown: string, evidence: Pick<RoleEvidence, 'seen'>): string {
	return fill(roleSection(markdown, evidence.seen.section), evidence.seen.values);
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
		why: input.why ? `, ${input.why}` : '',
	};
}

/**
 * What to carry to the host where `role` runs, in content/roles.md words: the secrets its files
 * need that the answers file already holds travel with it; only the others are typed again there.
 * `answersSecrets` undefined: not known what the answers file holds (none given): type them all.
 * `fieldWords` is content/ingredient-labels.md (the secrets' names).
 */
export function carryText(
	markdown: string,
	role: Role,
	answersSecrets: readonly string[] | undefined,
	values: Readonly<Record<string, string | number>>,
	fieldWords: string,
): string {
	const needed = ROLE_TEXT[role].secrets as readonly SecretKey[];
	const held = needed.filter((k) => answersSecrets?.includes(k));
	const missing = needed.filter((k) => !held.includes(k));
	const section =
		held.length === 0
			? 'elsewhere-carry'
			: missing.length === 0
				? 'elsewhere-carry-all'
				: 'elsewhere-carry-some';
	return fill(roleSection(markdown, section), {
		...values,
		carried: held.map((k) => fieldLabel(fieldWords, k)).join(', '),
		secrets: missing.map((k) => fieldLabel(fieldWords, k)).join(', '),
	});
}

/**
 * The secrets the other hosts need (every role not held here) that this run does not have:
 * the only ones the export asks for before sealing the bundle.
 */
export function secretsToAsk(roles: readonly Role[], ingredients: Partial<Ingredients>): SecretKey[] {
	const others = (Object.keys(ROLE_TEXT) as Role[]).filter((r) => !roles.includes(r));
	const needed = new Set(others.flatMap((r) => ROLE_TEXT[r].secrets as readonly SecretKey[]));
	return [...needed].filter((k) => !ingredients[k]);
}

/** A secret's label as the form shows it (`fieldWords`: content/ingredient-labels.md). */
export const secretLabel = fieldLabel;
