import {useStdout} from 'ink';
import {useEffect, useState} from 'react';

export type TerminalSize = {readonly columns: number; readonly rows: number};

/**
 * The terminal's size, updated on resize. Falls back to 80×24 when the stream does not know
 * (a pty without a window size reports 0; test streams report no rows).
 */
export function useTerminalSize(): TerminalSize {
	const {stdout} = useStdout();
	const read = (): TerminalSize => ({
		columns: stdout.columns > 0 ? stdout.columns : 80,
		rows: stdout.rows > 0 ? stdout.rows : 24,
	});
	const [size, setSize] = useState(read);
	// biome-ignore lint/correctness/useExhaustiveDependencies: read only closes over stdout
	useEffect(() => {
		const onResize = () => setSize(read());
		stdout.on('resize', onResize);
		return () => {
			stdout.off('resize', onResize);
		};
	}, [stdout]);
	return size;
}
