import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {FAST_HELP_COMMANDS, fastHelpKey, fastHelpText, HELP_WIDTH} from '../../src/core/fast-help.js';

const HELP = {width: HELP_WIDTH, texts: {'': 'top\n', ping: 'ping help\n'}};

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
			['wizard', '--help'], // names a default path read from the environment
			['export', '--help'],
			['nope', '--help'],
			['--helpx'],
		]) {
			assert.equal(fastHelpKey(args), undefined, args.join(' '));
		}
	});
});

describe('fastHelpText', () => {
	it('gives the text for a pipe and for a terminal of the width it was made at', () => {
		assert.equal(fastHelpText(['--help'], HELP, undefined), 'top\n');
		assert.equal(fastHelpText(['ping', '-h'], HELP, HELP_WIDTH), 'ping help\n');
	});

	it('leaves a terminal of another width, and a launch without a text, to commander', () => {
		assert.equal(fastHelpText(['--help'], HELP, 120), undefined);
		assert.equal(fastHelpText(['rpc', '--help'], HELP, undefined), undefined);
	});
});
