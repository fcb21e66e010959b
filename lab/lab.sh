#!/usr/bin/env bash
# The project's real lab: ActiveMQ 5.17 (STOMP on 127.0.0.1:61613, STOMP+TLS on 127.0.0.1:61615
# with a lab CA in $MCO_LAB_DIR/tls) + mcollectived 2.12 (node
# node1.infra.example.com) + the real mco client, all run from $MCO_LAB_DIR, loopback only.
#
# Usage: lab.sh up | down | status | restart-server | fault NAME on|off | fault list | locked CMD...
#
#   up              write the good configs, start broker and node if needed, clear any fault,
#                   wait until a real `mco ping` gets the node's reply (bounded). Idempotent.
#   down            stop node then broker (PID files; SIGTERM, SIGKILL after 15 s)
#   status          PIDs, STOMP port, whether the node answers a real mco ping, active fault
#   restart-server  restart mcollectived with whatever $MCO_LAB_DIR/etc/server.cfg now holds
#                   (the wizard's serviceRestart for the lab)
#   fault NAME on|off   switch one fault (one at a time); `off` restores the good configs and
#                   waits until the node answers again
#   locked CMD...   run CMD holding the lab lock (lab.sh calls inside it do not wait for it)
#   kill-broker     SIGKILL ActiveMQ by its PID file (a crash mid-flight: no clean close), return
#                   once the STOMP port is closed; the node is left as it is (reconnecting)
#   start-broker    start ActiveMQ if it is not running (the node is NOT restarted: it must
#                   reconnect by itself); use `up` or `fault broker-stopped off` to restore all
#   fault list      the fault names:
#     broker-stopped        ActiveMQ stopped
#     wrong-port            client.cfg port 61614 (nothing listens)
#     unresolvable-host     client.cfg host msg1.infra.invalid (.invalid never resolves)
#     client-wrong-password client.cfg topic password wrong
#     node-wrong-password   server.cfg topic password wrong (node restarted)
#     psk-mismatch          client.cfg plugin.psk differs from the node's
#     node-stopped          mcollectived stopped
#     agent-missing         node libdir without the openshift agent (node restarted)
#     agent-broken          node's openshift agent requires a missing library, as in the seed
#     agent-disabled        server.cfg `plugin.openshift.activate_agent = false`: the agent file
#                           is loaded but not activated, so agent_inventory omits it (node restarted)
#     agent-declines        node libdir with the stand-in agent plus its own `activate_when do false
#                           end` (as later OpenShift agents have one): loaded, declined by its own
#                           rule, so agent_inventory omits it (node restarted)
#     agent-self-activates  not a fault: server.cfg `plugin.openshift.activate_agent = false` and an
#                           agent whose own `activate_when` says true: 2.12 ignores the server.cfg
#                           line, the agent is active (node restarted)
#     collective-mismatch   client on collective 'openshift', node on 'mcollective'
#     connector-mismatch    client on the rabbitmq connector, node/broker on activemq
#     clock-skew            node runs under libfaketime 300 s ahead (MCO_LAB_CLOCK_SKEW)
#     clock-behind          node runs under libfaketime 300 s behind (replies expire in the broker)
#     seed-client-cfg       the seed's client.cfg verbatim (connector stomp, user twice, no password)
#     small-log             not a fault: server.cfg `max_log_size = 32768`, so the node's logger
#                           rotates mcollective.log to .0 … .3 every 32 KB (node restarted on an
#                           empty log; the log as it was is set aside in run/ and put back by off)
#
# Env: MCO_LAB_DIR (default /var/lib/mco-wizard-lab), MCO_LAB_TIMEOUT (s, default 90),
#      STOMP_TRACE=1 (ActiveMQ logs every STOMP frame; applies when the broker starts).
# Never touches /etc/mcollective or /etc/activemq; never kills by process name.
set -euo pipefail

SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$SRC/.." && pwd)"
LAB="${MCO_LAB_DIR:-/var/lib/mco-wizard-lab}"
TIMEOUT="${MCO_LAB_TIMEOUT:-90}"
IDENTITY=node1.infra.example.com
HOST=127.0.0.1
PORT=61613
TLS_PORT=61615                 # stomp+ssl (61614 stays closed for the wrong-port fault)

