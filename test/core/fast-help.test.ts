import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {
	FAST_HELP_COMMANDS,
	fastHelpKey,
	fastHelpText,
	HELP_WIDTH,
	helpPlaceholder,
} from '../../src/core/fast-help.js';

const HELP = {
	width: HELP_WIDTH,
	texts: {
		'': 'top\n',
		ping: 'ping help\n',
		wizard: `  --state <file>  progress file (default\n                  ${helpPlaceholder('progressPath')})\n`,
	},
};
const NO_VALUES = () => {
	throw new Error('values asked for a text that names none');
};
const values = (progressPath: string) => () => ({progressPath});

describe('fastHelpKey: only a bare help request skips commander', () => {
	it('answers --help and -h alone, and after one fast subcommand', () => {
		assert.equal(fastHelpKey(['--help']), '');
		assert.equal(fastHelpKey(['-h']), '');
		for (const name of FAST_HELP_COMMANDS) {
			assert.equal(fastHelpKey([name, '--help']), name);
			assert.equal(fastHelpKey([name, '-h']), name);
		}
	});

	it('leaves everything else to commander', () => {
		for (const args of [
			[],
			['ping'],
			['--version'],
			['help'],
			['help', 'ping'],
			['ping', '--help', '--json'],
			['--help', 'ping'],
			['-c', '--help'],
			['help', 'wizard'],
			['wizard', '--help', '--dry-run'],
			['nope', '--help'],
			['--helpx'],
		]) {
			assert.equal(fastHelpKey(args), undefined, args.join(' '));
		}
	});
});

describe('fastHelpText', () => {
	it('gives the text for a pipe and for a terminal of the width it was made at', () => {
		assert.equal(fastHelpText(['--help'], HELP, undefined, NO_VALUES), 'top\n');
		assert.equal(fastHelpText(['ping', '-h'], HELP, HELP_WIDTH, NO_VALUES), 'ping help\n');
	});

	it('leaves a terminal of another width, and a launch without a text, to commander', () => {
		assert.equal(fastHelpText(['--help'], HELP, 120, NO_VALUES), undefined);
		assert.equal(fastHelpText(['rpc', '--help'], HELP, undefined, NO_VALUES), undefined);
	});

	it("puts this launch's value where the build-time text has its placeholder", () => {
		assert.equal(
			fastHelpText(
				['wizard', '--help'],
				HELP,
				undefined,
				values('/home/a b/.config/mco-wizard/progress.ini'),
			),
			'  --state <file>  progress file (default\n                  /home/a b/.config/mco-wizard/progress.ini)\n',
		);
		// `$&` and friends are not replacement patterns here
		assert.match(
			fastHelpText(['wizard', '-h'], HELP, undefined, values('/x/$&/p.ini')) ?? '',
			/\/x\/\$&\/p\.ini\)/,
		);
	});

	it('a value with a line break is left to commander (it would indent the next line)', () => {
		assert.equal(
			fastHelpText(['wizard', '--help'], HELP, undefined, values('/a\nb/progress.ini')),
			undefined,
		);
	});
});
