#!/usr/bin/env bash
# Installs the Debian packages the real lab runs on (ActiveMQ 5.17, mcollectived/mco 2.12,
# ruby-stomp, faketime for the clock-skew fault, a headless JRE; iproute2/nftables/procps for the
# three-host lab). Idempotent and fast: apt is only touched when a package is missing. Needs root
# only in that case.
set -euo pipefail

PACKAGES=(activemq mcollective mcollective-client ruby-stomp faketime default-jre-headless
	iproute2 nftables procps) # the three-host lab (hosts.sh): ip netns, the firewall fault, ps per host

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q '^install ok installed$'; }

missing=()
for p in "${PACKAGES[@]}"; do installed "$p" || missing+=("$p"); done

if [[ ${#missing[@]} -eq 0 ]]; then
	echo "lab/install.sh: all lab packages already installed (${PACKAGES[*]})"
	exit 0
fi

echo "lab/install.sh: installing missing packages: ${missing[*]}"
if [[ $(id -u) -ne 0 ]]; then
	echo "lab/install.sh: ERROR: packages missing (${missing[*]}) and not running as root; run: sudo bash lab/install.sh" >&2
	exit 1
fi

export DEBIAN_FRONTEND=noninteractive
apt_opts=(-y -q --no-install-recommends -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)
t0=$SECONDS
if ! apt-get update -q; then
	echo "lab/install.sh: ERROR: apt-get update failed (network or sources.list?)" >&2
	exit 1
fi
if ! apt-get install "${apt_opts[@]}" "${missing[@]}"; then
	echo "lab/install.sh: ERROR: apt-get install ${missing[*]} failed (see apt output above)" >&2
	exit 1
fi
for p in "${missing[@]}"; do
	installed "$p" || { echo "lab/install.sh: ERROR: $p still not installed after apt-get install" >&2; exit 1; }
done
echo "lab/install.sh: installed ${missing[*]} in $((SECONDS - t0)) s"
