import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {agentSwitchedOffBy, ownActivationRule, rubyCodeOnly} from '../../src/core/agent-activation.js';
import {readMcoConfig} from '../../src/core/mco-config/model.js';

// The later OpenShift Origin agent (origin-server plugins/msg-node/mcollective/src/openshift.rb),
// its opening as shipped: the class replaces 2.12's default activate? with its own block.
const ORIGIN_LATER = `require 'rubygems'
require 'openshift-origin-node'

module MCollective
  module Agent
    class Openshift<RPC::Agent
      # Metadata moved to openshift.ddl

      activate_when do
        @@config = ::OpenShift::Config.new
        true
      end

      def echo_action
        validate :msg, String
        reply[:msg] = request[:msg]
      end
    end
  end
end
`;

// The 2013 agent (and the lab's stand-in): no activate_when, so server.cfg decides.
const ORIGIN_2013 = `module MCollective
  module Agent
    class Openshift<RPC::Agent
      metadata    :name        => "Libra Management",
                  :timeout     => 240

      def echo_action
        validate :msg, String
        reply[:msg] = request[:msg]
      end
    end
  end
end
`;

describe('ownActivationRule', () => {
	it("finds the later OpenShift agent's activate_when, with its line", () => {
		assert.deepEqual(ownActivationRule(ORIGIN_LATER), {line: 9, code: 'activate_when do'});
	});

	it('the 2013 agent has none: the default rule (server.cfg) applies', () => {
		assert.equal(ownActivationRule(ORIGIN_2013), undefined);
	});

	it('brace blocks, one-liners and def self.activate? count too', () => {
		assert.equal(ownActivationRule('class A<RPC::Agent\n  activate_when { false }\nend')?.line, 2);
		assert.equal(ownActivationRule('class A<RPC::Agent; activate_when do false end; end')?.line, 1);
		assert.deepEqual(ownActivationRule('class A<RPC::Agent\n  def self.activate?\n    false\n  end\nend'), {
			line: 2,
			code: 'def self.activate?',
		});
	});

	it('not in comments, =begin blocks, strings, symbols or method names', () => {
		const quiet = [
			'# activate_when do',
			'      # activate_when do false end  (disabled)',
			'=begin\nactivate_when do\n  false\nend\n=end',
			'Log.debug("no activate_when do here")',
			"Log.debug('activate_when { x }')",
			'respond_to?(:activate_when)',
			'klass.activate_when_ready',
			'def self.activate_when(&block)',
			'x = "a\\" activate_when do"',
		];
		for (const src of quiet) assert.equal(ownActivationRule(`${ORIGIN_2013}${src}\n`), undefined, src);
	});

	it('a rule after a comment or string on earlier lines keeps its true line number', () => {
		const src = `=begin\nnotes\n=end\n# "quoted\nx = 'multi\nline'\nactivate_when do\n  true\nend\n`;
		assert.equal(ownActivationRule(src)?.line, 7);
	});
});

describe('rubyCodeOnly', () => {
	it('keeps code and newlines, blanks comments and string contents', () => {
		const out = rubyCodeOnly(`a = "x#y" # c\nb = 'z'\n`);
		assert.equal(out, `a = "   "    \nb = ' '\n`);
	});
});

describe('agentSwitchedOffBy', () => {
	it('plugin.openshift.activate_agent = false, or the global activate_agents = no', () => {
		const specific = readMcoConfig('plugin.openshift.activate_agent = false\n');
		assert.equal(agentSwitchedOffBy(specific, 'openshift'), 'plugin.openshift.activate_agent = false');
		const global = readMcoConfig('activate_agents = no\n');
		assert.equal(agentSwitchedOffBy(global, 'openshift'), 'activate_agents = no');
		const both = readMcoConfig('activate_agents = no\nplugin.openshift.activate_agent = 1\n');
		assert.equal(agentSwitchedOffBy(both, 'openshift'), undefined);
	});
});
