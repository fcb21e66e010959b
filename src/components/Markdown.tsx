import {Box, Text} from 'ink';
import {useMemo} from 'react';
import {type Inline, parseMarkdown, wrapInline} from '../core/markdown.js';
import {theme} from '../theme.js';

export type Props = {
	/** Markdown source (see src/core/markdown.ts for the subset). */
	readonly source: string;
	/** Columns available: text is word-wrapped to it (see wrapInline). */
	readonly width: number;
	/** Clip to this many rows (the rest is hidden, not wrapped off-screen). */
	readonly height?: number;
	/** First row to show (scrolling). */
	readonly offset?: number;
};

/** One rendered row of a lesson. */
type Row =
	| {
			readonly kind: 'text';
			readonly parts: readonly Inline[];
			readonly style: 'h1' | 'h2' | 'p';
			readonly indent: string;
	  }
	| {readonly kind: 'code'; readonly text: string}
	| {readonly kind: 'blank'};

/** Lays a lesson out as rows of at most `width` columns: what the screen shows and scrolls. */
export function markdownRows(source: string, width: number): Row[] {
	const rows: Row[] = [];
	parseMarkdown(source).forEach((block, i) => {
		if (block.kind === 'heading') {
			if (i > 0) rows.push({kind: 'blank'});
			for (const parts of wrapInline(block.text, width))
				rows.push({kind: 'text', parts, style: block.level === 1 ? 'h1' : 'h2', indent: ''});
		} else if (block.kind === 'paragraph') {
			for (const parts of wrapInline(block.text, width))
				rows.push({kind: 'text', parts, style: 'p', indent: ''});
		} else if (block.kind === 'item') {
			const marker = ` ${block.marker} `;
			wrapInline(block.text, width - marker.length).forEach((parts, j) => {
				rows.push({kind: 'text', parts, style: 'p', indent: j === 0 ? marker : ' '.repeat(marker.length)});
			});
		} else {
			for (const line of block.lines) rows.push({kind: 'code', text: `  ${line}`});
		}
	});
	return rows;
}

/** Renders a lesson from content/ in the terminal. */
export function Markdown({source, width, height, offset = 0}: Props) {
	const rows = useMemo(() => markdownRows(source, width), [source, width]);
	const shown = rows.slice(offset, height === undefined ? undefined : offset + height);
	return (
		<Box flexDirection="column" width={width} height={height} overflow="hidden" flexShrink={0}>
			{shown.map((row, i) => {
				const key = `${offset + i}`;
				if (row.kind === 'blank') return <Text key={key}> </Text>;
				if (row.kind === 'code')
					return (
						<Text key={key} color={theme.warn} wrap="truncate">
							{row.text}
						</Text>
					);
				return (
					<Text
						key={key}
						wrap="truncate"
						bold={row.style !== 'p'}
						underline={row.style === 'h1'}
						color={row.style === 'h1' ? theme.accent : undefined}
					>
						{row.indent}
						<Inlines parts={row.parts} />
					</Text>
				);
			})}
		</Box>
	);
}

function Inlines({parts}: {readonly parts: readonly Inline[]}) {
	return (
		<>
			{parts.map((part, i) => {
				const key = `${i}`;
				if (part.style === 'code')
					return (
						<Text key={key} color={theme.accent}>
							{part.text}
						</Text>
					);
				if (part.style === 'bold')
					return (
						<Text key={key} bold>
							{part.text}
						</Text>
					);
				if (part.style === 'em')
					return (
						<Text key={key} italic>
							{part.text}
						</Text>
					);
				return part.text;
			})}
		</>
	);
}