ETC="$LAB/etc"                 # live configs: what mco / mcollectived / the wizard use
GOOD="$LAB/good"               # the known-good configs faults are made from and restored to
RUN="$LAB/run"                 # pid files, process stdout, fault state
AMQ="$LAB/activemq"            # -Dactivemq.base; conf/ and data/ below it
NODE_LOG="$LAB/mcollective.log"
AMQ_LOG="$LAB/activemq.log"    # symlink to $AMQ/data/activemq.log (written by the activemq user)
AMQ_PID="$RUN/activemq.pid"
AMQ_CONF_SHA="$RUN/activemq.conf.sha" # the activemq.xml the running broker started with
TLS="$LAB/tls"                 # lab CA (ca.pem) and the broker's certificate/keystore
NODE_PID="$RUN/mcollectived.pid"
FAULT_FILE="$RUN/fault"        # name of the active fault, if any
LOCK="$LAB/lock"               # lab lock (a directory), shared with test/helpers/lab.ts
QUEUE="$LAB/lock.queue"        # FIFO of lock waiters
LIBFAKETIME=/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1
# Node clock 5 min AHEAD: client requests then look 300 s old (TTL 60). A node clock behind the
# client is not rejected by 2.12 (message.rb only checks age > ttl, and the age is then negative).
CLOCK_SKEW="${MCO_LAB_CLOCK_SKEW:-+300s}"
# Node clock 5 min BEHIND: it handles requests, but its replies carry an `expires` header already
# in the past, so ActiveMQ drops them silently.
CLOCK_BEHIND=-300s
# small-log: the node's Logger rotates at this size (2.12's default is 2 MB, keeplogs 5), so a
# test sees the daemon's start and connection lines move into mcollective.log.0 … .3 within seconds
SMALL_LOG=32768
LOG_ASIDE="$RUN/log-aside"     # the node log (and its rotations) as they were before small-log

FAULTS=(broker-stopped wrong-port unresolvable-host client-wrong-password node-wrong-password
	psk-mismatch node-stopped agent-missing agent-broken agent-disabled agent-declines agent-self-activates collective-mismatch connector-mismatch
	clock-skew clock-behind seed-client-cfg small-log)

