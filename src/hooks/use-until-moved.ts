import {useEffect, useRef, useState} from 'react';

/** True until `position` first changes: a start-up notice stays until the user moves on. */
export function useUntilMoved(position: string): boolean {
	const [visible, setVisible] = useState(true);
	const first = useRef(position);
	useEffect(() => {
		if (position !== first.current) setVisible(false);
	}, [position]);
	return visible;
}
