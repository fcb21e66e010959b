/**
 * Ink switches to a CI mode that draws nothing until exit when CI or CONTINUOUS_INTEGRATION is
 * set (is-in-ci, read once when Ink is first imported, which happens just after this). A person at
 * a real terminal whose environment carries CI=1 would see a blank screen, so with a TTY on both
 * ends those variables are set to 'false', Ink's own off switch. Without a TTY the wizard never
 * draws anyway: it explains how to run non-interactively and exits.
 */
export function keepInkInteractiveOnATerminal(): void {
	if (!process.stdin.isTTY || !process.stdout.isTTY) return;
	for (const key of ['CI', 'CONTINUOUS_INTEGRATION']) {
		if (key in process.env) process.env[key] = 'false';
	}
}
