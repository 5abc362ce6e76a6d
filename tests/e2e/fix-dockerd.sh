#!/usr/bin/env bash
# fix-dockerd.sh: `dockward fix` against a private, real dockerd (issue 4, "Must show").
#
#   fix-dockerd.sh DOCKWARD
#
# A fake root R holds etc/docker/daemon.json {"log-level": "debug", "icc": true}; a private dockerd
# (private-dockerd.sh: own socket, data-root, exec-root, pidfile, network and mount namespaces)
# runs with --config-file R/etc/docker/daemon.json. Then:
#   1. fix with baseline-ok.yaml, restarting through `private-dockerd.sh restart`: exit 0,
#      daemon.json has icc false and log-level info, and the restarted daemon shows them: the
#      bridge network's enable_icc option is "false" and its log has no debug lines any more.
#      A second fix changes nothing: same bytes, same mtime, the same dockerd (not restarted).
#   2. back to the original daemon.json, then fix with baseline-broken.yaml, whose third fix is a
#      default-runtime that dockerd refuses at start: exit 3, daemon.json restored byte for
#      byte, and a dockerd answering again with the original settings (enable_icc "true",
#      debug lines in its log), a new process (it was restarted after the rollback).
# Needs root and dockerd (docker.io), iptables, unshare, docker and jq. Without them: skipped
# (exit 77), except under CI=true, where a missing piece is a failure.
# Cleanup (always, by trap): the private dockerd and its containers (its namespaces, mounts and
# bridge go with it), /etc/docker/key.json if dockerd 20.10 created it, the temp dir.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=$(realpath "$1")
helper=$here/private-dockerd.sh

skip() {
	if [ "${CI:-}" = true ]; then
		echo "fix-dockerd: FAIL (CI=true, cannot skip): $*" >&2
		exit 1
	fi
	echo "fix-dockerd: SKIP: $*"
	exit 77
}
[ "$(id -u)" = 0 ] || skip "not root"
for tool in dockerd docker unshare iptables jq setsid mount; do
	command -v "$tool" > /dev/null || skip "'$tool' is not installed (apt-get install docker.io iptables jq)"
done

fail() {
	echo "fix-dockerd: FAIL: $*" >&2
	exit 1
}

