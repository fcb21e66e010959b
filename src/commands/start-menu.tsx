/**
 * The start menu (src/components/StartMenu.tsx) on its own Ink render, before the wizard: loaded
 * only when the wizard starts with nothing configured, so a configured start never pays for it.
 */
import {render} from 'ink';
import {type StartChoice, StartMenu} from '../components/StartMenu.js';
import {readContent} from '../content.js';
import {handOffToInk} from '../io/first-frame-shell.js';

export async function askStart(): Promise<StartChoice> {
	let chosen: StartChoice = 'quit';
	// Ink's first frame replaces the one src/cli.tsx drew before Ink had loaded.
	handOffToInk();
	const instance = render(
		<StartMenu
			words={readContent('start')}
			onChoose={(choice) => {
				chosen = choice;
				instance.unmount();
			}}
		/>,
		{exitOnCtrlC: false},
	);
	await instance.waitUntilExit();
	instance.cleanup();
	return chosen;
}
