#!/usr/bin/env bash
# The three-host real lab: the seed's topology on one machine, each host in its own network,
# mount, UTS and PID namespace, joined by a bridge that lives in a namespace of its own.
#
#   msg1.infra.example.com    198.18.0.1   ActiveMQ 5.17, STOMP on 198.18.0.1:61613
#   broker.infra.example.com  198.18.0.2   the MCollective client (mco); where the wizard runs for landmarks 2, 4, 5
#   node1.infra.example.com   198.18.0.11  mcollectived 2.12
#   node2.infra.example.com   198.18.0.12  mcollectived 2.12
#   (msg2.infra.example.com   198.18.0.3   named in every /etc/hosts; no host answers there)
#
# Each host sees its own /etc/hosts, /etc/hostname, /etc/resolv.conf (no name server),
# /etc/mcollective, /var/log and /usr/share/mcollective/plugins (bind mounts from
# $MCO_LAB3_DIR/hosts/HOST/ in the host's private mount namespace), its own hostname and its own
# process list. Nothing is added to the machine's root network namespace (no address, route,
# bridge or NAT), its loopback is untouched, and /etc of the machine is never written.
#
# Usage: hosts.sh up | down | status | on HOST [CMD...] | restart-server [HOST] | restart-broker
#                 | fault NAME on|off | fault list | locked CMD...
#
#   up              create the namespaces and bridge (a host already up gets back any bind mount
#                   it lost), write the good configs, start ActiveMQ on
#                   msg1 and mcollectived on node1/node2, clear any fault, wait until the real
#                   `mco ping` ON broker lists node1 and node2 (bounded). Idempotent.
#   down            stop the daemons (SIGTERM, SIGKILL after 15 s), end each host, delete every
#                   namespace. Leaves no namespace, process or mount. Idempotent.
#   status          hosts, daemons, who answers mco ping on broker, active fault
#   on HOST [CMD]   run CMD (default: bash) as HOST: its namespaces, hostname and files. A
#                   signal to `on` does not reach CMD (nsenter does not forward it; ^C at a
#                   terminal does): bound it inside, e.g. `on broker timeout -s INT 20 mco ping`
#   restart-broker  restart ActiveMQ on msg1 with what its activemq.xml now holds (from the machine)
#   restart-server [HOST]  restart mcollectived on HOST (default: the host it runs on) with what its
#                   /etc/mcollective/server.cfg now holds (the wizard's serviceRestart on a node)
#   fault NAME on|off   one at a time; `off` restores the good configs and waits for both nodes
#   locked CMD...   run CMD holding the lab3 lock (nested hosts.sh calls do not wait for it)
#   fault list      the fault names:
#     broker-stopped        ActiveMQ on msg1 stopped
#     stomp-firewalled      nftables in msg1 drops TCP to port 61613 (a timeout, not a refusal)
#     wrong-port            broker's client.cfg port 61614 (msg1 refuses)
#     client-wrong-password broker's client.cfg topic password wrong
#     psk-mismatch          broker's client.cfg plugin.psk differs from both nodes'
#     collective-mismatch   broker's client.cfg on collective 'openshift', nodes on 'mcollective'
#     seed-client-cfg       broker's client.cfg is the seed's verbatim (connector stomp, no password)
#     node-wrong-password   node1's server.cfg topic password wrong (node1 restarted)
#     node-stopped          mcollectived on node1 stopped
#     agent-missing         the openshift agent removed from node1's libdir (node1 restarted)
#     agent-broken          node1's openshift agent requires a missing library, as in the seed
#     agent-disabled        node1's server.cfg `plugin.openshift.activate_agent = false` (loaded,
#                           not activated: absent from agent_inventory; node1 restarted)
#     agent-declines        node1's agent with its own `activate_when do false end` AND server.cfg
#                           `plugin.openshift.activate_agent = false`: 2.12 reads only the agent's
#                           rule (declined, absent from agent_inventory); the server.cfg line is no cause
#     clock-skew            node1's mcollectived under libfaketime 300 s ahead
#     node-wrong-broker     node1's server.cfg host msg2.infra.example.com (nothing answers there)
#     node2-psk-mismatch    node2's server.cfg plugin.psk differs (node1 answers, node2 does not)
#     queue-not-authorized  msg1's activemq.xml gives `mcollective.>` queues to admins only, not the
#                           topic user (the seed's authorization trap; ActiveMQ restarted)
#
# Env: MCO_LAB3_DIR (default /var/lib/mco-wizard-lab3), MCO_LAB_TIMEOUT (s, default 90),
#      STOMP_TRACE=1 (ActiveMQ logs every STOMP frame; applies when it starts).
# Never kills by process name: PID files (the daemons' PIDs as their host sees them, the hosts'
# init PIDs as the machine sees them).
set -euo pipefail

SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$SRC/.." && pwd)"
LAB="${MCO_LAB3_DIR:-/var/lib/mco-wizard-lab3}"
TIMEOUT="${MCO_LAB_TIMEOUT:-90}"
DOMAIN=infra.example.com
HOSTS=(msg1 broker node1 node2)
NODES=(node1 node2)
declare -A ADDR=([msg1]=198.18.0.1 [broker]=198.18.0.2 [node1]=198.18.0.11 [node2]=198.18.0.12)
PREFIX=24
NOWHERE=198.18.0.3             # msg2's address: on the lab's net, no host behind it
PORT=61613
NS=mcolab3                     # namespace names: mcolab3-<host>, mcolab3-switch
SWITCH="$NS-switch"

