/**
 * Option parsers and the option set ping and rpc share. Only commander (and the help words) is
 * imported here: every command is registered at every start-up, so registering must stay cheap.
 */
import {type Command, InvalidArgumentError, Option} from 'commander';
import {countValue, MAX_WAIT_SECONDS, secondsValue} from '../core/option-values.js';
import {say} from './help-text.js';

/** A number of seconds in (0, max]. */
export function secondsUpTo(max: number): (raw: string) => number {
	return (raw) => {
		const n = secondsValue(raw, max);
		if (n === undefined) throw new InvalidArgumentError(`a number of seconds between 0 and ${max}`);
		return n;
	};
}

/**
 * Fills `flags`' description `template` with `value` (a default read from the environment, a path under HOME)
 * on a line of its own, aligned with the other descriptions. Commander prints a description with
 * such a line as it is, never wrapping around the value, so the fast `--help` (dist/help.json,
 * made at build time) prints the same text with this run's value put in (src/core/fast-help.ts).
 * Call after the command's last option: the column follows the longest option.
 */
export function withValueLine(command: Command, flags: string, template: string, value: string): Command {
	const option = command.options.find((o) => o.flags === flags);
	if (!option) throw new Error(`${command.name()}: no option ${flags}`);
	const [before = '', after = ''] = template.split('{value}');
	const help = command.createHelp();
	option.description = `${before.trimEnd()}\n${' '.repeat(help.padWidth(command, help) + 2)}${value}${after}`;
	return command;
}

/** ping's and rpc's waits. */
export const seconds = secondsUpTo(MAX_WAIT_SECONDS);

export function count(raw: string): number {
	const n = countValue(raw);
	if (n === undefined) throw new InvalidArgumentError('a whole number ≥ 0');
	return n;
}

/** The options ping and rpc share, defined once so both say and parse them the same way. */
export function withConnectionOptions(command: Command): Command {
	return command
		.requiredOption('-c, --config <file>', say('connection-config'))
		.addOption(
			new Option('--connect-timeout <seconds>', say('connection-connect-timeout')).argParser(seconds),
		)
		.option('--server-config <file>', say('connection-server-config'))
		.option('-T, --target <collective>', say('connection-target'))
		.option('--json', say('connection-json'));
}