log() { printf '[lab %s] %s\n' "$(date +%H:%M:%S.%1N)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN{printf "%.1f", b-a}'; }

# ---------------------------------------------------------------- lock
# shellcheck source=lock.sh
source "$SRC/lock.sh"

# ---------------------------------------------------------------- processes
port_open() { timeout 1 bash -c "exec 3<>/dev/tcp/$HOST/${1:-$PORT}" 2>/dev/null; }
pid_alive() { [[ -f "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

stop_pidfile() { # file name
	local f="$1" name="$2" pid i
	if ! pid_alive "$f"; then rm -f "$f"; return 0; fi
	pid=$(cat "$f")
	kill -TERM "$pid" 2>/dev/null || true
	for i in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
	if kill -0 "$pid" 2>/dev/null; then log "$name pid $pid ignored SIGTERM, SIGKILL"; kill -KILL "$pid" 2>/dev/null || true; fi
	rm -f "$f"
	log "$name stopped (pid $pid)"
}

# Runs the real mco, always bounded (the activemq connector retries forever otherwise).
mco_bounded() { # seconds args...
	local s="$1"; shift
	timeout -s INT -k 3 "$s" mco "$@"
}

# True when a real `mco ping` with the good client config gets a reply from the node.
node_answers() {
	local out
	out=$(mco_bounded 8 ping -t 1 --connection-timeout 3 -c "$GOOD/client.cfg" 2>/dev/null) || true
	grep -q "^$IDENTITY " <<<"$out"
}

tail_logs() {
	log "last lines of $AMQ_LOG:"; tail -n 15 "$AMQ_LOG" >&2 2>/dev/null || true
	log "last lines of $RUN/activemq.out:"; tail -n 5 "$RUN/activemq.out" >&2 2>/dev/null || true
	log "last lines of $NODE_LOG:"; tail -n 15 "$NODE_LOG" >&2 2>/dev/null || true
	log "last lines of $RUN/mcollectived.out:"; tail -n 5 "$RUN/mcollectived.out" >&2 2>/dev/null || true
}

wait_node_answers() { # timeout_s
	local t0; t0=$(now)
	local limit="$1" start=$SECONDS
	until node_answers; do
		if ((SECONDS - start > limit)); then
			log "node $IDENTITY did not answer a real mco ping within ${limit} s"
			tail_logs
			return 1
		fi
		pid_alive "$NODE_PID" || { log "mcollectived is not running"; tail_logs; return 1; }
		sleep 0.3
	done
	log "node $IDENTITY answers mco ping ($(since "$t0") s)"
}

amq_user() { if [[ $(id -u) -eq 0 ]] && id activemq >/dev/null 2>&1; then echo activemq; else id -un; fi; }

start_broker() {
	if pid_alive "$AMQ_PID"; then return 0; fi
	port_open && die "something not started by this lab already listens on $HOST:$PORT"
	local user; user=$(amq_user)
	mkdir -p "$AMQ/data" "$AMQ/tmp"; chown -R "$user" "$AMQ"
	ln -sfn "$AMQ/data/activemq.log" "$AMQ_LOG"
	local trace=false; [[ "${STOMP_TRACE:-0}" == 1 ]] && trace=true
	local runas=(); [[ "$user" != "$(id -un)" ]] && runas=(setpriv --reuid="$user" --regid="$user" --init-groups)
	local t0; t0=$(now)
	# Same JVM flags as Debian's /usr/bin/activemq (Java > 8), exec'd directly so $! is java's PID;
	# setsid: a session of its own, so the end of whatever ran lab.sh (a test file, a shell job
	# whose process group is killed) never takes the lab's daemons with it (setsid execs in place
	# here: a background child is no group leader, so $! stays the daemon's PID).
	# conf/base/data all under the lab dir, so /etc/activemq is not used.
	(cd "$AMQ" && exec setsid "${runas[@]}" java -Xms128M -Xmx256M -Dorg.apache.activemq.UseDedicatedTaskRunner=true \
		--add-reads=java.xml=java.logging \
		--add-opens java.base/java.security=ALL-UNNAMED --add-opens java.base/java.net=ALL-UNNAMED \
		--add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/java.util=ALL-UNNAMED \
		--add-opens java.naming/javax.naming.spi=ALL-UNNAMED --add-opens java.rmi/sun.rmi.transport.tcp=ALL-UNNAMED \
		--add-opens java.base/java.util.concurrent=ALL-UNNAMED --add-opens java.base/java.util.concurrent.atomic=ALL-UNNAMED \
		--add-exports=java.base/sun.net.www.protocol.http=ALL-UNNAMED --add-exports=java.base/sun.net.www.protocol.https=ALL-UNNAMED \
		--add-exports=java.base/sun.net.www.protocol.jar=ALL-UNNAMED --add-exports=jdk.xml.dom/org.w3c.dom.html=ALL-UNNAMED \
		--add-exports=jdk.naming.rmi/com.sun.jndi.url.rmi=ALL-UNNAMED \
		-Dactivemq.classpath="$AMQ/conf" -Dactivemq.home=/usr/share/activemq -Dactivemq.base="$AMQ" \
		-Dactivemq.conf="$AMQ/conf" -Dactivemq.data="$AMQ/data" -Djava.io.tmpdir="$AMQ/tmp" \
		-Dmcolab.stomp.trace="$trace" \
		-jar /usr/share/activemq/bin/activemq.jar start "xbean:file:$AMQ/conf/activemq.xml" \
		</dev/null >>"$RUN/activemq.out" 2>&1) &
	echo $! >"$AMQ_PID"
	local start=$SECONDS
	echo "$(cat "$AMQ_PID") $(sha256sum "$AMQ/conf/activemq.xml" | cut -d' ' -f1)" >"$AMQ_CONF_SHA"
	until port_open && port_open "$TLS_PORT"; do
		if ! pid_alive "$AMQ_PID"; then log "activemq exited during start-up"; tail_logs; rm -f "$AMQ_PID"; return 1; fi
		if ((SECONDS - start > TIMEOUT)); then log "STOMP ports $HOST:$PORT/$TLS_PORT not open after ${TIMEOUT} s"; tail_logs; return 1; fi
		sleep 0.1
	done
	log "activemq pid $(cat "$AMQ_PID") accepting STOMP on $HOST:$PORT, STOMP+TLS on $HOST:$TLS_PORT ($(since "$t0") s)"
}

# The running broker started with another activemq.xml than the one installed now? (The file
# holds "PID SHA" of the start: a broker some other lab.sh started has no record of its own.)
broker_conf_changed() {
	pid_alive "$AMQ_PID" || return 1
	[[ -f "$AMQ_CONF_SHA" && "$(cat "$AMQ_CONF_SHA")" == "$(cat "$AMQ_PID") $(sha256sum "$AMQ/conf/activemq.xml" | cut -d' ' -f1)" ]] && return 1
	return 0
}

# A lab CA and a broker certificate for 127.0.0.1, made once (kept across `up`: idempotent).
ensure_tls() {
	if [[ -f "$TLS/broker.p12" && -f "$TLS/ca.pem" ]]; then
		install -m 0640 "$TLS/broker.p12" "$AMQ/conf/broker.p12"
		return 0
	fi
	mkdir -p "$TLS"
	chmod 0755 "$TLS"
	openssl req -x509 -newkey rsa:2048 -nodes -keyout "$TLS/ca.key" -out "$TLS/ca.pem" -days 3650 \
		-subj "/CN=mco-wizard lab CA" 2>/dev/null
	openssl req -newkey rsa:2048 -nodes -keyout "$TLS/broker.key" -out "$TLS/broker.csr" \
		-subj "/CN=127.0.0.1" 2>/dev/null
	openssl x509 -req -in "$TLS/broker.csr" -CA "$TLS/ca.pem" -CAkey "$TLS/ca.key" -CAcreateserial \
		-days 3650 -out "$TLS/broker.pem" -extfile <(printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n') 2>/dev/null
	openssl pkcs12 -export -in "$TLS/broker.pem" -inkey "$TLS/broker.key" -certfile "$TLS/ca.pem" \
		-name broker -passout pass:mcolab-keystore -out "$TLS/broker.p12.new"
	chmod 0600 "$TLS/ca.key" "$TLS/broker.key" "$TLS/broker.p12.new"
	mv "$TLS/broker.p12.new" "$TLS/broker.p12"
	install -m 0640 "$TLS/broker.p12" "$AMQ/conf/broker.p12"
	log "lab CA and broker certificate written to $TLS"
}

# Starts mcollectived with $ETC/server.cfg; under libfaketime when the clock-skew fault is on.
start_node() {
	if pid_alive "$NODE_PID"; then return 0; fi
	local env=()
	if [[ -f "$RUN/node.faketime" ]]; then
		env=(env LD_PRELOAD="$LIBFAKETIME" FAKETIME="$(cat "$RUN/node.faketime")" FAKETIME_DONT_RESET=1)
	fi
	local before=0; [[ -f "$NODE_LOG" ]] && before=$(wc -l <"$NODE_LOG")
	setsid "${env[@]}" /usr/sbin/mcollectived --config="$ETC/server.cfg" --no-daemonize </dev/null >>"$RUN/mcollectived.out" 2>&1 &
	echo $! >"$NODE_PID"
	sha256sum "$ETC/server.cfg" | cut -d' ' -f1 >"$RUN/node.cfg.sha"
	# Started means: still alive and connected, or failing to connect (the log line is NOT proof it
	# answers; see real-lab.md; node_answers is). "Connected to" and "failed on attempt" are INFO;
	# "Subscribing to" is DEBUG: waiting for it alone cost the full 10 s at loglevel info.
	local i
	for i in $(seq 1 100); do
		pid_alive "$NODE_PID" || { log "mcollectived exited at start-up"; tail_logs; rm -f "$NODE_PID"; return 1; }
		if [[ -f "$NODE_LOG" ]] && tail -n +"$((before + 1))" "$NODE_LOG" | grep -qE "on_connected' Connected to|Subscribing to /topic/|failed on attempt"; then break; fi
		sleep 0.1
	done
	log "mcollectived pid $(cat "$NODE_PID") started${env:+ (FAKETIME=$(cat "$RUN/node.faketime"))}"
}

stop_node() { stop_pidfile "$NODE_PID" mcollectived; }
stop_broker() { stop_pidfile "$AMQ_PID" activemq; }

# ---------------------------------------------------------------- files
# The good configs are rendered by the wizard's own renderer (src/core/mco-config/render.ts),
# so the lab runs server.cfg/client.cfg exactly as the wizard writes them.
render_configs() {
	(cd "$REPO" && node --import tsx lab/render-config.ts "$LAB" "$GOOD") ||
		die "rendering the lab configs failed (is npm install done? node --import tsx lab/render-config.ts)"
}

install_files() {
	mkdir -p "$LAB" "$ETC" "$GOOD" "$RUN" "$AMQ/conf" "$AMQ/data" "$LAB/plugins" "$LAB/plugins-empty/mcollective/agent"
	chmod 0755 "$LAB"
	chmod 0700 "$ETC" "$GOOD"
	umask 077
	render_configs
	umask 022
	install -m 0644 "$SRC/mcollective/facts.yaml" "$ETC/facts.yaml"
	install -m 0644 "$SRC/activemq/activemq.xml" "$SRC/activemq/log4j.properties" "$AMQ/conf/"
	ensure_tls
	# agent + DDL (libdir for node and client), and the two fault libdirs
	mkdir -p "$LAB/plugins/mcollective/agent" "$LAB/plugins-broken/mcollective/agent"
	install -m 0644 "$SRC/mcollective/plugins/mcollective/agent/openshift.rb" "$SRC/mcollective/plugins/mcollective/agent/openshift.ddl" "$LAB/plugins/mcollective/agent/"
	install -m 0644 "$SRC/mcollective/plugins/mcollective/agent/openshift.ddl" "$LAB/plugins-broken/mcollective/agent/"
	{
		echo "# Same agent, but it needs a library the node does not have, as in the seed."
		echo "require 'openshift-origin-container-selinux'"
		cat "$SRC/mcollective/plugins/mcollective/agent/openshift.rb"
	} >"$LAB/plugins-broken/mcollective/agent/openshift.rb"
	install_own_rule_agents
	write_answers
}

# The stand-in agent with its own activate_when (block returning $2) in libdir $LAB/$1: 2.12's
# RPC::Agent.activate_when redefines the class's activate?, so server.cfg's activate_agent is not read.
own_rule_agent() { # libdir-name true|false
	local dir="$LAB/$1/mcollective/agent"
	mkdir -p "$dir"
	install -m 0644 "$SRC/mcollective/plugins/mcollective/agent/openshift.ddl" "$dir/"
	sed "/^ *class Openshift < RPC::Agent/a\\      activate_when do\\n        $2\\n      end" \
		"$SRC/mcollective/plugins/mcollective/agent/openshift.rb" >"$dir/openshift.rb.new"
	grep -q "^ *activate_when do" "$dir/openshift.rb.new" || die "no class line to add activate_when to in the stand-in agent"
	chmod 0644 "$dir/openshift.rb.new"
	mv "$dir/openshift.rb.new" "$dir/openshift.rb"
}
install_own_rule_agents() { own_rule_agent plugins-declines false; own_rule_agent plugins-self-activates true; }

write_answers() {
	umask 077
	cat >"$LAB/answers.ini.new" <<-EOF
		; mco-wizard answers for the project's real lab (written by lab/lab.sh up)
		[ingredients]
		brokerHost = $HOST
		stompPort = $PORT
		topicUser = mcollective
		topicPassword = marionette
		adminPassword = msgadminsecret
		psk = mcsecret
		connector = activemq
		collectives = mcollective
		clientHost = localhost
		nodeIdentities = $IDENTITY
		platform = plain

		[system]
		configDir = $ETC
		clientConfig = $ETC/client.cfg
		serverConfig = $ETC/server.cfg
		nodeLog = $NODE_LOG
		libdir = $LAB/plugins
		identity = $IDENTITY
		serviceRestart = bash $REPO/lab/lab.sh restart-server
		mco = mco
	EOF
	umask 022
	mv "$LAB/answers.ini.new" "$LAB/answers.ini"
}

# small-log: the node's log files as they were go aside (the node then starts on an empty log) …
set_log_aside() {
	rm -rf "$LOG_ASIDE"; mkdir -p "$LOG_ASIDE"
	local f
	for f in "$NODE_LOG" "$NODE_LOG".[0-9]*; do [[ -e "$f" ]] && mv "$f" "$LOG_ASIDE/"; done
	return 0
}
# … and come back (the node stopped), replacing the small rotated files: the lab as it was
put_log_back() {
	[[ -d "$LOG_ASIDE" ]] || return 0
	rm -f "$NODE_LOG" "$NODE_LOG".[0-9]*
	local f
	for f in "$LOG_ASIDE"/*; do [[ -e "$f" ]] && mv "$f" "$LAB/"; done
	rmdir "$LOG_ASIDE"
	log "node log put back as it was before small-log"
}

restore_good_configs() {
	install -m 0600 "$GOOD/server.cfg" "$ETC/server.cfg"
	install -m 0600 "$GOOD/client.cfg" "$ETC/client.cfg"
	rm -f "$RUN/node.faketime"
}

# The node runs the good config already?
node_on_good_config() {
	pid_alive "$NODE_PID" && [[ -f "$RUN/node.cfg.sha" && ! -f "$RUN/node.faketime.running" ]] &&
		[[ "$(cat "$RUN/node.cfg.sha")" == "$(sha256sum "$GOOD/server.cfg" | cut -d' ' -f1)" ]]
}

# ---------------------------------------------------------------- commands
cmd_up() {
	local t0; t0=$(now)
	lock_acquire
	install_files
	if [[ -f "$FAULT_FILE" ]]; then log "clearing fault $(cat "$FAULT_FILE")"; fi
	local restart_node=0
	node_on_good_config || restart_node=1
	# a node that lost its broker sits in a reconnect back-off (up to 20 s and more): restart it
	pid_alive "$AMQ_PID" || restart_node=1
	# a broker running an older activemq.xml (e.g. from before the TLS connector): restart it
	if broker_conf_changed; then
		log "activemq.xml changed since the broker started: restarting it"
		stop_broker
		restart_node=1
	fi
	restore_good_configs
	rm -f "$FAULT_FILE" "$RUN/node.faketime.running"
	if [[ -d "$LOG_ASIDE" ]]; then stop_node; put_log_back; restart_node=1; fi
	start_broker
	if ((restart_node)); then stop_node; fi
	start_node
	wait_node_answers "$TIMEOUT" || die "lab not healthy (see the log lines above)"
	log "lab up ($(since "$t0") s): broker $HOST:$PORT, node $IDENTITY, configs in $ETC, answers $LAB/answers.ini"
}

cmd_down() {
	lock_acquire
	stop_node
	stop_broker
	log "lab down"
}

cmd_restart_server() {
	lock_acquire
	stop_node
	start_node
}

cmd_kill_broker() {
	lock_acquire
	if ! pid_alive "$AMQ_PID"; then log "activemq not running"; return 0; fi
	local pid; pid=$(cat "$AMQ_PID")
	kill -KILL "$pid" 2>/dev/null || true
	local i
	for i in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
	rm -f "$AMQ_PID"
	for i in $(seq 1 50); do port_open || break; sleep 0.1; done
	log "activemq killed (SIGKILL, pid $pid)"
}

cmd_start_broker() {
	lock_acquire
	start_broker
}

cmd_status() {
	local rc=0
	if pid_alive "$AMQ_PID"; then echo "activemq:     running pid $(cat "$AMQ_PID")"; else echo "activemq:     stopped"; rc=1; fi
	if pid_alive "$NODE_PID"; then echo "mcollectived: running pid $(cat "$NODE_PID")"; else echo "mcollectived: stopped"; rc=1; fi
	if port_open; then echo "stomp:        $HOST:$PORT accepting"; else echo "stomp:        $HOST:$PORT closed"; rc=1; fi
	if port_open "$TLS_PORT"; then echo "stomp+ssl:    $HOST:$TLS_PORT accepting (CA $TLS/ca.pem)"; else echo "stomp+ssl:    $HOST:$TLS_PORT closed"; rc=1; fi
	if [[ $rc -eq 0 ]] && node_answers; then echo "node:         $IDENTITY answers mco ping"; else echo "node:         $IDENTITY not answering"; rc=1; fi
	if [[ -f "$FAULT_FILE" ]]; then echo "fault:        $(cat "$FAULT_FILE") ON"; rc=1; else echo "fault:        none"; fi
	if [[ -d "$LOCK" ]]; then
		echo "lock:         held by pid $(lock_owner_field "$LOCK" 1), $(ls "$QUEUE" 2>/dev/null | wc -l) waiting"
	else
		echo "lock:         free"
	fi
	echo "dir:          $LAB (client.cfg: $ETC/client.cfg, node log: $NODE_LOG, broker log: $AMQ_LOG)"
	return $rc
}

# ---------------------------------------------------------------- faults
# Writes $ETC/<file> = good copy with sed expressions applied.
variant() { # file sed-args...
	local f="$1"; shift
	sed "$@" "$GOOD/$f" >"$ETC/$f.new"
	chmod 0600 "$ETC/$f.new"
	mv "$ETC/$f.new" "$ETC/$f"
	cmp -s "$GOOD/$f" "$ETC/$f" && die "fault variant of $f is identical to the good one (template changed?)"
	return 0
}
node_variant() { variant server.cfg "$@"; stop_node; start_node; }

fault_on() {
	case "$1" in
	broker-stopped) stop_broker ;;
	wrong-port) variant client.cfg -e 's/^\(plugin\.activemq\.pool\.1\.port *= *\).*/\161614/' ;;
	unresolvable-host) variant client.cfg -e 's/^\(plugin\.activemq\.pool\.1\.host *= *\).*/\1msg1.infra.invalid/' ;;
	client-wrong-password) variant client.cfg -e 's/^\(plugin\.activemq\.pool\.1\.password *= *\).*/\1wrongpass/' ;;
	node-wrong-password) node_variant -e 's/^\(plugin\.activemq\.pool\.1\.password *= *\).*/\1wrongpass/' ;;
	psk-mismatch) variant client.cfg -e 's/^\(plugin\.psk *= *\).*/\1notthesecret/' ;;
	node-stopped) stop_node ;;
	agent-missing) node_variant -e "s|^\(libdir *= *\).*|\1$LAB/plugins-empty|" ;;
	agent-broken) node_variant -e "s|^\(libdir *= *\).*|\1$LAB/plugins-broken|" ;;
	# MCollective 2.12 RPC::Agent.activate? reads pluginconf `<agent>.activate_agent` (default: the
	# global activate_agents); false: Agents#loadagent loads the class but never registers it (F18).
	agent-disabled) node_variant -e '$a plugin.openshift.activate_agent = false' ;;
	# the agent's own activate_when replaces that rule (faults made here: a lab set up before they existed)
	agent-declines) install_own_rule_agents; node_variant -e "s|^\(libdir *= *\).*|\1$LAB/plugins-declines|" ;;
	agent-self-activates)
		install_own_rule_agents
		node_variant -e "s|^\(libdir *= *\).*|\1$LAB/plugins-self-activates|" -e '$a plugin.openshift.activate_agent = false' ;;
	collective-mismatch) variant client.cfg -e 's/^\(main_collective *= *\).*/\1openshift/' -e 's/^\(collectives *= *\).*/\1openshift/' ;;
	# 2.12 has no 'stomp' connector any more (that LoadError is what seed-client-cfg shows), so the
	# "different wires" case here is the other connector 2.12 ships: rabbitmq's /exchange/ names.
	connector-mismatch) variant client.cfg -e 's/^connector *= *activemq/connector = rabbitmq/' -e 's/^plugin\.activemq\./plugin.rabbitmq./' -e '$a plugin.rabbitmq.vhost = /' ;;
	clock-skew | clock-behind)
		[[ -f "$LIBFAKETIME" ]] || die "libfaketime not found at $LIBFAKETIME (install the faketime package)"
		if [[ "$1" == clock-skew ]]; then echo "$CLOCK_SKEW" >"$RUN/node.faketime"; else echo "$CLOCK_BEHIND" >"$RUN/node.faketime"; fi
		touch "$RUN/node.faketime.running"
		stop_node; start_node ;;
	seed-client-cfg) install -m 0600 "$SRC/mcollective/seed-client.cfg" "$ETC/client.cfg" ;;
	small-log)
		variant server.cfg -e "\$a max_log_size = $SMALL_LOG"
		stop_node; set_log_aside; start_node ;;
	*) die "unknown fault '$1' (lab.sh fault list)" ;;
	esac
}

