import {Box, Text} from 'ink';
import {useMemo} from 'react';
import {type Inline, parseMarkdown} from '../core/markdown.js';

export type Props = {
	/** Markdown source (see src/core/markdown.ts for the subset). */
	readonly source: string;
	/** Clip to this many rows (the rest is hidden, not wrapped off-screen). */
	readonly height?: number;
	readonly width?: number | string;
};

/** Renders a lesson from content/ in the terminal. */
export function Markdown({source, height, width}: Props) {
	const blocks = useMemo(() => parseMarkdown(source), [source]);
	return (
		<Box flexDirection="column" height={height} width={width} overflow="hidden">
			{blocks.map((block, i) => {
				const key = `${i}-${block.kind}`;
				switch (block.kind) {
					case 'heading':
						return (
							<Box key={key} marginTop={i === 0 ? 0 : 1} flexShrink={0}>
								<Text bold underline={block.level === 1} color={block.level === 1 ? 'cyan' : undefined}>
									<Inlines parts={block.text} />
								</Text>
							</Box>
						);
					case 'paragraph':
						return (
							<Box key={key} flexShrink={0}>
								<Text>
									<Inlines parts={block.text} />
								</Text>
							</Box>
						);
					case 'item':
						return (
							<Box key={key} paddingLeft={1} flexShrink={0}>
								<Text>{`${block.marker} `}</Text>
								<Box flexShrink={1}>
									<Text>
										<Inlines parts={block.text} />
									</Text>
								</Box>
							</Box>
						);
					case 'code':
						return (
							<Box key={key} flexDirection="column" paddingLeft={2} flexShrink={0}>
								{block.lines.map((line, j) => (
									// biome-ignore lint/suspicious/noArrayIndexKey: code lines are static and may repeat
									<Text key={j} color="yellow">
										{line === '' ? ' ' : line}
									</Text>
								))}
							</Box>
						);
				}
				return null;
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
						<Text key={key} color="cyan">
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
