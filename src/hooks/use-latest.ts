import {useRef} from 'react';

/**
 * A ref that always holds the value of the latest render. Key handlers read state through it:
 * Ink re-binds a useInput handler only after React's passive effects run, so a key that arrives
 * right after a re-render would otherwise see the previous render's state.
 */
export function useLatest<T>(value: T): {readonly current: T} {
	const ref = useRef(value);
	ref.current = value;
	return ref;
}
