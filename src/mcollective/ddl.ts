/**
 * Just enough of an agent DDL (Ruby source) to do what `mco rpc` uses the client-side DDL for:
 * type the `k=v` arguments (application/rpc.rb:64-78: integer, number, float, boolean), show
 * outputs under their `display_as` labels, and know the agent timeout. Read with regexes, never
 * evaluated; an unreadable DDL just means untyped strings and raw key names, as before.
 */
import {type MarshalInput, RubyFloat} from './marshal.js';

export type DdlInput = {readonly name: string; readonly type: string; readonly optional: boolean};
export type DdlOutput = {readonly name: string; readonly displayAs: string};
export type DdlAction = {readonly inputs: readonly DdlInput[]; readonly outputs: readonly DdlOutput[]};
export type AgentDdl = {
	readonly timeout: number | undefined;
	readonly actions: ReadonlyMap<string, DdlAction>;
};

export function parseAgentDdl(text: string): AgentDdl {
	const timeout = /:timeout\s*=>\s*(\d+)/.exec(text)?.[1];
	const actions = new Map<string, DdlAction>();
	const actionRe = /^\s*action\s+["'](\w+)["']/gm;
	const starts = [...text.matchAll(actionRe)];
	for (const [i, match] of starts.entries()) {
		const block = text.slice(match.index ?? 0, starts[i + 1]?.index ?? text.length);
		const pieces = block.split(/^\s*(?=input\s+:|output\s+:)/m);
		const inputs: DdlInput[] = [];
		const outputs: DdlOutput[] = [];
		for (const piece of pieces) {
			const input = /^input\s+:(\w+)/.exec(piece);
			if (input?.[1]) {
				inputs.push({
					name: input[1],
					type: /:type\s*=>\s*:(\w+)/.exec(piece)?.[1] ?? 'string',
					optional: /:optional\s*=>\s*true/.test(piece),
				});
			}
			const output = /^output\s+:(\w+)/.exec(piece);
			if (output?.[1]) {
				outputs.push({
					name: output[1],
					displayAs: /:display_as\s*=>\s*["']([^"']*)["']/.exec(piece)?.[1] ?? output[1],
				});
			}
		}
		if (match[1]) actions.set(match[1], {inputs, outputs});
	}
	return {timeout: timeout === undefined ? undefined : Number(timeout), actions};
}

/**
 * `k=v` → value typed as the DDL says (ddl.rb:96-111): integer → Integer, number → Integer or
 * Float, float → Float, boolean → true/false; everything else stays a String. Returns an error
 * text for a value the type cannot take.
 */
export function typeArgument(raw: string, type: string | undefined): {value: MarshalInput} | {error: string} {
	switch (type) {
		case 'integer':
			return /^-?\d+$/.test(raw) ? {value: Number(raw)} : {error: `'${raw}' is not an integer`};
		case 'number':
			if (/^-?\d+$/.test(raw)) return {value: Number(raw)};
			return Number.isFinite(Number(raw)) && raw.trim() !== ''
				? {value: new RubyFloat(Number(raw))}
				: {error: `'${raw}' is not a number`};
		case 'float':
			return Number.isFinite(Number(raw)) && raw.trim() !== ''
				? {value: new RubyFloat(Number(raw))}
				: {error: `'${raw}' is not a float`};
		case 'boolean':
			if (/^(1|yes|true|y|t)$/i.test(raw)) return {value: true};
			if (/^(0|no|false|n|f)$/i.test(raw)) return {value: false};
			return {error: `'${raw}' is not a boolean`};
		default:
			return {value: raw};
	}
}
