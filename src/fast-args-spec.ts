/**
 * Build-time only (scripts/build.mjs bundles and runs it, like src/help-texts.ts): the option
 * spec of each subcommand src/core/fast-args.ts parses without commander, read off commander's
 * own definition (src/program.ts), so the two cannot drift. An option whose parsing the fast
 * path cannot reproduce (another argParser, choices, an env var, an optional value, conflicts…)
 * fails the build: then the command is left out of the fast path on purpose, never silently.
 */
import type {Argument, Option} from 'commander';
import {count, seconds} from './commands/options.js';
import {
	FAST_ARG_COMMANDS,
	type FastArgSpecs,
	type FastCommandSpec,
	type FastOperand,
	type FastOption,
	type FastValueKind,
} from './core/fast-args.js';
import {createProgram} from './program.js';

export function fastArgSpecs(): FastArgSpecs {
	const program = createProgram();
	const specs: Record<string, FastCommandSpec> = {};
	for (const name of FAST_ARG_COMMANDS) {
		const command = program.commands.find((c) => c.name() === name);
		if (!command) throw new Error(`fast args: no command ${name}`);
		if (command.commands.length > 0) throw new Error(`fast args: ${name} has subcommands`);
		const options = command.options.map((o) => fastOption(name, o));
		const operands = command.registeredArguments.map((a) => fastOperand(name, a));
		specs[name] = operands.length > 0 ? {options, operands} : {options};
	}
	return specs;
}

/** An argument as it is typed: no parser, choices or default that the fast path would have to copy. */
function fastOperand(command: string, a: Argument): FastOperand {
	if (a.parseArg !== undefined || a.argChoices !== undefined || a.defaultValue !== undefined)
		throw new Error(`fast args: ${command} <${a.name()}> is not a plain argument`);
	return {name: a.name(), required: a.required, variadic: a.variadic};
}

function valueKind(command: string, o: Option): FastValueKind {
	if (o.parseArg === undefined) return 'string';
	if (o.parseArg === seconds) return 'seconds';
	if (o.parseArg === count) return 'count';
	throw new Error(`fast args: ${command} ${o.flags} has an argParser the fast path does not know`);
}

/** Fields commander sets on every Option that its typings leave out. */
type OptionInternals = {readonly conflictsWith: readonly string[]; readonly implied?: object};

function fastOption(command: string, o: Option): FastOption {
	const {conflictsWith, implied} = o as Option & OptionInternals;
	const long = o.long ?? '';
	const unsupported =
		o.optional ||
		o.negate ||
		o.envVar !== undefined ||
		o.presetArg !== undefined ||
		o.argChoices !== undefined ||
		conflictsWith.length > 0 ||
		implied !== undefined ||
		!long.startsWith('--') ||
		(o.short !== undefined && !/^-[A-Za-z]$/.test(o.short) && !/^--[A-Za-z][A-Za-z0-9-]*$/.test(o.short));
	if (unsupported) throw new Error(`fast args: ${command} ${o.flags} is not a plain option`);
	const dflt = o.defaultValue as unknown;
	if (dflt !== undefined && !['string', 'number', 'boolean'].includes(typeof dflt))
		throw new Error(`fast args: ${command} ${o.flags} has a default that is not a plain value`);
	return {
		attribute: o.attributeName(),
		long: long.slice(2),
		// Commander takes the first of two long flags (`--dt, --discovery-timeout`) as the short one.
		...(o.short?.startsWith('--') ? {alias: o.short.slice(2)} : o.short ? {short: o.short.slice(1)} : {}),
		...(o.required ? {value: valueKind(command, o)} : {}),
		variadic: o.variadic,
		mandatory: o.mandatory,
		...(dflt !== undefined ? {default: dflt as string | number | boolean} : {}),
	};
}
