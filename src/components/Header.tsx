import {Box, Text} from 'ink';
import type {LandmarkStep} from '../../steps/index.js';
import type {Position, Statuses} from '../core/machine.js';
import {theme} from '../theme.js';
import {ProgressMap} from './ProgressMap.js';

export type Props = {
	readonly steps: readonly LandmarkStep[];
	readonly statuses: Statuses;
	readonly current: Position;
	readonly columns: number;
	readonly dryRun: boolean;
	/** One-line warnings under the progress line (they wrap: they matter more than layout). */
	readonly warnings: readonly string[];
};

/** Rows the header takes: the progress line plus each warning as it wraps. */
export function headerRows(warnings: readonly string[], columns: number): number {
	return 1 + warnings.reduce((n, w) => n + Math.ceil((w.length + 2) / Math.max(columns, 20)), 0);
}

/** The top of every screen: the compact progress line, the dry-run mark and the warnings. */
export function Header({steps, statuses, current, columns, dryRun, warnings}: Props) {
	return (
		<>
			<Box>
				{columns >= 92 ? <Text bold>mco-wizard </Text> : null}
				<ProgressMap steps={steps} statuses={statuses} current={current} compact columns={columns} />
				{dryRun ? <Text color={theme.warn}> [dry run]</Text> : null}
			</Box>
			{warnings.map((w) => (
				<Text key={w} color={theme.warn}>
					⚠ {w}
				</Text>
			))}
		</>
	);
}