GOOD="$LAB/good"               # known-good configs per host (rendered by the wizard's renderer)
RUN="$LAB/run"                 # host init PIDs (machine view), fault state
FAULT_FILE="$RUN/fault"
LOCK="$LAB/lock"
QUEUE="$LAB/lock.queue"
LIBFAKETIME=/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1
CLOCK_SKEW="${MCO_LAB_CLOCK_SKEW:-+300s}"

FAULTS=(broker-stopped stomp-firewalled wrong-port client-wrong-password psk-mismatch
	collective-mismatch seed-client-cfg node-wrong-password node-stopped agent-missing agent-broken agent-disabled agent-declines
	clock-skew node-wrong-broker node2-psk-mismatch queue-not-authorized)

log() { printf '[lab3 %s] %s\n' "$(date +%H:%M:%S.%1N)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN{printf "%.1f", b-a}'; }
fqdn() { echo "$1.$DOMAIN"; }
hostdir() { echo "$LAB/hosts/$1"; }

# shellcheck source=lock.sh
source "$SRC/lock.sh"

# Inside a lab host (hosts.sh run through `on`, e.g. as the wizard's serviceRestart) the machine's
# PIDs are not visible: only that host's own processes can be handled.
HERE="${MCO_LAB3_HOST:-}"

# Runs FN once per argument, concurrently; fails when any of them failed.
in_parallel() { # fn args...
	local fn="$1" a pids=() rc=0 p; shift
	for a in "$@"; do "$fn" "$a" & pids+=($!); done
	for p in "${pids[@]}"; do wait "$p" || rc=1; done
	return $rc
}

# ---------------------------------------------------------------- hosts (namespaces)
init_pid_file() { echo "$RUN/$1.init.pid"; }
# The host's init (PID 1 of its PID namespace), alive and in the host's network namespace.
host_up() {
	local f; f=$(init_pid_file "$1")
	[[ -f "$f" && -e "/run/netns/$NS-$1" ]] || return 1
	local pid; pid=$(cat "$f")
	kill -0 "$pid" 2>/dev/null || return 1
	[[ "$(stat -L -c %i "/proc/$pid/ns/net" 2>/dev/null)" == "$(stat -L -c %i "/run/netns/$NS-$1")" ]]
}

# Runs a command as HOST. From the machine: nsenter into the host's init namespaces. Inside
# that same host: directly.
in_host() { # host cmd...
	local h="$1"; shift
	if [[ -n "$HERE" ]]; then
		[[ "$HERE" == "$h" ]] || die "running on $HERE: cannot act on $h from inside a lab host"
		"$@"; return
	fi
	host_up "$h" || die "host $h is not up (hosts.sh up)"
	local wd=/; [[ -d "$PWD" ]] && wd="$PWD"
	nsenter --target "$(cat "$(init_pid_file "$h")")" --mount --uts --net --pid --wd="$wd" -- \
		env MCO_LAB3_HOST="$h" HOSTNAME="$(fqdn "$h")" "$@"
}

write_host_files() { # host
	local h="$1" d; d=$(hostdir "$1")
	mkdir -p "$d/etc/mcollective" "$d/log" "$d/plugins" "$d/run"
	chmod 0700 "$d/etc/mcollective"
	# rewritten in place (not renamed): a running host has them bind-mounted
	{
		echo "127.0.0.1 localhost"
		echo "::1 localhost ip6-localhost ip6-loopback"
		local x; for x in "${HOSTS[@]}"; do echo "${ADDR[$x]} $(fqdn "$x") $x"; done
		echo "# retired message broker: the name resolves, no host answers there"
		echo "$NOWHERE msg2.$DOMAIN msg2"
	} >"$d/etc/hosts"
	fqdn "$h" >"$d/etc/hostname"
	# no name server: names resolve from /etc/hosts only, and no DNS packet leaves the lab
	echo "# lab host: names come from /etc/hosts only" >"$d/etc/resolv.conf"
	install -m 0644 "$SRC/mcollective/facts.yaml" "$d/etc/mcollective/facts.yaml"
}

# What a host binds over the machine's files: FILE-UNDER-hosts/HOST:PATH-IN-THE-HOST. Read by the
# init below and by ensure_mounts (`up` on a host already up puts back any that went missing).
BIND_MOUNTS=(etc/hosts:/etc/hosts etc/hostname:/etc/hostname etc/resolv.conf:/etc/resolv.conf
	etc/mcollective:/etc/mcollective plugins:/usr/share/mcollective/plugins log:/var/log)

# PID 1 of a host: bind its files over the machine's, set its hostname, then only reap children.
HOST_INIT='set -e
d=$1 name=$2; shift 2
for m; do
	[ -e "${m#*:}" ] || mkdir -p "${m#*:}"
	mount --bind "$d/${m%%:*}" "${m#*:}"
done
hostname "$name"
touch "$d/run/ready"
set +e
while :; do sleep 86400 & wait $!; done'

# A host already up: each bind mount still shows its own file (same device and inode seen from
# inside the host), else it is bound again. Once all four hosts lost theirs, cause unknown; a
# daemon started over the machine's files must restart, so a repair leaves $RUN/HOST.remounted.
ensure_mounts() { # host
	local h="$1" d m src dst pid; d=$(hostdir "$1")
	pid=$(cat "$(init_pid_file "$h")")
	for m in "${BIND_MOUNTS[@]}"; do
		src="$d/${m%%:*}" dst="${m#*:}"
		if nsenter --target "$pid" --mount -- bash -c '[[ -e "$2" && "$(stat -c %d:%i "$1")" == "$(stat -c %d:%i "$2")" ]]' _ "$src" "$dst"; then continue; fi
		log "host $h: $dst was not its own ($src); bound again"
		nsenter --target "$pid" --mount -- bash -c '{ [[ -e "$2" ]] || mkdir -p "$2"; } && mount --bind "$1" "$2"' _ "$src" "$dst" \
			|| die "host $h: cannot bind $src over $dst"
		touch "$RUN/$h.remounted"
	done
}

start_switch() {
	if [[ ! -e "/run/netns/$SWITCH" ]]; then ip netns add "$SWITCH"; fi
	ip -n "$SWITCH" link set lo up
	ip -n "$SWITCH" link show br0 >/dev/null 2>&1 || ip -n "$SWITCH" link add br0 type bridge
	ip -n "$SWITCH" link set br0 up
}

start_host() { # host
	local h="$1" d; d=$(hostdir "$1")
	write_host_files "$h"
	if host_up "$h"; then ensure_mounts "$h"; return 0; fi
	stop_host "$h" # leftovers of a host that died
	ip netns add "$NS-$h"
	ip -n "$NS-$h" link set lo up
	# the veth is created in the switch namespace and its peer moved into the host's: neither end
	# ever exists in the machine's root namespace
	ip -n "$SWITCH" link add "v-$h" type veth peer name eth0 netns "$NS-$h"
	ip -n "$SWITCH" link set "v-$h" master br0 up
	ip -n "$NS-$h" addr add "${ADDR[$h]}/$PREFIX" dev eth0
	ip -n "$NS-$h" link set eth0 up
	rm -f "$d/run/ready"
	ip netns exec "$NS-$h" unshare --mount --uts --pid --fork --kill-child --mount-proc --propagation private \
		bash -c "$HOST_INIT" lab3-init "$d" "$(fqdn "$h")" "${BIND_MOUNTS[@]}" </dev/null >>"$RUN/$h.init.out" 2>&1 &
	local unshare_pid=$! child="" start=$SECONDS
	echo "$unshare_pid" >"$RUN/$h.unshare.pid"
	while ((SECONDS - start < 10)); do
		child=$(cat "/proc/$unshare_pid/task/$unshare_pid/children" 2>/dev/null | awk '{print $1}') || true
		[[ -n "$child" && -f "$d/run/ready" ]] && break
		kill -0 "$unshare_pid" 2>/dev/null || die "host $h init exited: $(tail -n 5 "$RUN/$h.init.out")"
		sleep 0.05
	done
	[[ -n "$child" && -f "$d/run/ready" ]] || die "host $h init not ready after 10 s"
	echo "$child" >"$(init_pid_file "$h")"
}

# Ends a host: its init (PID 1) gets SIGKILL, which ends every process of that PID namespace;
# then its network namespace is deleted (a netns whose last process is gone leaves no trace).
stop_host() { # host
	local h="$1" f pid i
	f=$(init_pid_file "$h")
	for f in "$f" "$RUN/$h.unshare.pid"; do
		[[ -f "$f" ]] || continue
		pid=$(cat "$f")
		# only a process that is still this host's (a recycled PID is left alone)
		if ! tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q "lab3-init $(hostdir "$h") "; then rm -f "$f"; continue; fi
		kill -KILL "$pid" 2>/dev/null || true
		for i in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
		kill -0 "$pid" 2>/dev/null && die "host $h: pid $pid still alive after SIGKILL"
		rm -f "$f"
	done
	if [[ -e "/run/netns/$NS-$h" ]]; then
		local left; left=$(ip netns pids "$NS-$h" 2>/dev/null | tr '\n' ' ')
		[[ -z "${left// /}" ]] || die "host $h: processes not started by this lab in its namespace: $left"
		ip netns del "$NS-$h"
	fi
	ip -n "$SWITCH" link del "v-$h" 2>/dev/null || true
	rm -f "$(hostdir "$h")/run/"*.pid "$(hostdir "$h")/run/ready" "$RUN/$h.node-state"
}

# ---------------------------------------------------------------- daemons (PIDs as their host sees them)
daemon_pid_file() { echo "$(hostdir "$1")/run/$2.pid"; }
# The daemon's PID as seen from here: inside its host the recorded one; from the machine, the
# child of the host's init whose innermost PID is the recorded one (daemons are reparented to the
# init). Empty when it is not running. No nsenter: cheap enough to poll.
daemon_pid() { # host name
	local f inner init c; f=$(daemon_pid_file "$1" "$2")
	[[ -f "$f" ]] || return 0
	inner=$(cat "$f")
	if [[ "$HERE" == "$1" ]]; then kill -0 "$inner" 2>/dev/null && echo "$inner"; return 0; fi
	host_up "$1" || return 0
	init=$(cat "$(init_pid_file "$1")")
	for c in $(cat /proc/"$init"/task/*/children 2>/dev/null); do
		[[ "$(awk '/^NSpid:/ {print $NF}' "/proc/$c/status" 2>/dev/null)" == "$inner" ]] && { echo "$c"; return 0; }
	done
}
daemon_alive() { [[ -n "$(daemon_pid "$1" "$2")" ]]; }

# Starts CMD in the background as HOST, in its own session, output appended to /var/log/NAME.out
# of that host, PID recorded.
start_daemon() { # host name cmd...
	local h="$1" name="$2"; shift 2
	# shellcheck disable=SC2016
	in_host "$h" bash -c 'f=$1 out=$2; shift 2; cd /; setsid "$@" </dev/null >>"$out" 2>&1 & echo $! >"$f"' \
		_ "$(daemon_pid_file "$h" "$name")" "/var/log/$name.out" "$@"
	# the starting shell has exited once in_host returns: the daemon is the init's child now
}

stop_daemon() { # host name
	local h="$1" name="$2" pid i
	pid=$(daemon_pid "$h" "$name")
	if [[ -z "$pid" ]]; then rm -f "$(daemon_pid_file "$h" "$name")"; return 0; fi
	kill -TERM "$pid" 2>/dev/null || true
	for i in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
	if kill -0 "$pid" 2>/dev/null; then log "$name on $h (pid $pid) ignored SIGTERM, SIGKILL"; kill -KILL "$pid" 2>/dev/null || true; fi
	rm -f "$(daemon_pid_file "$h" "$name")"
	log "$name on $h stopped"
}

mco_on_broker() { # seconds args...
	local s="$1"; shift
	in_host broker timeout -s INT -k 3 "$s" mco "$@"
}

# Identities that answer a real `mco ping` on broker with the good client.cfg.
answering_nodes() {
	mco_on_broker 8 ping -t 1 --connection-timeout 3 -c "$GOOD/broker/client.cfg" 2>/dev/null |
		awk '/^[a-z0-9.-]+ +time=/ {print $1}' | sort || true
}

tail_logs() {
	local h f
	for h in "${HOSTS[@]}"; do
		for f in "$(hostdir "$h")/log/mcollective.log" "$(hostdir "$h")/log/activemq/activemq.log" "$(hostdir "$h")/log/"*.out; do
			[[ -s "$f" ]] || continue
			log "last lines of $f ($h):"; tail -n 8 "$f" >&2 || true
		done
	done
}

wait_nodes_answer() { # timeout_s [quiet]
	local t0 start=$SECONDS got want quiet="${2:-}"
	t0=$(now)
	want=$(printf '%s\n' "${NODES[@]/%/.$DOMAIN}" | sort)
	until got=$(answering_nodes) && [[ "$got" == "$want" ]]; do
		if ((SECONDS - start > $1)); then
			[[ -n "$quiet" ]] && return 1
			log "not both nodes answered a real mco ping on broker within $1 s (answering: ${got//$'\n'/ })"
			tail_logs; return 1
		fi
		local n; for n in "${NODES[@]}"; do daemon_alive "$n" mcollectived || { log "mcollectived on $n is not running"; tail_logs; return 1; }; done
		sleep 0.3
	done
	log "node1 and node2 answer mco ping on broker ($(since "$t0") s)"
}

amq_user() { if id activemq >/dev/null 2>&1; then echo activemq; else id -un; fi; }
# A socket listening on the STOMP port in msg1's network namespace (read from the machine through
# its init's /proc/PID/net/tcp: no connection, so the firewall fault does not change the answer).
stomp_listening() {
	host_up msg1 || return 1
	local port_hex; port_hex=$(printf '%04X' "$PORT")
	awk -v p=":$port_hex" 'substr($2, length($2) - 4) == p && $4 == "0A" {found = 1} END {exit !found}' \
		"/proc/$(cat "$(init_pid_file msg1)")/net/tcp" "/proc/$(cat "$(init_pid_file msg1)")/net/tcp6" # java: a v6 socket
}

start_broker() { launch_broker && wait_broker; }
# Starts java and returns at once (the other hosts are set up while it boots).
launch_broker() {
	if daemon_alive msg1 activemq; then return 0; fi
	local d amq user
	now >"$RUN/activemq.t0"
	d=$(hostdir msg1); amq="$d/activemq"; user=$(amq_user)
	mkdir -p "$amq/conf" "$amq/tmp" "$d/log/activemq"
	chown -R "$user" "$amq" "$d/log/activemq"
	local trace=false; [[ "${STOMP_TRACE:-0}" == 1 ]] && trace=true
	local runas=(); [[ "$user" != "$(id -un)" ]] && runas=(setpriv --reuid="$user" --regid="$user" --init-groups)
	# Same JVM flags as lab.sh (Debian's /usr/bin/activemq); data and log in msg1's /var/log/activemq.
	start_daemon msg1 activemq "${runas[@]}" java -Xms128M -Xmx256M -Dorg.apache.activemq.UseDedicatedTaskRunner=true \
		--add-reads=java.xml=java.logging \
		--add-opens java.base/java.security=ALL-UNNAMED --add-opens java.base/java.net=ALL-UNNAMED \
		--add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/java.util=ALL-UNNAMED \
		--add-opens java.naming/javax.naming.spi=ALL-UNNAMED --add-opens java.rmi/sun.rmi.transport.tcp=ALL-UNNAMED \
		--add-opens java.base/java.util.concurrent=ALL-UNNAMED --add-opens java.base/java.util.concurrent.atomic=ALL-UNNAMED \
		--add-exports=java.base/sun.net.www.protocol.http=ALL-UNNAMED --add-exports=java.base/sun.net.www.protocol.https=ALL-UNNAMED \
		--add-exports=java.base/sun.net.www.protocol.jar=ALL-UNNAMED --add-exports=jdk.xml.dom/org.w3c.dom.html=ALL-UNNAMED \
		--add-exports=jdk.naming.rmi/com.sun.jndi.url.rmi=ALL-UNNAMED \
		-Dactivemq.classpath="$amq/conf" -Dactivemq.home=/usr/share/activemq -Dactivemq.base="$amq" \
		-Dactivemq.conf="$amq/conf" -Dactivemq.data=/var/log/activemq -Djava.io.tmpdir="$amq/tmp" \
		-Dmcolab.stomp.trace="$trace" \
		-jar /usr/share/activemq/bin/activemq.jar start "xbean:file:$amq/conf/activemq.xml"
}
wait_broker() {
	local start=$SECONDS
	until stomp_listening; do
		daemon_alive msg1 activemq || { log "activemq on msg1 exited during start-up"; tail_logs; return 1; }
		if ((SECONDS - start > TIMEOUT)); then log "STOMP not listening on msg1 after ${TIMEOUT} s"; tail_logs; return 1; fi
		sleep 0.2
	done
	log "activemq on msg1 (pid $(daemon_pid msg1 activemq)) listening on ${ADDR[msg1]}:$PORT ($(since "$(cat "$RUN/activemq.t0")") s since its start)"
}
stop_broker() { stop_daemon msg1 activemq; }

# What a node runs: its server.cfg, its agent files, its clock. `off` restarts a node whose
# state differs from the good one.
node_state() { # host [faketime]
	local d; d=$(hostdir "$1")
	# (the agent directory is empty under agent-missing: the glob then matches nothing)
	{ cat "$d/etc/mcollective/server.cfg" "$d/plugins/mcollective/agent/"* 2>/dev/null || true; } | sha256sum | cut -d' ' -f1
	echo "faketime=${2:-}"
}

start_node() { # host
	local h="$1" d before ft="" env=()
	d=$(hostdir "$h")
	if daemon_alive "$h" mcollectived; then return 0; fi
	[[ -f "$RUN/$h.faketime" ]] && ft=$(cat "$RUN/$h.faketime")
	[[ -n "$ft" ]] && env=(env LD_PRELOAD="$LIBFAKETIME" FAKETIME="$ft" FAKETIME_DONT_RESET=1)
	before=0; [[ -f "$d/log/mcollective.log" ]] && before=$(wc -l <"$d/log/mcollective.log")
	start_daemon "$h" mcollectived "${env[@]}" /usr/sbin/mcollectived --config=/etc/mcollective/server.cfg --no-daemonize
	node_state "$h" "$ft" >"$RUN/$h.node-state"
	# started = alive and connected to the broker (not proof it answers: see real-lab.md; mco ping
	# is), or alive and failing to connect (a fault); at most 10 s. The connector logs "Connected to"
	# and "failed on attempt" at INFO; "Subscribing to" is DEBUG, so waiting for it alone cost the
	# full 10 s with the loglevel the wizard writes (info). At warn or above no line comes: the
	# node's established STOMP socket says it then.
	local start=$SECONDS
	while ((SECONDS - start < 10)); do
		daemon_alive "$h" mcollectived || { log "mcollectived on $h exited at start-up"; tail_logs; return 1; }
		tail -n +"$((before + 1))" "$d/log/mcollective.log" 2>/dev/null |
			grep -qE "on_connected' Connected to|Subscribing to /topic/|failed on attempt" && break
		node_stomp_established "$h" && break
		sleep 0.1
	done
	log "mcollectived on $h (pid $(daemon_pid "$h" mcollectived)) started${ft:+ (FAKETIME=$ft)}"
}
# An established TCP connection to the STOMP port in HOST's network namespace (read from the
# socket table: no packet is sent). Only mcollectived connects to the broker from a node host.
node_stomp_established() { # host
	local h="$1"
	if [[ "$HERE" == "$h" ]]; then ss -Htn state established "( dport = :$PORT )"
	else ip netns exec "$NS-$h" ss -Htn state established "( dport = :$PORT )"; fi 2>/dev/null | grep -q .
}
stop_node() { stop_daemon "$1" mcollectived; }
restart_node() { stop_node "$1"; start_node "$1"; }
node_on_good_state() { # host
	daemon_alive "$1" mcollectived && [[ -f "$RUN/$1.node-state" ]] &&
		[[ "$(cat "$RUN/$1.node-state")" == "$(node_state "$1")" ]]
}

# ---------------------------------------------------------------- files
render_configs() {
	mkdir -p "$GOOD"; chmod 0700 "$GOOD"
	(cd "$REPO" && node --import tsx lab/render-hosts-config.ts "$GOOD") ||
		die "rendering the lab3 configs failed (is npm install done?)"
}

install_agent() { # host [broken|declines]
	local a; a="$(hostdir "$1")/plugins/mcollective/agent"
	mkdir -p "$a"
	install -m 0644 "$SRC/mcollective/plugins/mcollective/agent/openshift.ddl" "$a/"
	if [[ "${2:-}" == declines ]]; then
		# its own activation rule (as later OpenShift agents have), saying no
		sed '/^ *class Openshift < RPC::Agent/a\      activate_when do\n        false\n      end' \
			"$SRC/mcollective/plugins/mcollective/agent/openshift.rb" >"$a/openshift.rb.new"
		grep -q '^ *activate_when do' "$a/openshift.rb.new" || die "no class line to add activate_when to in the stand-in agent"
	elif [[ "${2:-}" == broken ]]; then
		{
			echo "# Same agent, but it needs a library the node does not have, as in the seed."
			echo "require 'openshift-origin-container-selinux'"
			cat "$SRC/mcollective/plugins/mcollective/agent/openshift.rb"
		} >"$a/openshift.rb.new"
	else
		cp "$SRC/mcollective/plugins/mcollective/agent/openshift.rb" "$a/openshift.rb.new"
	fi
	chmod 0644 "$a/openshift.rb.new"; mv "$a/openshift.rb.new" "$a/openshift.rb"
}

# The msg1 broker config: the lab's activemq.xml with its STOMP connector on msg1's address.
amq_conf() { echo "$(hostdir msg1)/activemq/conf/activemq.xml"; }
# The good activemq.xml for msg1 in $GOOD (what faults start from and `off` restores).
render_good_amq_conf() {
	mkdir -p "$GOOD/msg1"
	# msg1 has no lab CA (lab.sh makes the single lab's): without its keystore the single lab's
	# stomp+ssl connector would stop ActiveMQ from starting at all, so msg1 serves plain STOMP only
	sed -e "s|stomp+nio://127\\.0\\.0\\.1:$PORT|stomp+nio://${ADDR[msg1]}:$PORT|" \
		-e '/<sslContext>/,/<\/sslContext>/d' -e '/stomp+ssl:/d' \
		"$SRC/activemq/activemq.xml" >"$GOOD/msg1/activemq.xml.new"
	grep -q "stomp+nio://${ADDR[msg1]}:$PORT" "$GOOD/msg1/activemq.xml.new" || die "activemq.xml: STOMP connector not found (template changed?)"
	mv "$GOOD/msg1/activemq.xml.new" "$GOOD/msg1/activemq.xml"
}
install_activemq_conf() {
	local conf; conf="$(hostdir msg1)/activemq/conf"
	mkdir -p "$conf"
	render_good_amq_conf
	cp "$GOOD/msg1/activemq.xml" "$conf/activemq.xml.new"
	mv "$conf/activemq.xml.new" "$conf/activemq.xml"
	install -m 0644 "$SRC/activemq/log4j.properties" "$conf/"
}
# msg1's activemq.xml back to the good one (a fault or the wizard changed it); ActiveMQ restarted
# when it ran with another file, since it reads the file only at start.
restore_activemq_conf() {
	render_good_amq_conf
	cmp -s "$GOOD/msg1/activemq.xml" "$(amq_conf)" && return 0
	log "msg1's activemq.xml differs from the good one: restoring it and restarting ActiveMQ"
	install_activemq_conf
	chown "$(amq_user)" "$(amq_conf)"
	if daemon_alive msg1 activemq; then stop_broker; start_broker; AMQ_RESTARTED=1; fi
}

write_answers() { # host
	local h="$1" d; d=$(hostdir "$1")
	local system
	case "$h" in
	broker) system="configDir = /etc/mcollective
clientConfig = /etc/mcollective/client.cfg
libdir = /usr/share/mcollective/plugins
mco = mco" ;;
	node*) system="configDir = /etc/mcollective
serverConfig = /etc/mcollective/server.cfg
nodeLog = /var/log/mcollective.log
libdir = /usr/share/mcollective/plugins
identity = $(fqdn "$h")
serviceRestart = bash $REPO/lab/hosts.sh restart-server" ;;
	*) system="configDir = /etc/mcollective" ;;
	esac
	umask 077
	cat >"$d/answers.ini.new" <<-EOF
		; mco-wizard answers for $(fqdn "$h") in the three-host lab (written by lab/hosts.sh up).
		; Paths are as this host sees them: run the wizard here with lab/hosts.sh on $h ...
		[ingredients]
		brokerHost = msg1.$DOMAIN
		stompPort = $PORT
		topicUser = mcollective
		topicPassword = marionette
		adminPassword = msgadminsecret
		psk = mcsecret
		connector = activemq
		collectives = mcollective
		clientHost = broker.$DOMAIN
		nodeIdentities = node1.$DOMAIN,node2.$DOMAIN
		platform = plain

		[system]
		$system
	EOF
	umask 022
	mv "$d/answers.ini.new" "$d/answers.ini"
}

install_files() {
	mkdir -p "$LAB" "$RUN" "$LAB/hosts"
	chmod 0755 "$LAB"
	render_configs
	install_activemq_conf
	local h; for h in "${HOSTS[@]}"; do write_host_files "$h"; write_answers "$h"; done
	install_agent broker # the client needs the DDL for `mco rpc openshift echo`
}

restore_good_state() {
	install -m 0600 "$GOOD/broker/client.cfg" "$(hostdir broker)/etc/mcollective/client.cfg"
	local n; for n in "${NODES[@]}"; do
		install -m 0600 "$GOOD/$n/server.cfg" "$(hostdir "$n")/etc/mcollective/server.cfg"
		install_agent "$n"
		rm -f "$RUN/$n.faketime"
	done
	if host_up msg1 && in_host msg1 nft list table inet lab3fw >/dev/null 2>&1; then in_host msg1 nft delete table inet lab3fw; fi
}

# ---------------------------------------------------------------- commands
cmd_up() {
	local t0; t0=$(now)
	[[ -z "$HERE" ]] || die "run hosts.sh up from the machine, not from inside $HERE"
	lock_acquire
	install_files
	[[ -f "$FAULT_FILE" ]] && log "clearing fault $(cat "$FAULT_FILE")"
	start_switch
	start_host msg1
	local broker_was_up=1
	daemon_alive msg1 activemq || broker_was_up=0
	# ActiveMQ started while msg1's files were not its own: start it again over the right ones
	if [[ -f "$RUN/msg1.remounted" ]] && ((broker_was_up == 1)); then stop_broker; broker_was_up=0; fi
	rm -f "$RUN/msg1.remounted"
	restore_good_state
	rm -f "$FAULT_FILE"
	launch_broker # boots while the other hosts are made
	in_parallel start_host broker node1 node2
	wait_broker
	local n; for n in "${NODES[@]}"; do
		# a node that lost its broker sits in a reconnect back-off (20 s and more): restart it
		if ((broker_was_up == 0)) || ! node_on_good_state "$n" || [[ -f "$RUN/$n.remounted" ]]; then stop_node "$n"; fi
		rm -f "$RUN/$n.remounted"
	done
	rm -f "$RUN/broker.remounted"
	in_parallel start_node "${NODES[@]}"
	wait_nodes_answer "$TIMEOUT" || die "lab3 not healthy (see the log lines above)"
	log "lab3 up ($(since "$t0") s): msg1 ${ADDR[msg1]}:$PORT, broker, node1, node2; files in $LAB/hosts/HOST, answers $LAB/hosts/HOST/answers.ini"
}

cmd_down() {
	local t0; t0=$(now)
	[[ -z "$HERE" ]] || die "run hosts.sh down from the machine, not from inside $HERE"
	lock_acquire
	local h n
	for n in "${NODES[@]}"; do host_up "$n" && stop_node "$n"; done
	host_up msg1 && stop_broker
	for h in "${HOSTS[@]}"; do stop_host "$h"; done
	if [[ -e "/run/netns/$SWITCH" ]]; then ip netns del "$SWITCH"; fi
	rm -f "$FAULT_FILE" "$RUN/"*.faketime
	log "lab3 down ($(since "$t0") s)"
}

cmd_status() {
	[[ -z "$HERE" ]] || die "run hosts.sh status from the machine, not from inside $HERE"
	local rc=0 h
	for h in "${HOSTS[@]}"; do
		if host_up "$h"; then printf '%-7s %-26s %-12s up   (init pid %s)\n' "$h" "$(fqdn "$h")" "${ADDR[$h]}" "$(cat "$(init_pid_file "$h")")"
		else printf '%-7s %-26s %-12s DOWN\n' "$h" "$(fqdn "$h")" "${ADDR[$h]}"; rc=1; fi
	done
	((rc == 0)) || { echo "fault:  $(cat "$FAULT_FILE" 2>/dev/null || echo none)"; return $rc; }
	if daemon_alive msg1 activemq; then echo "activemq on msg1:      running$(stomp_listening && echo ", STOMP listening on ${ADDR[msg1]}:$PORT")"; else echo "activemq on msg1:      stopped"; rc=1; fi
	local n; for n in "${NODES[@]}"; do
		if daemon_alive "$n" mcollectived; then echo "mcollectived on $n: running"; else echo "mcollectived on $n: stopped"; rc=1; fi
	done
	local got; got=$(answering_nodes)
	[[ -n "$got" ]] || got="no reply"
	echo "mco ping on broker:    ${got//$'\n'/ }"
	[[ "$got" == "$(printf '%s\n' "${NODES[@]/%/.$DOMAIN}" | sort)" ]] || rc=1
	if [[ -f "$FAULT_FILE" ]]; then echo "fault:                 $(cat "$FAULT_FILE") ON"; rc=1; else echo "fault:                 none"; fi
	echo "dir:                   $LAB (hosts/HOST/{etc,log,answers.ini})"
	return $rc
}

cmd_on() {
	local h="${1:-}"
	[[ " ${HOSTS[*]} " == *" $h "* ]] || die "usage: hosts.sh on ${HOSTS[*]// /|} [CMD...]"
	shift
	[[ $# -gt 0 ]] || set -- bash
	if [[ -n "$HERE" ]]; then [[ "$HERE" == "$h" ]] || die "already on $HERE"; exec "$@"; fi
	host_up "$h" || die "host $h is not up (npm run lab3 -- up)"
	local wd=/; [[ -d "$PWD" ]] && wd="$PWD"
	exec nsenter --target "$(cat "$(init_pid_file "$h")")" --mount --uts --net --pid --wd="$wd" -- \
		env MCO_LAB3_HOST="$h" HOSTNAME="$(fqdn "$h")" "$@"
}

cmd_restart_broker() {
	[[ -z "$HERE" ]] || die "restart ActiveMQ from the machine: bash lab/hosts.sh restart-broker"
	lock_acquire
	stop_broker; start_broker
}

cmd_restart_server() {
	local h="${1:-$HERE}"
	[[ " ${NODES[*]} " == *" $h "* ]] || die "usage: hosts.sh restart-server node1|node2 (or run it on a node)"
	# from inside a host the lock holders' PIDs are not visible: the caller holds the lock, if any
	[[ -n "$HERE" ]] || lock_acquire
	restart_node "$h"
}

# ---------------------------------------------------------------- faults
# Writes HOST's live FILE = the good copy with sed expressions applied.
variant() { # host file sed-args...
	local h="$1" f="$2" live; shift 2
	live="$(hostdir "$h")/etc/mcollective/$f"
	sed "$@" "$GOOD/$h/$f" >"$live.new"
	chmod 0600 "$live.new"; mv "$live.new" "$live"
	cmp -s "$GOOD/$h/$f" "$live" && die "fault variant of $h's $f is identical to the good one (template changed?)"
	return 0
}
client_variant() { variant broker client.cfg "$@"; }
node_variant() { local h="$1"; shift; variant "$h" server.cfg "$@"; restart_node "$h"; }

fault_on() {
	case "$1" in
	broker-stopped) stop_broker ;;
	stomp-firewalled)
		in_host msg1 nft -f - <<-EOF
			table inet lab3fw {
				chain input {
					type filter hook input priority 0; policy accept;
					tcp dport $PORT drop
				}
			}
		EOF
		;;
	wrong-port) client_variant -e 's/^\(plugin\.activemq\.pool\.1\.port *= *\).*/\161614/' ;;
	client-wrong-password) client_variant -e 's/^\(plugin\.activemq\.pool\.1\.password *= *\).*/\1wrongpass/' ;;
	psk-mismatch) client_variant -e 's/^\(plugin\.psk *= *\).*/\1notthesecret/' ;;
	collective-mismatch) client_variant -e 's/^\(main_collective *= *\).*/\1openshift/' -e 's/^\(collectives *= *\).*/\1openshift/' ;;
	seed-client-cfg) install -m 0600 "$SRC/mcollective/seed-client.cfg" "$(hostdir broker)/etc/mcollective/client.cfg" ;;
	node-wrong-password) node_variant node1 -e 's/^\(plugin\.activemq\.pool\.1\.password *= *\).*/\1wrongpass/' ;;
	node-stopped) stop_node node1 ;;
	agent-missing) rm -f "$(hostdir node1)/plugins/mcollective/agent/openshift."*; restart_node node1 ;;
	agent-broken) install_agent node1 broken; restart_node node1 ;;
	# 2.12's RPC::Agent.activate? honours `plugin.<agent>.activate_agent`: loaded, never registered (F18)
	agent-disabled) node_variant node1 -e '$a plugin.openshift.activate_agent = false' ;;
	agent-declines) install_agent node1 declines; node_variant node1 -e '$a plugin.openshift.activate_agent = false' ;;
	clock-skew)
		[[ -f "$LIBFAKETIME" ]] || die "libfaketime not found at $LIBFAKETIME (install the faketime package)"
		echo "$CLOCK_SKEW" >"$RUN/node1.faketime"; restart_node node1 ;;
	node-wrong-broker) node_variant node1 -e "s/^\(plugin\.activemq\.pool\.1\.host *= *\).*/\1msg2.$DOMAIN/" ;;
	node2-psk-mismatch) node_variant node2 -e 's/^\(plugin\.psk *= *\).*/\1notthesecret/' ;;
	queue-not-authorized)
		local live; live=$(amq_conf); render_good_amq_conf
		sed 's|<authorizationEntry queue="mcollective\.>" write="mcollective" read="mcollective" admin="mcollective"/>|<authorizationEntry queue="mcollective.>" write="admins" read="admins" admin="admins"/>|' \
			"$GOOD/msg1/activemq.xml" >"$live.new"
		cmp -s "$GOOD/msg1/activemq.xml" "$live.new" && die "queue-not-authorized: the mcollective.> queue entry was not found (template changed?)"
		chown "$(amq_user)" "$live.new"; mv "$live.new" "$live"
		stop_broker; start_broker ;;
	*) die "unknown fault '$1' (hosts.sh fault list)" ;;
	esac
}

