import {Text} from 'ink';

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