# A short path: the socket path must fit in sun_path (108 bytes).
tmp=${TMPDIR:-/tmp}
[ ${#tmp} -lt 40 ] || tmp=/tmp
W=$(mktemp -d "$tmp/dw-e2e.XXXXXX")
R=$W/root
S=$W/d
SOCK=$S/docker.sock
CONFIG=$R/etc/docker/daemon.json

# dockerd 20.10 writes /etc/docker/key.json; the helper hides /etc/docker behind a tmpfs in the
# daemon's mount namespace, but only when the directory exists. Remember what was there.
etc_docker_existed=false
key_existed=false
[ -d /etc/docker ] && etc_docker_existed=true
if [ -e /etc/docker/key.json ]; then
	key_existed=true
	cp -a /etc/docker/key.json "$W/key.json.saved"
fi

cleanup() {
	local rc=$?
	set +e
	"$helper" stop "$S" > /dev/null 2>&1
	if "$helper" pid "$S" > /dev/null 2>&1; then
		echo "fix-dockerd: private dockerd still running after stop" >&2
		rc=1
	fi
	if [ $key_existed = true ]; then
		cmp -s "$W/key.json.saved" /etc/docker/key.json || cp -a "$W/key.json.saved" /etc/docker/key.json
	else
		rm -f /etc/docker/key.json
	fi
	[ $etc_docker_existed = true ] || rmdir /etc/docker 2> /dev/null
	# nothing should be mounted under W (the daemon's mounts were in its own namespace)
	grep -o " ${W}[^ ]*" /proc/self/mounts | sort -r | while read -r m; do umount -l "$m"; done
	if [ $rc != 0 ] && [ -f "$S/dockerd.log" ]; then
		echo "---- dockerd.log (tail)" >&2
		tail -40 "$S/dockerd.log" >&2
	fi
	rm -rf "$W"
	exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

original='{
    "log-level": "debug",
    "icc":   true
}
'
mkdir -p "$R/etc/docker"
printf '%s' "$original" > "$CONFIG"
chmod 0644 "$CONFIG"
printf '%s' "$original" > "$W/original.json"

icc() {
	docker -H "unix://$SOCK" network inspect bridge \
		--format '{{index .Options "com.docker.network.bridge.enable_icc"}}'
}
# Debug lines logged by the newest start of the daemon (log-level is not in the Engine API:
# /info's Debug is the --debug mode, which log-level does not set).
debug_lines() {
	# shellcheck disable=SC2016
	sed -n '/^== start/h;/^== start/!H;${x;p}' "$S/dockerd.log" | grep -c 'level=debug' || true
}
daemon_pid() {
	"$helper" pid "$S"
}
fix() {
	local baseline=$1
	shift
	"$bin" fix --yes --root "$R" --docker-host "unix://$SOCK" \
		--restart-command "$helper restart $S $CONFIG" --restart-timeout 60 \
		--baseline "$here/$baseline" "$@"
}

echo "== start a private dockerd ($(dockerd --version))"
"$helper" start "$S" "$CONFIG" || fail "the private dockerd did not start"
[ "$(icc)" = true ] || fail "before: enable_icc is '$(icc)', expected true"
[ "$(debug_lines)" -gt 0 ] || fail "before: no debug lines in the log with log-level debug"
pid0=$(daemon_pid)

echo "== 1. fix: icc false, log-level info, restart"
t0=$(date +%s%N)
rc=0
fix baseline-ok.yaml > "$W/fix1.out" 2>&1 || rc=$?
t1=$(date +%s%N)
cat "$W/fix1.out"
[ $rc = 0 ] || fail "fix exited $rc, expected 0"
echo "fix with restart: $(((t1 - t0) / 1000000)) ms"
[ "$(jq -r '.icc' "$CONFIG")" = false ] || fail "daemon.json: icc is not false"
[ "$(jq -r '."log-level"' "$CONFIG")" = info ] || fail "daemon.json: log-level is not info"
pid1=$(daemon_pid) || fail "no dockerd after fix"
[ "$pid1" != "$pid0" ] || fail "dockerd was not restarted (pid $pid1)"
[ "$(icc)" = false ] || fail "after fix: the API reports enable_icc '$(icc)', expected false"
[ "$(debug_lines)" = 0 ] || fail "after fix: the daemon still logs at debug level"

echo "== 1b. a second fix changes nothing"
sum=$(sha256sum < "$CONFIG")
mtime=$(stat -c %Y.%y "$CONFIG")
rc=0
fix baseline-ok.yaml > "$W/fix2.out" 2>&1 || rc=$?
cat "$W/fix2.out"
[ $rc = 0 ] || fail "second fix exited $rc, expected 0"
[ "$(sha256sum < "$CONFIG")" = "$sum" ] || fail "second fix changed daemon.json"
[ "$(stat -c %Y.%y "$CONFIG")" = "$mtime" ] || fail "second fix touched daemon.json"
[ "$(daemon_pid)" = "$pid1" ] || fail "second fix restarted dockerd"

echo "== 2. a daemon.json that dockerd refuses: fix must roll back and bring dockerd back"
printf '%s' "$original" > "$CONFIG"
"$helper" restart "$S" "$CONFIG" || fail "could not restart with the original daemon.json"
[ "$(icc)" = true ] || fail "original: enable_icc is '$(icc)'"
pid2=$(daemon_pid)
rc=0
t0=$(date +%s%N)
fix baseline-broken.yaml > "$W/fix3.out" 2>&1 || rc=$?
t1=$(date +%s%N)
cat "$W/fix3.out"
[ $rc = 3 ] || fail "fix exited $rc, expected 3"
echo "failed fix with rollback: $(((t1 - t0) / 1000000)) ms"
grep -q "no-such-runtime" "$W/fix3.out" || fail "fix did not say why dockerd did not start"
cmp "$W/original.json" "$CONFIG" || fail "daemon.json was not restored byte for byte"
pid3=$(daemon_pid) || fail "dockerd is not running after the rollback"
[ "$pid3" != "$pid2" ] || fail "dockerd was not restarted after the rollback"
docker -H "unix://$SOCK" version > /dev/null || fail "dockerd does not answer after the rollback"
[ "$(icc)" = true ] || fail "after rollback: enable_icc is '$(icc)', expected true (original)"
[ "$(debug_lines)" -gt 0 ] || fail "after rollback: the daemon does not log at debug level"

echo "fix-dockerd: ok"
