/**
 * Whether server.cfg tells mcollectived not to activate an agent, as MCollective 2.12 decides it
 * (rpc/agent.rb `activate?`): the global `activate_agents` (default true), overridden by
 * `plugin.<agent>.activate_agent`, both read with Util.str_to_bool. An agent that defines its own
 * `activate_when` replaces this rule, so the answer is what the file says, not proof by itself.
 */
import type {McoConfig} from './mco-config/model.js';

/** Util.str_to_bool; undefined where Ruby raises (mcollectived would not start with it). */
function rubyBool(value: string): boolean | undefined {
	const v = value.trim();
	if (/^(1|yes|true|y|t)$/i.test(v)) return true;
	if (/^(0|no|false|n|f)$/i.test(v)) return false;
	return undefined;
}

/** The server.cfg line that switches `agent` off (e.g. `plugin.openshift.activate_agent = false`), or undefined. */
export function agentSwitchedOffBy(config: McoConfig, agent: string): string | undefined {
	const specific = config.pluginconf.get(`${agent}.activate_agent`);
	if (specific !== undefined) {
		return rubyBool(specific) === false ? `plugin.${agent}.activate_agent = ${specific.trim()}` : undefined;
	}
	const global = config.settings.get('activate_agents');
	return global !== undefined && rubyBool(global) === false
		? `activate_agents = ${global.trim()}`
		: undefined;
}

/** Where an agent file sets its own activation rule: 1-based line and that line's code. */
export type OwnActivationRule = {readonly line: number; readonly code: string};

/** That rule in the agent file found on this host (JSON-safe: rung data for src/core/diagnose.ts). */
export type OwnActivation = OwnActivationRule & {readonly file: string};

/** `file:line: code`, as evidence cites it. */
export function ownActivationRef(own: OwnActivation): string {
	return `${own.file}:${own.line}: ${own.code}`;
}

/**
 * Ruby source with comments (`# …`, `=begin … =end`) and the contents of quoted strings blanked
 * out, newlines kept so line numbers stay true. Enough Ruby for an agent file: '…' and "…" with
 * backslash escapes; `#{…}` inside "…" is blanked with the string. Heredocs and %q() literals
 * are not (a false "own rule" from one would make the verdict undecided, not wrong).
 */
export function rubyCodeOnly(source: string): string {
	const out: string[] = [];
	let i = 0;
	let lineStart = true;
	while (i < source.length) {
		const ch = source[i] ?? '';
		if (lineStart && source.startsWith('=begin', i)) {
			const end = source.indexOf('\n=end', i);
			const stop = end < 0 ? source.length : end + '\n=end'.length;
			out.push(source.slice(i, stop).replace(/[^\n]/g, ' '));
			i = stop;
			lineStart = false;
			continue;
		}
		lineStart = ch === '\n';
		if (ch === '#') {
			const end = source.indexOf('\n', i);
			const stop = end < 0 ? source.length : end;
			out.push(' '.repeat(stop - i));
			i = stop;
			continue;
		}
		// a quote opens a string unless it is a character literal `?'` or part of `:'sym'` (kept as a string)
		if ((ch === "'" || ch === '"') && source[i - 1] !== '?') {
			let j = i + 1;
			while (j < source.length && source[j] !== ch) j += source[j] === '\\' ? 2 : 1;
			const stop = Math.min(j + 1, source.length);
			out.push(ch + source.slice(i + 1, stop - 1).replace(/[^\n]/g, ' ') + (j < source.length ? ch : ''));
			i = stop;
			continue;
		}
		out.push(ch);
		i++;
	}
	return out.join('');
}

/**
 * Whether an agent file replaces MCollective's default activation rule (server.cfg's
 * `activate_agents` / `plugin.<agent>.activate_agent`): 2.12's `activate_when do … end` defines the
 * class's `activate?` (rpc/agent.rb), as does a plain `def self.activate?`; either way server.cfg's
 * line has no effect. The first such line, outside comments and strings; undefined: the default rule.
 */
export function ownActivationRule(source: string): OwnActivationRule | undefined {
	const code = rubyCodeOnly(source).split('\n');
	const lines = source.split('\n');
	const rule = /(?:^|[\s;(){}])(?:activate_when\b(?!\s*[=?!:])|def\s+self\.activate\?)/;
	for (let n = 0; n < code.length; n++) {
		const text = code[n] ?? '';
		if (rule.test(text) && !/\bdef\s+(?:self\.)?activate_when\b/.test(text))
			return {line: n + 1, code: (lines[n] ?? '').trim()};
	}
	return undefined;
}