fault_off() {
	restore_good_configs
	if [[ -d "$LOG_ASIDE" ]]; then stop_node; put_log_back; fi
	if ! pid_alive "$AMQ_PID"; then start_broker; fi
	if ! node_on_good_config || [[ "$1" == broker-stopped ]]; then
		# after the broker was down the node sits in its reconnect back-off (up to 20 s+); restart it
		stop_node; rm -f "$RUN/node.faketime.running"; start_node
	fi
	rm -f "$FAULT_FILE"
	wait_node_answers "$TIMEOUT" || die "lab not restored after fault $1"
	cmp -s "$GOOD/client.cfg" "$ETC/client.cfg" && cmp -s "$GOOD/server.cfg" "$ETC/server.cfg" || die "configs differ from the good ones after restore"
}

cmd_fault() {
	local name="${1:-}" state="${2:-}"
	if [[ "$name" == list || -z "$name" ]]; then printf '%s\n' "${FAULTS[@]}"; return 0; fi
	[[ " ${FAULTS[*]} " == *" $name "* ]] || die "unknown fault '$name'; one of: ${FAULTS[*]}"
	lock_acquire
	local t0; t0=$(now)
	case "$state" in
	on)
		if [[ -f "$FAULT_FILE" ]]; then
			local cur; cur=$(cat "$FAULT_FILE")
			[[ "$cur" == "$name" ]] && { log "fault $name already on"; return 0; }
			die "fault $cur is on; switch it off first (lab.sh fault $cur off)"
		fi
		[[ -f "$GOOD/client.cfg" ]] || die "lab not set up; run: bash lab/lab.sh up"
		echo "$name" >"$FAULT_FILE"
		fault_on "$name"
		log "fault $name ON ($(since "$t0") s)"
		;;
	off)
		if [[ -f "$FAULT_FILE" && "$(cat "$FAULT_FILE")" != "$name" ]]; then die "fault $(cat "$FAULT_FILE") is on, not $name"; fi
		fault_off "$name"
		log "fault $name OFF, lab restored ($(since "$t0") s)"
		;;
	*) die "usage: lab.sh fault NAME on|off" ;;
	esac
}

case "${1:-}" in
up) cmd_up ;;
down) cmd_down ;;
status) cmd_status ;;
restart-server) cmd_restart_server ;;
kill-broker) cmd_kill_broker ;;
start-broker) cmd_start_broker ;;
fault) shift; cmd_fault "$@" ;;
locked)
	# run a command holding the lab lock (manual experiments); nested lab.sh calls reuse the lock
	shift; [[ $# -gt 0 ]] || die "usage: lab.sh locked COMMAND [ARGS...]"
	lock_acquire; MCO_LAB_LOCK_TOKEN="$LOCK_TOKEN" "$@" ;;
faults) cmd_fault list ;;
*) awk 'NR > 1 && !/^#/ {exit} NR > 1 {sub(/^# ?/, ""); print}' "$0"; exit 2 ;;
esac
