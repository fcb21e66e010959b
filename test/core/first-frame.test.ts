import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {
	cacheableFrame,
	eraseLines,
	frameLineCount,
	isFrameBracket,
	launchKeyText,
	plainFrame,
	progressForKey,
	wizardLaunch,
} from '../../src/core/first-frame.js';

describe('wizardLaunch: only argv that can only start the wizard gets a shell', () => {
	it('accepts no arguments, the wizard command and its options in both spellings', () => {
		assert.deepEqual(wizardLaunch([]), {});
		assert.deepEqual(wizardLaunch(['wizard']), {});
		assert.deepEqual(wizardLaunch(['--state', 's.ini', '--answers=a.ini', '--no-color', '--dry-run']), {
			state: 's.ini',
			answers: 'a.ini',
		});
		assert.deepEqual(wizardLaunch(['wizard', '--step', 'client', '--role', 'node', '--config-dir', 'd']), {});
	});
	it('refuses other commands, help, version, unknown options and a missing value', () => {
		for (const args of [
			['ping'],
			['check', '--step', 'client'],
			['--help'],
			['-h'],
			['--version'],
			['-V'],
			['--bogus'],
			['--state'],
			['--state='],
			['--step', 'client', 'wizard'],
			['help'],
		])
			assert.equal(wizardLaunch(args), undefined, args.join(' '));
	});
});

describe('wizardLaunch: practice gets a shell only when it ends in the wizard', () => {
	it('accepts practice with a scenario, a directory and --wizard', () => {
		assert.deepEqual(wizardLaunch(['practice']), {practice: {}});
		assert.deepEqual(wizardLaunch(['practice', '--scenario', 'psk-mismatch', '--wizard']), {practice: {}});
		assert.deepEqual(wizardLaunch(['practice', '--scenario=random', '--dir', '/tmp/r']), {
			practice: {dir: '/tmp/r'},
		});
	});
	it('refuses what prints or does something else first', () => {
		for (const args of [
			['practice', '--list'],
			['practice', '--scenario', 'x', '--brief'],
			['practice', '--no-wizard'],
			['practice', '--broker', '127.0.0.1:61613'],
			['practice', '--nodes', '3'],
			['practice', '--help'],
			['practice', '--scenario'],
			['practice', '--dir='],
			['practice-node', '--config', 'c'],
		])
			assert.equal(wizardLaunch(args), undefined, args.join(' '));
	});
});

describe('the cache key and the frames', () => {
	const base = {bundle: 'b', columns: 100, rows: 40, args: [], env: {}, files: [null, null]};
	it('changes with the terminal size, bundle, args, colour variables and files; not with other env', () => {
		const key = launchKeyText(base);
		for (const change of [
			{columns: 80},
			{rows: 24},
			{bundle: 'c'},
			{args: ['--no-color']},
			{env: {NO_COLOR: '1'}},
			{files: ['abc', null]},
		])
			assert.notEqual(launchKeyText({...base, ...change}), key, JSON.stringify(change));
		assert.equal(launchKeyText({...base, env: {SOMETHING_ELSE: 'x'}}), key);
	});
	it('ignores only the save stamp of the progress file', () => {
		const a = '[wizard]\ncurrent = client\nupdatedAt = 2026-12-02T02:46:30.674Z\n';
		const b = '[wizard]\ncurrent = client\nupdatedAt = 2026-12-03T00:00:00.000Z\n';
		assert.equal(progressForKey(a), progressForKey(b));
		assert.notEqual(progressForKey(a), progressForKey(b.replace('client', 'server')));
	});
	it('erases as log-update does: each line going up, then column 1', () => {
		assert.equal(eraseLines(0), '');
		assert.equal(eraseLines(1), '\u001B[2K\u001B[G');
		assert.equal(eraseLines(3), '\u001B[2K\u001B[1A\u001B[2K\u001B[1A\u001B[2K\u001B[G');
		assert.equal(frameLineCount('a\nb\n'), 3);
	});
	it('passes Ink brackets, refuses frames that show the cursor', () => {
		assert.ok(isFrameBracket('\u001B[?2026h') && isFrameBracket('\u001B[?25l'));
		assert.ok(!isFrameBracket('x'));
		assert.ok(cacheableFrame('a\n'));
		assert.ok(!cacheableFrame(''));
		assert.ok(!cacheableFrame('a\n\u001B[1A\u001B[3G\u001B[?25h'));
	});
	it('draws content/shell.md plainly: heading bold unless colours are off, cut to the width', () => {
		assert.equal(plainFrame('# Title\n\nLoading…\n', 80, true), '\u001B[1mTitle\u001B[22m\n\nLoading…\n');
		assert.equal(plainFrame('# Title\n\nLoading…\n', 80, false), 'Title\n\nLoading…\n');
		assert.equal(plainFrame('abcdef', 4, false), 'abc\n');
	});
});
