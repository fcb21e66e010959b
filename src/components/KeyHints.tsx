import {Text} from 'ink';
import {createContext, type ReactNode, useContext, useEffect, useState} from 'react';

export type Hint = readonly [key: string, action: string];

export type Props = {readonly hints: readonly Hint[]};

/** The bottom line: which keys do what on this screen. */
export function KeyHints({hints}: Props) {
	return (
		<Text wrap="truncate">
			{hints.map(([key, action], i) => (
				<Text key={key}>
					{i > 0 ? <Text dimColor> · </Text> : null}
					<Text bold>{key}</Text>
					<Text dimColor> {action}</Text>
				</Text>
			))}
		</Text>
	);
}

/** A screen's keys, and what goes after the app's keys (a scroll position: first to be cut). */
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
	always = [],
	screenHints: allowScreen = true,
}: {
	readonly children: ReactNode;
	readonly hints: readonly Hint[];
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
			/>
		</ScreenHints.Provider>
	);
}
