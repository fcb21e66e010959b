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