fault_off() {
	restore_good_state
	AMQ_RESTARTED=0
	restore_activemq_conf
	local broker_was_up=1
	# nodes reconnect to a restarted broker only after their back-off: restart them at once instead
	((AMQ_RESTARTED == 0)) || broker_was_up=0
	daemon_alive msg1 activemq || { broker_was_up=0; start_broker; }
	local n; for n in "${NODES[@]}"; do
		if ((broker_was_up == 0)) || ! node_on_good_state "$n"; then restart_node "$n"; fi
	done
	rm -f "$FAULT_FILE"
	# A node whose packets were dropped (stomp-firewalled) waits out TCP's retransmission back-off,
	# which can take minutes: after a short wait, restart the nodes instead.
	if ! wait_nodes_answer 15 quiet; then
		log "nodes not both answering 15 s after restoring: restarting them"
		for n in "${NODES[@]}"; do restart_node "$n"; done
		wait_nodes_answer "$TIMEOUT" || die "lab3 not restored after fault $1"
	fi
	cmp -s "$GOOD/broker/client.cfg" "$(hostdir broker)/etc/mcollective/client.cfg" || die "broker's client.cfg differs from the good one after restore"
	for n in "${NODES[@]}"; do
		cmp -s "$GOOD/$n/server.cfg" "$(hostdir "$n")/etc/mcollective/server.cfg" || die "$n's server.cfg differs from the good one after restore"
	done
}

