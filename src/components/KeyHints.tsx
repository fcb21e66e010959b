import {Box, Text} from 'ink';
import {createContext, type ReactNode, useContext, useEffect, useMemo, useState} from 'react';
import {fitKeyLine, type Hint, parseShorter, wordHints} from '../core/key-line.js';

export type {Hint} from '../core/key-line.js';

export type Props = {
	readonly hints: readonly Hint[];
	/** The terminal's columns: the line is fitted to them, never cut inside a hint. */
	readonly width: number;
	/** content/keys.md: the actions' words, and the shorter ones for a line that is too wide. */
	readonly words: string;
};

/** The bottom line: which keys do what on this screen. */
export function KeyHints({hints, width, words}: Props) {
	const shorter = useMemo(() => parseShorter(words), [words]);
	const {lines, separator} = fitKeyLine(wordHints(hints, words), width, shorter);
	return (
		<Box flexDirection="column" flexShrink={0}>
			{lines.map((line) => (
				<Text key={line.map(([key]) => key).join(' ')} wrap="truncate">
					{line.map(([key, action], i) => (
						<Text key={key}>
							{i > 0 ? <Text dimColor>{separator}</Text> : null}
							<Text bold>{key}</Text>
							<Text dimColor> {action}</Text>
						</Text>
					))}
				</Text>
			))}
		</Box>
	);
}

/** A screen's keys, and what goes after the app's keys (a scroll position). */
type ScreenKeys = {readonly hints: readonly Hint[]; readonly tail: readonly Hint[]};
type SetHints = (keys: ScreenKeys | null) => void;
const ScreenHints = createContext<SetHints>(() => undefined);

/**
 * A screen's own keys (debug view, lesson pager) for the one key line. The screen does not draw
 * them: KeyHintsFrame does, so a screen never shows a second hints line under the app's.
 */
export function useScreenHints(hints: readonly Hint[], tail: readonly Hint[] = []) {
	const set = useContext(ScreenHints);
	const key = JSON.stringify([hints, tail]);
	// biome-ignore lint/correctness/useExhaustiveDependencies: compared by value, not identity
	useEffect(() => set({hints, tail}), [key, set]);
	useEffect(() => () => set(null), [set]);
}

/**
 * The one owner of the key line: draws `children`, then the screen's hints (when it set any),
 * `always` and the screen's tail, else `hints`.
 */
export function KeyHintsFrame({
	children,
	hints,
	width,
	words,
	always = [],
	screenHints: allowScreen = true,
}: {
	readonly children: ReactNode;
	readonly hints: readonly Hint[];
	readonly width: number;
	/** content/keys.md. */
	readonly words: string;
	readonly always?: readonly Hint[];
	/** False while something above the screen (the map, a skip question) owns the keys. */
	readonly screenHints?: boolean;
}) {
	const [screenHints, setScreenHints] = useState<ScreenKeys | null>(null);
	return (
		<ScreenHints.Provider value={setScreenHints}>
			{children}
			<KeyHints
				hints={screenHints && allowScreen ? [...screenHints.hints, ...always, ...screenHints.tail] : hints}
				width={width}
				words={words}
			/>
		</ScreenHints.Provider>
	);
}
