# Lab stand-in for the OpenShift Origin node MCollective agent: only the 'echo' action, which
# returns the message it was given (and the node's clock, so clock skew is visible).
module MCollective
  module Agent
    class Openshift < RPC::Agent
      # mco rpc openshift echo msg=foo  ->  Message: foo / Time: <node UTC time>
      action "echo" do
        validate :msg, String
        reply[:msg]  = request[:msg]
        reply[:time] = Time.now.utc.strftime("%Y-%m-%dT%H:%M:%S.%6NZ")
      end
    end
  end
end
