import {Box, Text} from 'ink';
import {theme} from '../theme.js';

export type Props = {
	/** A unified diff, already redacted. */
	readonly diff: string;
	/** First line to show (for scrolling). */
	readonly offset?: number;
	readonly height: number;
};

/** A coloured, clipped window onto a unified diff. */
export function DiffView({diff, offset = 0, height}: Props) {
	const lines = diffLines(diff);
	const shown = lines.slice(offset, offset + height);
	return (
		<Box flexDirection="column" height={height} overflow="hidden">
			{shown.map((line, i) => (
				// biome-ignore lint/suspicious/noArrayIndexKey: a line's position in the diff is its identity
				<Text key={`${offset + i}`} color={colorOf(line)} wrap="truncate">
					{line === '' ? ' ' : line}
				</Text>
			))}
		</Box>
	);
}

export function diffLines(diff: string): string[] {
	const lines = diff.replace(/\n$/, '').split('\n');
	// createTwoFilesPatch starts with an `Index:`/`====` banner that says nothing the headers do not.
	// Tabs (the header's `\tproposed`) would be measured as one column by the layout.
	return lines.filter((l) => !/^(Index: |={10,})/.test(l)).map((l) => l.replace(/\t/g, '  '));
}

function colorOf(line: string): string | undefined {
	if (line.startsWith('+++') || line.startsWith('---')) return theme.accent;
	if (line.startsWith('@@')) return theme.hunk;
	if (line.startsWith('+')) return theme.ok;
	if (line.startsWith('-')) return theme.fail;
	return undefined;
}
