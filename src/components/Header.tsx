import {Box, Text} from 'ink';
import type {LandmarkStep} from '../../steps/index.js';
import {ROLE_TEXT} from '../../steps/roles.js';
import type {HostRoles} from '../app.js';
import type {Position, Statuses} from '../core/machine.js';
import {isHere} from '../core/role.js';
import {fill, roleSection, rolesLabel} from '../core/role-text.js';
import {theme} from '../theme.js';
import {type CompactTitles, ProgressMap, progressWords} from './ProgressMap.js';

export type Props = {
	readonly steps: readonly LandmarkStep[];
	readonly statuses: Statuses;
	readonly current: Position;
	readonly columns: number;
	readonly dryRun: boolean;
	/** One-line warnings under the progress line (they wrap: they matter more than layout). */
	readonly warnings: readonly string[];
	/** Calm notes under the warnings (a landmark proven on another host): no alarm, just where to look. */
	readonly notes?: readonly string[];
	/** This host and its roles, shown after the progress line when there is room. */
	readonly host?: HostRoles;
	/** content/roles.md */
	readonly roleWords?: string;
	/** content/progress.md: the title and the dry-run mark. */
	readonly words: string;
};

/** The progress line's width: each landmark `▶ n Title` and the separators between them. */
function progressWidth(
	steps: readonly LandmarkStep[],
	titles: CompactTitles,
	current: Position,
	separator: number,
): number {
	const shown = (s: LandmarkStep) => titles === 'all' || (titles === 'current' && s.id === current);
	const width = steps.reduce(
		(n, s) => n + 2 + String(s.number).length + (shown(s) ? s.shortTitle.length + 1 : 0),
		0,
	);
	return width + separator * Math.max(steps.length - 1, 0);
}

/**
 * Every title when the line fits them, else only the
 * current landmark's: a truncated title helps nobody. Below 64 columns, numbers only.
 */
function titlesFor(steps: readonly LandmarkStep[], current: Position, room: number): CompactTitles {
	if (room < 64) return 'none';
	return progressWidth(steps, 'all', current, 3) <= room ? 'all' : 'current';
}

/** `on node1.example.com · node`, shortened to what fits (the role matters more than the name). */
export function hostTag(host: HostRoles, words: string, room: number): string {
	const label = rolesLabel(words, host.roles);
	const full = ` · ${fill(roleSection(words, 'header'), {hostname: host.hostname, roles: label})}`;
	if (full.length <= room) return full;
	const short =
		host.roles.length === 3
			? (roleSection(words, 'all').split(' (')[0] ?? '')
			: host.roles.length === 0
				? label
				: host.roles.map((r) => ROLE_TEXT[r].short).join('+');
	const brief = ` · ${short}`;
	return brief.length <= room ? brief : '';
}

/** Rows the header takes: the progress line plus each warning (or note) as it wraps. */
export function headerRows(warnings: readonly string[], columns: number): number {
	return 1 + warnings.reduce((n, w) => n + Math.ceil((w.length + 2) / Math.max(columns, 20)), 0);
}

/** The top of every screen: the compact progress line, the dry-run mark and the warnings. */
export function Header({
	steps,
	statuses,
	current,
	columns,
	dryRun,
	warnings,
	notes = [],
	host,
	roleWords = '',
	words,
}: Props) {
	const title = `${progressWords(words, 'header-title')} `;
	const dryRunMark = ` ${progressWords(words, 'dry-run')}`;
	const fixed = (columns >= 92 ? title.length : 0) + (dryRun ? dryRunMark.length : 0) + 1;
	const titles = titlesFor(steps, current, columns - fixed);
	const roomWith = (separator: number) => columns - fixed - progressWidth(steps, titles, current, separator);
	// The role matters more than the separators: at 80 columns they narrow to make room for it.
	const wide = host ? hostTag(host, roleWords, roomWith(3)) : '';
	// Narrowed only where it matters: some landmark runs on another host.
	const split = host !== undefined && steps.some((s) => !isHere(s, host.roles));
	const tight = host !== undefined && split && wide === '' && hostTag(host, roleWords, roomWith(1)) !== '';
	const tag = tight && host ? hostTag(host, roleWords, roomWith(1)) : wide;
	return (
		<>
			<Box>
				{columns >= 92 ? <Text bold>{title}</Text> : null}
				<ProgressMap
					steps={steps}
					statuses={statuses}
					current={current}
					compact
					columns={columns}
					roles={host?.roles ?? []}
					tight={tight}
					titles={titles}
				/>
				{dryRun ? <Text color={theme.warn}>{dryRunMark}</Text> : null}
				{tag ? (
					<Text color={theme.accent} wrap="truncate">
						{tag}
					</Text>
				) : null}
			</Box>
			{warnings.map((w) => (
				<Text key={w} color={theme.warn}>
					⚠ {w}
				</Text>
			))}
			{notes.map((n) => (
				<Text key={n} color={theme.accent}>
					· {n}
				</Text>
			))}
		</>
	);
}
