/**
 * Writing to stdout/stderr without creating process.stdout/process.stderr: for a pipe that
 * stream loads node:net and streams (~10 ms CPU of start-up), which `--help` and `ping` need not
 * pay. writeSync to the fd first; whatever it does not take (a full non-blocking pipe: EAGAIN, a
 * closed reader: EPIPE, any error) goes through the process's stream as before, and so does
 * everything after it, so bytes never overtake ones the stream still holds.
 */
import {writeSync} from 'node:fs';

export type TextWriter = (text: string) => void;

export function fdWriter(fd: 1 | 2): TextWriter {
	let streamOnly = false;
	const stream = () => (fd === 1 ? process.stdout : process.stderr);
	return (text) => {
		const bytes = Buffer.from(text, 'utf8');
		let written = 0;
		if (!streamOnly) {
			try {
				// A blocking fd (the usual pipe or file) takes it all; one call per write keeps it simple.
				written = writeSync(fd, bytes);
			} catch {
				written = 0;
			}
		}
		if (written < bytes.length) {
			streamOnly = true;
			stream().write(bytes.subarray(written));
		}
	};
}
