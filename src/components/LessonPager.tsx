import {Box, useInput} from 'ink';
import {useState} from 'react';
import {useScreenHints} from './KeyHints.js';
import {Markdown, markdownRows} from './Markdown.js';

export type Props = {
	readonly lesson: string;
	readonly width: number;
	readonly height: number;
	readonly isActive: boolean;
	readonly onClose: () => void;
};

/** A landmark's whole lesson, scrolled with ↑/↓ PgUp/PgDn/Space; `l` or Esc closes it. */
export function LessonPager({lesson, width, height, isActive, onClose}: Props) {
	const [offset, setOffset] = useState(0);
	const total = markdownRows(lesson, width).length;
	const top = Math.min(offset, Math.max(total - height, 0));
	useInput(
		(input, key) => {
			if (input === 'l' || key.escape) return onClose();
			if (key.downArrow || key.pageDown || input === ' ') setOffset(top + (key.downArrow ? 1 : 10));
			if (key.upArrow || key.pageUp) setOffset(Math.max(top - (key.upArrow ? 1 : 10), 0));
		},
		{isActive},
	);
	// action ids of content/keys.md (KeyHints words them)
	useScreenHints(
		[['l or Esc', 'back-to-checks']],
		total > height
			? [['↑/↓', 'scroll-position', {from: top + 1, to: Math.min(top + height, total), total}]]
			: [],
	);
	return (
		<Box flexDirection="column" height={height} overflow="hidden">
			<Markdown source={lesson} width={width} height={height} offset={top} />
		</Box>
	);
}
