import {useApp} from 'ink';
import {useEffect, useState} from 'react';

export type QuitNote = {readonly saved: boolean; readonly error?: string};

/**
 * Quit: once `quitting` turns true, wait for the last progress write (`flush` resolves to its
 * error, null when saved), leave a final frame saying so, then let Ink restore the terminal.
 */
export function useQuitWhenAsked(quitting: boolean, flush: () => Promise<string | null>): QuitNote | null {
	const {exit} = useApp();
	const [note, setNote] = useState<QuitNote | null>(null);
	// biome-ignore lint/correctness/useExhaustiveDependencies: once, when quitting starts
	useEffect(() => {
		if (!quitting) return;
		flush().then((error) => setNote(error === null ? {saved: true} : {saved: false, error}));
	}, [quitting]);
	useEffect(() => {
		if (note) setTimeout(() => exit(), 0);
	}, [note, exit]);
	return note;
}
