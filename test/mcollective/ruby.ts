/**
 * The real Ruby (/usr/bin/ruby) as the reference for Marshal: one process per batch, hex lines in,
 * hex lines out. Tests that use it skip (with a reason) only when ruby is not installed.
 */
import {execFileSync} from 'node:child_process';
import {existsSync} from 'node:fs';

export const RUBY = process.env.RUBY ?? '/usr/bin/ruby';
export const rubyMissing = existsSync(RUBY) ? false : `ruby not found at ${RUBY} (apt-get install ruby)`;

const toHex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

function run(script: string, lines: string[]): string[] {
	const out = execFileSync(RUBY, ['-e', script], {
		input: `${lines.join('\n')}\n`,
		maxBuffer: 64 * 1024 * 1024,
	});
	return out.toString('utf8').split('\n').slice(0, lines.length);
}

/** Marshal.dump of each Ruby expression, as hex. */
export function rubyDump(expressions: string[]): string[] {
	return run('STDIN.each_line { |l| puts Marshal.dump(eval(l)).unpack1("H*") }', expressions);
}

/** Marshal.load each blob then dump it again: Ruby's own bytes for the same data. */
export function rubyRedump(blobs: Uint8Array[]): string[] {
	return run(
		'STDIN.each_line { |l| begin; puts Marshal.dump(Marshal.load([l.strip].pack("H*"))).unpack1("H*"); rescue Exception => e; puts "ERR #{e.class}: #{e.message.lines.first&.strip}"; end }',
		blobs.map(toHex),
	);
}

/** `inspect` of Marshal.load of each blob, as Ruby prints it. */
export function rubyInspect(blobs: Uint8Array[]): string[] {
	return run(
		'STDIN.each_line { |l| begin; puts Marshal.load([l.strip].pack("H*")).inspect; rescue Exception => e; puts "ERR #{e.class}"; end }',
		blobs.map(toHex),
	);
}

export {toHex};