cmd_fault() {
	local name="${1:-}" state="${2:-}"
	if [[ "$name" == list || -z "$name" ]]; then printf '%s\n' "${FAULTS[@]}"; return 0; fi
	[[ " ${FAULTS[*]} " == *" $name "* ]] || die "unknown fault '$name'; one of: ${FAULTS[*]}"
	[[ -z "$HERE" ]] || die "switch faults from the machine, not from inside $HERE"
	lock_acquire
	local t0; t0=$(now)
	case "$state" in
	on)
		if [[ -f "$FAULT_FILE" ]]; then
			local cur; cur=$(cat "$FAULT_FILE")
			[[ "$cur" == "$name" ]] && { log "fault $name already on"; return 0; }
			die "fault $cur is on; switch it off first (hosts.sh fault $cur off)"
		fi
		local h; for h in "${HOSTS[@]}"; do host_up "$h" || die "lab3 not up; run: npm run lab3 -- up"; done
		echo "$name" >"$FAULT_FILE"
		fault_on "$name"
		log "fault $name ON ($(since "$t0") s)"
		;;
	off)
		if [[ -f "$FAULT_FILE" && "$(cat "$FAULT_FILE")" != "$name" ]]; then die "fault $(cat "$FAULT_FILE") is on, not $name"; fi
		fault_off "$name"
		log "fault $name OFF, lab3 restored ($(since "$t0") s)"
		;;
	*) die "usage: hosts.sh fault NAME on|off" ;;
	esac
}

case "${1:-}" in
up) cmd_up ;;
down) cmd_down ;;
status) cmd_status ;;
on) shift; cmd_on "$@" ;;
restart-server) shift; cmd_restart_server "$@" ;;
restart-broker) cmd_restart_broker ;;
fault) shift; cmd_fault "$@" ;;
faults) cmd_fault list ;;
locked)
	shift; [[ $# -gt 0 ]] || die "usage: hosts.sh locked COMMAND [ARGS...]"
	lock_acquire; MCO_LAB_LOCK_TOKEN="$LOCK_TOKEN" "$@" ;;
*) awk 'NR > 1 && !/^#/ {exit} NR > 1 {sub(/^# ?/, ""); print}' "$0"; exit 2 ;;
esac
