/**
 * Reading a bundle passphrase: from a file (`--passphrase-file`, its first line) or typed at the
 * terminal with no echo. Never from argv or the environment, where other users and shell history
 * can see it.
 */
import {readFile} from 'node:fs/promises';

export class PassphraseError extends Error {}

export async function passphraseFromFile(path: string): Promise<string> {
	let text: string;
	try {
		text = await readFile(path, 'utf8');
	} catch (error) {
		throw new PassphraseError(
			`Cannot read the passphrase file ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`,
		);
	}
	const line = text.split(/\r?\n/)[0] ?? '';
	if (line === '') throw new PassphraseError(`The passphrase file ${path} is empty.`);
	return line;
}

/** Prompts on stderr and reads one line from the terminal without echo; Ctrl-C or Ctrl-D cancels. */
export function promptPassphrase(prompt: string, input: NodeJS.ReadStream = process.stdin): Promise<string> {
	if (!input.isTTY || typeof input.setRawMode !== 'function')
		return Promise.reject(
			new PassphraseError('No terminal to type the passphrase on: give it with --passphrase-file FILE.'),
		);
	process.stderr.write(prompt);
	return new Promise((resolve, reject) => {
		let typed = '';
		const wasRaw = input.isRaw;
		input.setRawMode(true);
		// the app shell unrefs the terminal when something else writes first (this prompt): a reader
		// must ref it again, or the process ends under the prompt (exit 13, a top-level await unsettled)
		input.ref();
		input.resume();
		const done = (error?: Error) => {
			input.off('data', onData);
			input.setRawMode(wasRaw);
			input.pause();
			process.stderr.write('\n');
			if (error) reject(error);
			else resolve(typed);
		};
		const onData = (chunk: Buffer) => {
			for (const ch of chunk.toString('utf8')) {
				if (ch === '\r' || ch === '\n') return done();
				if (ch === '\u0003' || ch === '\u0004') return done(new PassphraseError('Cancelled.'));
				if (ch === '\u007f' || ch === '\b') typed = [...typed].slice(0, -1).join('');
				else if (ch >= ' ') typed += ch;
			}
		};
		input.on('data', onData);
	});
}

/** The passphrase source a command was given: the file when named, else the terminal. */
export function passphraseSource(file: string | undefined, prompt: string): () => Promise<string> {
	return () => (file ? passphraseFromFile(file) : promptPassphrase(prompt));
}
