#!/usr/bin/env bash
# private-dockerd.sh: start, stop and restart a private dockerd that leaves the machine alone.
#
#   private-dockerd.sh start   STATE_DIR CONFIG_FILE   start it, wait until its API answers
#   private-dockerd.sh stop    STATE_DIR               remove its containers, stop it
#   private-dockerd.sh restart STATE_DIR CONFIG_FILE   stop, then start (the restart_command)
#   private-dockerd.sh pid     STATE_DIR               print its pid (exit 1 when not running)
#
# Everything it owns lives in STATE_DIR: data/ (--data-root), exec/ (--exec-root, where its own
# containerd runs), docker.sock, docker.pid, dockerd.log. It runs with --config-file CONFIG_FILE
# in its own network namespace (its docker0 bridge and iptables rules stay there: icc=false needs
# iptables, and dockerd refuses to start with --iptables=false and icc=false) and its own mount
# namespace, where a tmpfs hides the machine's /etc/docker (dockerd 20.10 writes key.json there)
# and /run/containerd (dockerd would otherwise use a system containerd it finds running instead
# of starting its own). Both mounts vanish with the namespace. The machine's /etc/docker/daemon.json,
# /var/lib/docker and /var/run/docker.sock are never used.
#
# DOCKERD_EXTRA_FLAGS (environment): more flags for dockerd, split on blanks (no quoting), after
# the helper's own: DOCKERD_EXTRA_FLAGS="--debug" for a daemon whose flags contradict its
# daemon.json.
#
# `start` behaves like an init system's start job: it exits 0 once the API answers /_ping, and
# exits 1 with the tail of dockerd's log when dockerd dies first or does not answer within
# START_TIMEOUT seconds (default 60).
set -euo pipefail

die() {
	echo "private-dockerd: $*" >&2
	exit 1
}

cmd=${1:-}
dir=${2:-}
if [ -z "$cmd" ] || [ -z "$dir" ]; then
	die "usage: $0 start|stop|restart|pid STATE_DIR [CONFIG_FILE]"
fi
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
sock=$dir/docker.sock
pidfile=$dir/docker.pid
log=$dir/dockerd.log
START_TIMEOUT=${START_TIMEOUT:-60}
DOCKERD=${DOCKERD:-dockerd}
DOCKER=${DOCKER:-docker}

running_pid() {
	local pid
	[ -f "$dir/launched.pid" ] || return 1
	pid=$(cat "$dir/launched.pid")
	[ -n "$pid" ] && alive "$pid" || return 1
	echo "$pid"
}

# "STATE PPID SESSION" of a process, from /proc (no procps needed); nothing when it is gone.
proc_ids() {
	local stat
	stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 0
	stat=${stat##*) } # after the command name, which may hold spaces and parentheses
	# shellcheck disable=SC2086
	set -f -- $stat   # state ppid pgrp session ...
	echo "$1 $2 $4"
}

# Whether pid $1 runs (a zombie does not: under a PID 1 that does not reap, dockerd stays one).
alive() {
	local ids
	ids=$(proc_ids "$1")
	[ -n "$ids" ] && [ "${ids%% *}" != Z ]
}

# Kills (SIGKILL) every process of session $1, by reading /proc.
kill_session() {
	local p ids
	for p in /proc/[0-9]*; do
		p=${p#/proc/}
		ids=$(proc_ids "$p")
		[ -n "$ids" ] && [ "${ids##* }" = "$1" ] && kill -KILL "$p" 2>/dev/null
	done
	return 0
}

# The pids whose parent is $1.
children_of() {
	local p ids
	for p in /proc/[0-9]*; do
		p=${p#/proc/}
		ids=$(proc_ids "$p")
		ids=${ids#* }
		[ -n "$ids" ] && [ "${ids%% *}" = "$1" ] && echo "$p"
	done
	return 0
}

api_up() {
	"$DOCKER" -H "unix://$sock" version --format '{{.Server.Version}}' > /dev/null 2>&1
}

start() {
	local config=$1
	[ -f "$config" ] || die "no config file '$config'"
	if running_pid > /dev/null; then
		die "already running (pid $(running_pid))"
	fi
	mkdir -p "$dir/data" "$dir/exec"
	rm -f "$pidfile"
	local extra=()
	read -ra extra <<< "${DOCKERD_EXTRA_FLAGS:-}"
	echo "== start $(date -u +%FT%TZ) config $config${extra[*]:+ flags ${extra[*]}}" >> "$log"
	# The namespaces' setup runs in the new mount namespace, then execs dockerd (same pid).
	# setsid: its own session, so that stop can reach every process it started.
	# shellcheck disable=SC2016
	setsid unshare --mount --net --propagation private -- /bin/sh -c '
		set -e
		ip link set lo up 2>/dev/null || true
		if [ -d /etc/docker ]; then mount -t tmpfs -o mode=0755 dockward-e2e /etc/docker; fi
		if [ -d /run/containerd ]; then mount -t tmpfs -o mode=0711 dockward-e2e /run/containerd; fi
		exec "$0" "$@"' \
		"$DOCKERD" --config-file "$config" --data-root "$dir/data" --exec-root "$dir/exec" \
		-H "unix://$sock" --pidfile "$pidfile" ${extra[@]+"${extra[@]}"} \
		>> "$log" 2>&1 < /dev/null &
	local pid=$!
	echo "$pid" > "$dir/launched.pid"
	local deadline=$((SECONDS + START_TIMEOUT))
	while [ $SECONDS -lt $deadline ]; do
		if ! alive "$pid"; then
			wait "$pid" 2>/dev/null || true
			echo "private-dockerd: dockerd exited at start; its log:" >&2
			# shellcheck disable=SC2016
			sed -n '/^== start/h;/^== start/!H;${x;p}' "$log" | tail -15 >&2
			exit 1
		fi
		if api_up; then
			return 0
		fi
		sleep 0.2
	done
	echo "private-dockerd: dockerd did not answer within ${START_TIMEOUT}s; its log:" >&2
	tail -15 "$log" >&2
	exit 1
}

stop() {
	local pid
	pid=$(running_pid) || {
		rm -f "$dir/launched.pid"
		return 0
	}
	# A killed dockerd leaves its containers' shims behind: remove the containers first.
	if api_up; then
		local ids
		ids=$("$DOCKER" -H "unix://$sock" ps -aq 2>/dev/null || true)
		# shellcheck disable=SC2086
		[ -z "$ids" ] || "$DOCKER" -H "unix://$sock" rm -f $ids > /dev/null 2>&1 || true
	fi
	# its own containerd runs in a session of its own: note it before dockerd goes
	local children
	children=$(children_of "$pid")
	kill -TERM "$pid" 2>/dev/null || true
	for _ in $(seq 1 150); do
		alive "$pid" || break
		sleep 0.2
	done
	# whatever is left (it did not stop, or left its containerd behind): by session id; dockerd
	# and each of its children lead their own sessions
	local s
	for s in "$pid" $children; do
		kill_session "$s"
	done
	for _ in $(seq 1 50); do
		alive "$pid" || break
		sleep 0.1
	done
	rm -f "$dir/launched.pid"
	echo "== stopped $(date -u +%FT%TZ)" >> "$log"
}

case "$cmd" in
start)
	start "${3:?config file}"
	;;
stop)
	stop
	;;
restart)
	stop
	start "${3:?config file}"
	;;
pid)
	running_pid
	;;
*)
	die "unknown command '$cmd'"
	;;
esac
