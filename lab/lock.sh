# The lab lock, shared by lab/lab.sh and lab/hosts.sh (each with its own $LAB) and by
# test/helpers/lab.ts. Sourced; expects $LAB, $LOCK, $QUEUE and log/die to be defined.
# The lock is a directory holding `owner` ("pid token"). It is taken by renaming a private,
# already-filled directory onto $LOCK (atomic; fails while $LOCK exists), so there is never a lock
# without an owner; it is released/stolen by renaming it away before deleting it. A holder whose
# pid is gone is stale. test/helpers/lab.ts implements the same protocol and passes
# MCO_LAB_LOCK_TOKEN so that lab.sh run under its lock does not wait for itself.
HAVE_LOCK=0
LOCK_TOKEN=""
TICKET=""
lock_owner_field() { cut -d' ' -f"$2" "$1/owner" 2>/dev/null || true; }
# Waiters queue FIFO (one ticket file each, named by start time in ns) so nobody starves.
queue_first() { # prints the oldest ticket whose owner is alive, dropping dead ones
	local f pid
	for f in $(ls "$QUEUE" 2>/dev/null | sort); do
		pid=$(cut -d- -f2 <<<"$f")
		if kill -0 "$pid" 2>/dev/null; then echo "$f"; return 0; fi
		rm -f "$QUEUE/$f"
	done
}
lock_acquire() {
	mkdir -p "$LAB" "$QUEUE"
	if [[ -n "${MCO_LAB_LOCK_TOKEN:-}" && "$(lock_owner_field "$LOCK" 2)" == "$MCO_LAB_LOCK_TOKEN" ]]; then
		return 0
	fi
	LOCK_TOKEN="lab.sh-$$-$RANDOM$RANDOM"
	TICKET="$(date +%s%N)-$$-$LOCK_TOKEN"
	: >"$QUEUE/$TICKET"
	trap lock_release EXIT
	local mine="$LAB/.lock.$LOCK_TOKEN" start=$SECONDS waited=0 pid
	until [[ "$(queue_first)" == "$TICKET" ]] && mkdir -p "$mine" && echo "$$ $LOCK_TOKEN" >"$mine/owner" &&
		mv -T "$mine" "$LOCK" 2>/dev/null && [[ "$(lock_owner_field "$LOCK" 2)" == "$LOCK_TOKEN" ]]; do
		pid=$(lock_owner_field "$LOCK" 1)
		if [[ -n "$pid" ]] && ! kill -0 "$pid" 2>/dev/null; then
			local stale="$LAB/.stale.$LOCK_TOKEN"
			if mv -T "$LOCK" "$stale" 2>/dev/null; then
				if [[ "$(lock_owner_field "$stale" 1)" == "$pid" ]]; then
					log "removed stale lab lock of dead pid $pid"; rm -rf "$stale"
				else
					mv -T "$stale" "$LOCK" 2>/dev/null || rm -rf "$stale"
				fi
			fi
			continue
		fi
		if ((SECONDS - start > 300)); then rm -rf "$mine"; die "lab lock $LOCK held by pid ${pid:-?} (or queued before us) for more than 300 s"; fi
		if ((waited == 0)); then log "waiting for the lab lock (held by pid ${pid:-?}; $(ls "$QUEUE" | wc -l) in queue)"; waited=1; fi
		sleep 0.1
	done
	rm -f "$QUEUE/$TICKET"
	HAVE_LOCK=1
}
lock_release() {
	[[ -n "${TICKET:-}" ]] && rm -f "$QUEUE/$TICKET"
	rm -rf "$LAB/.lock.$LOCK_TOKEN"
	if ((HAVE_LOCK)) && [[ "$(lock_owner_field "$LOCK" 2)" == "$LOCK_TOKEN" ]]; then
		local gone="$LAB/.released.$LOCK_TOKEN"
		mv -T "$LOCK" "$gone" 2>/dev/null && rm -rf "$gone"
	fi
	HAVE_LOCK=0
}

