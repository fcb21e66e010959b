/**
 * A masked one-line input (stars and a cursor at the end) whose value lives in a ref. Written
 * here instead of @inkjs/ui's PasswordInput because that one submits the value of its last render:
 * a paste that ends in Enter, or text and Enter arriving in the same tick, submitted what was
 * there before the paste (an empty passphrase, or two that "differ"). Here every key updates the
 * ref at once, and an Enter inside a chunk of text ends the value where it stands.
 */
import chalk from 'chalk';
import {Text, useInput} from 'ink';
import {useRef, useState} from 'react';
import {maskedInputStep} from '../core/masked-input.js';

export type Props = {
	readonly isDisabled?: boolean;
	readonly onSubmit: (value: string) => void;
};

export function MaskedInput({isDisabled = false, onSubmit}: Props) {
	const value = useRef('');
	const submitted = useRef(false);
	// only the length is ever rendered: the value itself never reaches the screen
	const [length, setLength] = useState(0);
	useInput(
		(input, key) => {
			if (submitted.current) return;
			const step = maskedInputStep(value.current, input, key);
			value.current = step.value;
			setLength(step.value.length);
			if (step.submit) {
				submitted.current = true;
				onSubmit(step.value);
			}
		},
		{isActive: !isDisabled},
	);
	return <Text>{'*'.repeat(length) + (isDisabled ? '' : chalk.inverse(' '))}</Text>;
}
