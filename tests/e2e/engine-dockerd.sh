#!/usr/bin/env bash
# engine-dockerd.sh: `dockward audit` against the Engine API of a private, real dockerd (issue 5).
#
#   engine-dockerd.sh DOCKWARD
#
# A private dockerd (private-dockerd.sh: own socket, data-root, exec-root, pidfile, network and
# mount namespaces) runs with --config-file W/daemon.json {"log-level": "info", "icc": true} and
# the flag --debug, which contradicts the file. The test image comes from make-test-image.sh
# (busybox, `docker import`, no registry). Containers, one problem each, and one done right:
#   hostpid  --pid host               caps    --cap-add SYS_ADMIN --cap-add NET_ADMIN
#   varrun   -v /var/run:/var/run     etc     -v /etc:/host-etc:ro
#   unconf   seccomp=unconfined       always  --restart always, -p 80:8080 (every address)
#   sock     the daemon's own socket  sshd    a process whose comm is sshd
#   priv     --privileged, created only (a privileged container cannot run here)
#   hardened read-only rootfs, memory, cpu and pids limits, no-new-privileges, --cap-drop ALL,
#            user 65534, a health check, on-failure:3, -p 127.0.0.1:8081:8080, its own network
# Images: dw-e2e-busybox:1 (root, no health check), dw-e2e-nonroot:1 (committed with user 65534
# and a health check) and one dangling image (committed without a tag).
# Then daemon.json is edited (icc false) without restarting the daemon, and:
#   1. audit --docker-host --all-containers with engine-baseline.yaml: for every container rule,
#      each container's object has the expected status (and, for failures, observed text); the
#      hardened container passes every rule (apparmor and selinux: not_applicable where the host
#      has neither); image rules per image; daemon.log-level fails with evidence from
#      daemon.json and from the running daemon or the --debug flag; daemon.icc fails with
#      fix.restart_required and evidence from daemon.json and /networks/bridge. The sock
#      container fails docker_socket: the socket of the engine that dockward contacted is the
#      Docker socket wherever it lives, not only at /var/run/docker.sock. The daemon also
#      listens on tcp://127.0.0.1:2375 in its own network namespace (not dockward's):
#      daemon.tcp-tls fails with the listener read from proc/PID/net/tcp, dockerd's view.
#   2. --containers REGEX, --skip-label KEY and KEY=VALUE, and no --all-containers narrow the
#      objects.
#   3. an engine that does not answer (a socket where nothing listens): container rules are
#      error with a reason, the host rule still runs, the exit code is not 3 because of it.
#   4. --root DIR without --docker-host (and with DOCKER_HOST set): container rules are
#      not_applicable, and (with strace) the audit makes no connect() at all.
# Every assertion is checked and reported; the test fails at the end if one did not hold.
# KEEP_REPORTS=DIR keeps the reports (and dockward's stderr) there.
# Needs root, dockerd (docker.io), docker, iptables, unshare, jq and busybox-static; strace for
# the sub-assertion of 4. Without them: skipped (exit 77), except under CI=true (a failure).
# Cleanup (always, by trap): containers, network, the private dockerd (its namespaces, mounts
# and bridge go with it), /etc/docker/key.json if dockerd 20.10 created it, the temp dir.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=$(realpath "$1")
helper=$here/private-dockerd.sh
name=engine-dockerd

skip() {
	if [ "${CI:-}" = true ]; then
		echo "$name: FAIL (CI=true, cannot skip): $*" >&2
		exit 1
	fi
	echo "$name: SKIP: $*"
	exit 77
}
[ "$(id -u)" = 0 ] || skip "not root"
for tool in dockerd docker unshare iptables jq setsid mount tar; do
	command -v "$tool" > /dev/null || skip "'$tool' is not installed (apt-get install docker.io iptables jq)"
done
[ -x /bin/busybox ] || skip "no /bin/busybox (apt-get install busybox-static)"

die() {
	echo "$name: FAIL: $*" >&2
	exit 1
}
failures=0
bad() {
	echo "  FAIL: $*" >&2
	failures=$((failures + 1))
}
ok() {
	[ -z "${VERBOSE:-}" ] || echo "  ok: $*"
}

tmp=${TMPDIR:-/tmp}
[ ${#tmp} -lt 40 ] || tmp=/tmp # the socket path must fit in sun_path (108 bytes)
W=$(mktemp -d "$tmp/dw-eng.XXXXXX")
S=$W/d
SOCK=$S/docker.sock
HOST=unix://$SOCK
CONFIG=$W/daemon.json
NET=dw-e2e-net
IMG=dw-e2e-busybox:1
NONROOT=dw-e2e-nonroot:1

etc_docker_existed=false
key_existed=false
[ -d /etc/docker ] && etc_docker_existed=true
if [ -e /etc/docker/key.json ]; then
	key_existed=true
	cp -a /etc/docker/key.json "$W/key.json.saved"
fi

D() {
	docker -H "$HOST" "$@"
}

cleanup() {
	local rc=$?
	set +e
	if "$helper" pid "$S" > /dev/null 2>&1; then
		local ids
		ids=$(D ps -aq 2> /dev/null)
		# shellcheck disable=SC2086
		[ -z "$ids" ] || D rm -f $ids > /dev/null 2>&1
		D network rm "$NET" > /dev/null 2>&1
	fi
	"$helper" stop "$S" > /dev/null 2>&1
	if "$helper" pid "$S" > /dev/null 2>&1; then
		echo "$name: private dockerd still running after stop" >&2
		rc=1
	fi
	if [ $key_existed = true ]; then
		cmp -s "$W/key.json.saved" /etc/docker/key.json || cp -a "$W/key.json.saved" /etc/docker/key.json
	else
		rm -f /etc/docker/key.json
	fi
	[ $etc_docker_existed = true ] || rmdir /etc/docker 2> /dev/null
	grep -o " ${W}[^ ]*" /proc/self/mounts | sort -r | while read -r m; do umount -l "$m"; done
	# dockerd's log says something only when the setup failed
	if [ -n "${KEEP_REPORTS:-}" ]; then
		mkdir -p "$KEEP_REPORTS" && cp "$W"/*.json "$W"/*.err "$KEEP_REPORTS"/ 2> /dev/null
	fi
	# dockerd's log says something only when the setup failed
	if [ $rc != 0 ] && [ $rc != 77 ] && [ $setup_done = false ] && [ -f "$S/dockerd.log" ]; then
		echo "---- dockerd.log (tail, no debug lines)" >&2
		grep -v 'level=debug' "$S/dockerd.log" | tail -20 >&2
	fi
	rm -rf "$W"
	exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

t_start=$SECONDS
setup_done=false
printf '{\n    "log-level": "info",\n    "icc": true\n}\n' > "$CONFIG"

echo "== private dockerd with --debug against daemon.json log-level info ($(dockerd --version))"
DOCKERD_EXTRA_FLAGS="--debug -H tcp://127.0.0.1:2375" "$helper" start "$S" "$CONFIG" || die "the private dockerd did not start"
DPID=$("$helper" pid "$S")
others=$(for p in /proc/[0-9]*; do
	if [ "$(cat "$p/comm" 2> /dev/null)" = dockerd ] && [ "${p#/proc/}" != "$DPID" ]; then
		echo "${p#/proc/}"
	fi
done | xargs)
[ -z "$others" ] ||
	echo "note: other dockerd processes run (pids $others): the daemon rules must still read the flags and daemon.json of pid $DPID, the one at $HOST"
[ "$(D info --format '{{.Debug}}')" = true ] || die "the daemon is not in debug mode"
[ "$(D network inspect bridge --format '{{index .Options "com.docker.network.bridge.enable_icc"}}')" = true ] ||
	die "the bridge does not have enable_icc true"

echo "== images"
IMG_ID=$("$here/make-test-image.sh" "$HOST" "$IMG") || die "make-test-image.sh failed"
D create --name mk-nonroot --user 65534 --health-cmd true "$IMG" > /dev/null
D commit mk-nonroot "$NONROOT" > /dev/null
NONROOT_ID=$(D image inspect --format '{{.Id}}' "$NONROOT")
DANGLING_ID=$(D commit --change 'ENV DANGLING=1' mk-nonroot)
D rm mk-nonroot > /dev/null
[ "$(D image inspect --format '{{len .RepoTags}}' "$DANGLING_ID")" = 0 ] || die "the dangling image has a tag"

echo "== containers"
D network create "$NET" > /dev/null
run() { # name, docker run options... (the image and command are added)
	local n=$1
	shift
	D run -d --name "$n" "$@" > "$W/run-$n.out" 2>&1 ||
		{ cat "$W/run-$n.out" >&2; return 1; }
}
pids=()
run hostpid --pid host "$IMG" & pids+=($!)
run caps --cap-add SYS_ADMIN --cap-add NET_ADMIN "$IMG" & pids+=($!)
run varrun -v /var/run:/var/run "$IMG" & pids+=($!)
run etc -v /etc:/host-etc:ro "$IMG" & pids+=($!)
run unconf --security-opt seccomp=unconfined --label dockward.skip=true "$IMG" & pids+=($!)
run always --restart always --label tier=test -p 80:8080 "$IMG" & pids+=($!)
run sock -v "$SOCK:/var/run/docker.sock" "$IMG" & pids+=($!)
run sshd "$IMG" sh -c 'exec -a sleep /usr/sbin/sshd 3600' & pids+=($!)
run hardened --read-only --memory 64m --cpus 0.5 --pids-limit 50 \
	--security-opt no-new-privileges --cap-drop ALL --user 65534 \
	--health-cmd true --restart on-failure:3 -p 127.0.0.1:8081:8080 --network "$NET" \
	"$IMG" & pids+=($!)
for p in "${pids[@]}"; do wait "$p" || die "a container did not start (see above)"; done
D create --name priv --privileged "$IMG" > /dev/null
CONTAINERS="hostpid caps varrun etc unconf always sock sshd hardened priv"
RUNNING="hostpid caps varrun etc unconf always sock sshd hardened"

sshd_pid=$(D inspect --format '{{.State.Pid}}' sshd)
[ "$(cat "/proc/$sshd_pid/comm")" = sshd ] ||
	die "the sshd container's process has comm '$(cat "/proc/$sshd_pid/comm")', not sshd"

# daemon.json changed after the start: the running daemon keeps icc true until restarted.
printf '{\n    "log-level": "info",\n    "icc": false\n}\n' > "$CONFIG"
echo "setup: $((SECONDS - t_start)) s"
setup_done=true

report_ok() { # file: a non-empty dockward-report/1
	[ -s "$1" ] && jq -e '.schema == "dockward-report/1"' "$1" > /dev/null 2>&1
}
audit() { # output file, options...: runs the audit, prints its exit code
	local out=$1
	shift
	local rc=0
	"$bin" audit --baseline "$here/engine-baseline.yaml" --format json -o "$out" "$@" \
		2> "$out.err" || rc=$?
	echo $rc
}
rstatus() { # file rule
	jq -r --arg r "$2" '.results[] | select(.id == $r) | .status' "$1"
}
# Every object of a report, loaded once (one jq per report, not one per assertion):
# OST["file|rule|name"] = status, OOBS[...] = observed.
declare -A OST OOBS
load_objects() { # file
	local rule n st obs
	while IFS=$'\t' read -r rule n st obs; do
		OST["$1|$rule|$n"]=${OST["$1|$rule|$n"]:+${OST["$1|$rule|$n"]},}$st
		OOBS["$1|$rule|$n"]=$obs
	done < <(jq -r '.results[] | .id as $r | .objects[]?
		| [$r, (.name // ""), .status, (.observed // "")] | @tsv' "$1")
}
ostatus() { # file rule container
	echo "${OST["$1|$2|$3"]:-}"
}
oobserved() { # file rule container
	echo "${OOBS["$1|$2|$3"]:-}"
}
# names of the container objects of every container rule, sorted, unique
object_names() { # file
	jq -r '[.results[] | select(.id | startswith("container.")) | .objects[]?
		| select(.kind == "container") | .name] | unique | join(" ")' "$1"
}
# expect FILE RULE CONTAINER STATUS [OBSERVED-ERE]
expect() {
	local f=$1 rule=$2 c=$3 want=$4 re=${5:-}
	local got=${OST["$f|$rule|$c"]:-} obs=${OOBS["$f|$rule|$c"]:-}
	if [ "$got" != "$want" ]; then
		bad "$rule / $c: status '$got', expected '$want' (observed: '$obs')"
	elif [ -n "$re" ] && ! grep -qiE -- "$re" <<< "$obs"; then
		bad "$rule / $c: observed '$obs' does not match /$re/"
	else
		ok "$rule / $c: $got"
	fi
}

echo "== 1. audit --docker-host --all-containers"
A=$W/all.json
t0=$(date +%s%N)
rc=$(audit "$A" --docker-host "$HOST" --all-containers)
t1=$(date +%s%N)
echo "audit: exit $rc, $(((t1 - t0) / 1000000)) ms wall, duration_ms $(jq -r .duration_ms "$A" 2> /dev/null)"
[ "$rc" -lt 128 ] || die "dockward died (exit $rc): $(head -5 "$A.err")"
report_ok "$A" || die "no JSON report (exit $rc): $(head -5 "$A.err")"
[ "$rc" = 1 ] || bad "exit code $rc, expected 1 (rules fail); stderr: $(head -5 "$A.err")"
load_objects "$A"
[ "$(jq -r .host.docker.source "$A")" = api ] || bad "host.docker.source is '$(jq -r .host.docker.source "$A")', expected api"
[ "$(jq -r .host.docker.version "$A")" = "$(D version --format '{{.Server.Version}}')" ] ||
	bad "host.docker.version is '$(jq -r .host.docker.version "$A")'"

# container objects carry kind, id, name, image, status and observed
jq -e --arg ids "$(D ps -aq --no-trunc | sort | tr '\n' ' ')" '
	[.results[] | select(.id | startswith("container.")) | .objects[]?] as $o
	| ($o | length) > 0
	  and ($o | all(.kind == "container" and (.id | test("^[0-9a-f]{64}$"))
	                and (.name | length) > 0 and (.image | length) > 0
	                and (.status | length) > 0 and (.observed | type) == "string"))
	  and ($o | map(.id) | unique | all(. as $i | $ids | contains($i)))' "$A" > /dev/null ||
	bad "container objects lack kind/id/name/image/status/observed or name unknown containers"
[ "$(object_names "$A")" = "$(tr ' ' '\n' <<< "$CONTAINERS" | sort | xargs)" ] ||
	bad "objects name '$(object_names "$A")', expected every container: $CONTAINERS"
[ "$(jq -r '[.results[] | select(.id == "container.host-pid") | .objects[]
	| select(.name == "hostpid") | .image] | .[0]' "$A")" = "$IMG" ] ||
	bad "hostpid's object does not say image $IMG"

# rule_expect FILE RULE DEFAULT [CONTAINER=STATUS[:OBSERVED-ERE]]...: every container's object
# of RULE has DEFAULT status, except those named.
rule_expect() {
	local f=$1 rule=$2 default=$3
	shift 3
	local c spec want re
	for c in $CONTAINERS; do
		want=$default re=
		for spec in "$@"; do
			if [ "${spec%%=*}" = "$c" ]; then
				want=${spec#*=}
				[[ $want != *:* ]] || { re=${want#*:}; want=${want%%:*}; }
			fi
		done
		expect "$f" "container.$rule" "$c" "$want" "$re"
	done
}
# Only the hardened container passes these (the image runs as root with no health check, every
# other container has no limits and sits on the default bridge).
for rule in memory-limit cpu-limit pids-limit readonly-rootfs no-new-privileges healthcheck user \
	default-bridge; do
	rule_expect "$A" "$rule" fail hardened=pass
done
rule_expect "$A" host-pid pass 'hostpid=fail:host'
rule_expect "$A" host-network pass
rule_expect "$A" privileged pass 'priv=fail:privileged'
rule_expect "$A" capabilities pass 'caps=fail:SYS_ADMIN.*NET_ADMIN|NET_ADMIN.*SYS_ADMIN' \
	'priv=fail:privileged'
rule_expect "$A" sensitive-mounts pass 'etc=fail:/etc' 'varrun=fail:/var/run|/run'
rule_expect "$A" docker-socket pass 'varrun=fail:docker\.sock' 'sock=fail:docker\.sock'
rule_expect "$A" seccomp pass 'unconf=fail:unconfined' 'priv=fail:privileged'
rule_expect "$A" restart-policy pass 'always=fail:always'
rule_expect "$A" ports-bound pass 'always=fail:0\.0\.0\.0|all|every|any'
rule_expect "$A" privileged-ports pass 'always=fail:(^|[^0-9])80([^0-9]|$)'
rule_expect "$A" processes pass 'sshd=fail:sshd' priv=not_applicable
rule_expect "$A" mount-propagation pass
rule_expect "$A" devices pass 'priv=fail:privileged'
rule_expect "$A" cgroup-parent pass
for rule in memory-limit host-pid privileged capabilities sensitive-mounts docker-socket seccomp \
	restart-policy ports-bound privileged-ports processes devices default-bridge; do
	[ "$(rstatus "$A" "container.$rule")" = fail ] || bad "container.$rule: result '$(rstatus "$A" "container.$rule")', expected fail"
done
for rule in host-network mount-propagation cgroup-parent; do
	[ "$(rstatus "$A" "container.$rule")" = pass ] || bad "container.$rule: result '$(rstatus "$A" "container.$rule")', expected pass"
done
# AppArmor and SELinux: not_applicable where the host has neither
if [ "$(cat /sys/module/apparmor/parameters/enabled 2> /dev/null)" != Y ]; then
	[ "$(rstatus "$A" container.apparmor)" = not_applicable ] ||
		bad "container.apparmor: '$(rstatus "$A" container.apparmor)', expected not_applicable (no AppArmor)"
else
	expect "$A" container.apparmor hardened pass
fi
if [ ! -e /sys/fs/selinux/enforce ]; then
	[ "$(rstatus "$A" container.selinux)" = not_applicable ] ||
		bad "container.selinux: '$(rstatus "$A" container.selinux)', expected not_applicable (no SELinux)"
fi
# The hardened container passes every container rule that applies here.
hardened_bad=$(jq -r '.results[] | select(.id | startswith("container."))
	| select(.status != "not_applicable")
	| [.id, ((.objects // []) | map(select(.name == "hardened")) | .[0].status // "missing")]
	| select(.[1] != "pass") | join(": ")' "$A")
[ -z "$hardened_bad" ] || bad "the hardened container does not pass: ${hardened_bad//$'\n'/; }"

# images: objects of kind image, by tag (or id for the dangling one)
istatus() { # file rule tag-or-id
	jq -r --arg r "$2" --arg n "$3" '[.results[] | select(.id == $r) | .objects[]?
		| select(.kind == "image" and (.name == $n or .id == $n)) | .status] | join(",")' "$1"
}
[ "$(istatus "$A" image.runs-as-root "$IMG")" = fail ] || bad "image.runs-as-root / $IMG: '$(istatus "$A" image.runs-as-root "$IMG")', expected fail"
[ "$(istatus "$A" image.runs-as-root "$NONROOT")" = pass ] || bad "image.runs-as-root / $NONROOT: '$(istatus "$A" image.runs-as-root "$NONROOT")', expected pass"
[ "$(istatus "$A" image.healthcheck "$IMG")" = fail ] || bad "image.healthcheck / $IMG: '$(istatus "$A" image.healthcheck "$IMG")', expected fail"
[ "$(istatus "$A" image.healthcheck "$NONROOT")" = pass ] || bad "image.healthcheck / $NONROOT: '$(istatus "$A" image.healthcheck "$NONROOT")', expected pass"
[ "$(rstatus "$A" image.dangling)" = fail ] || bad "image.dangling: '$(rstatus "$A" image.dangling)', expected fail"
jq -e --arg d "${DANGLING_ID#sha256:}" '.results[] | select(.id == "image.dangling")
	| [.objects[]? | select(.status == "fail") | .id // "" | sub("^sha256:"; "")]
	| any(. as $x | ($d | startswith($x)) and ($x | length) >= 12)' "$A" > /dev/null ||
	bad "image.dangling does not name the dangling image $DANGLING_ID: $(jq -c '.results[] | select(.id == "image.dangling") | .objects' "$A")"
[ "$(istatus "$A" image.dangling "$IMG_ID")" != fail ] || bad "image.dangling fails the tagged $IMG"
[ "$(istatus "$A" image.dangling "$NONROOT_ID")" != fail ] || bad "image.dangling fails the tagged $NONROOT"

# daemon.log-level: info in daemon.json, debug in the running daemon (--debug)
ev() { # file rule: evidence as "source|line|detail" lines
	jq -r --arg r "$2" '.results[] | select(.id == $r) | .evidence[]?
		| "\(.source)|\(.line // "")|\(.detail // "")"' "$1"
}
ll_ev=$(ev "$A" daemon.log-level)
[ "$(rstatus "$A" daemon.log-level)" = fail ] || bad "daemon.log-level: '$(rstatus "$A" daemon.log-level)', expected fail"
cfg_re=${CONFIG#/}
cfg_re=${cfg_re//./\\.}
grep -qE "$cfg_re\|[0-9]+\|.*log-level.*info" <<< "$ll_ev" ||
	bad "daemon.log-level: no evidence from $CONFIG's line (the --config-file of the dockerd at $HOST): $ll_ev"
grep -qiE "(/info.*\|.*debug)|(proc/$DPID/cmdline.*--debug)" <<< "$ll_ev" ||
	bad "daemon.log-level: no evidence from the running daemon (/info Debug) or its flag --debug: $ll_ev"
if grep -qE "proc/[0-9]+/cmdline" <<< "$ll_ev" && ! grep -q "proc/$DPID/cmdline" <<< "$ll_ev"; then
	bad "daemon.log-level: the flags come from another dockerd than the one at $HOST (pid $DPID): $ll_ev"
fi
# daemon.icc: false in daemon.json, true in the running daemon (edited after the start)
icc_ev=$(ev "$A" daemon.icc)
[ "$(rstatus "$A" daemon.icc)" = fail ] || bad "daemon.icc: '$(rstatus "$A" daemon.icc)', expected fail"
[ "$(jq -r '.results[] | select(.id == "daemon.icc") | .fix.restart_required' "$A")" = true ] ||
	bad "daemon.icc: fix.restart_required is not true: $(jq -c '.results[] | select(.id == "daemon.icc") | .fix' "$A")"
grep -qE "$cfg_re\|[0-9]+\|.*icc.*false" <<< "$icc_ev" ||
	bad "daemon.icc: no evidence from $CONFIG's line: $icc_ev"
grep -qE "networks/bridge.*\|.*true" <<< "$icc_ev" || bad "daemon.icc: no evidence from /networks/bridge: $icc_ev"
# daemon.tcp-tls: the listener exists only in dockerd's namespace; dockward's own shows nothing
tcp_ev=$(ev "$A" daemon.tcp-tls)
[ "$(rstatus "$A" daemon.tcp-tls)" = fail ] || bad "daemon.tcp-tls: '$(rstatus "$A" daemon.tcp-tls)', expected fail"
grep -qE "^proc/$DPID/net/tcp\|\|LISTEN 127\.0\.0\.1:2375" <<< "$tcp_ev" ||
	bad "daemon.tcp-tls: no LISTEN 127.0.0.1:2375 from dockerd's namespace (proc/$DPID/net/tcp): $tcp_ev"
[ "$(rstatus "$A" host.passwd-owner)" = pass ] || bad "host.passwd-owner: '$(rstatus "$A" host.passwd-owner)'"

echo "== 2. narrowing the containers ($((SECONDS - t_start)) s)"
N=$W/narrow
rc=$(audit "$N-re.json" --docker-host "$HOST" --all-containers --containers '^(caps|etc)$')
[ "$(object_names "$N-re.json")" = "caps etc" ] ||
	bad "--containers '^(caps|etc)\$': objects '$(object_names "$N-re.json")' (exit $rc: $(head -3 "$N-re.json.err"))"
rc=$(audit "$N-skip.json" --docker-host "$HOST" --all-containers --skip-label dockward.skip \
	--skip-label tier=test)
[ "$(object_names "$N-skip.json")" = "caps etc hardened hostpid priv sock sshd varrun" ] ||
	bad "--skip-label dockward.skip --skip-label tier=test: objects '$(object_names "$N-skip.json")' (exit $rc: $(head -3 "$N-skip.json.err"))"
rc=$(audit "$N-other.json" --docker-host "$HOST" --skip-label tier=prod)
[ "$(object_names "$N-other.json")" = "$(tr ' ' '\n' <<< "$RUNNING" | sort | xargs)" ] ||
	bad "--skip-label tier=prod, running only: objects '$(object_names "$N-other.json")' (exit $rc: $(head -3 "$N-other.json.err"))"

echo "== 3. an engine that does not answer ($((SECONDS - t_start)) s)"
dead=$W/dead.sock
if command -v python3 > /dev/null; then # a socket file where nothing listens
	python3 -c 'import socket,sys; s=socket.socket(socket.AF_UNIX); s.bind(sys.argv[1])' "$dead"
fi
U=$W/unreachable.json
rc=$(audit "$U" --docker-host "unix://$dead" --all-containers)
report_ok "$U" || bad "no report with an unreachable engine (exit $rc): $(head -3 "$U.err")"
[ "$rc" != 3 ] || bad "exit code 3 with an unreachable engine: $(head -5 "$U.err")"
[ "$rc" = 1 ] || bad "exit code $rc with an unreachable engine, expected 1 (the daemon rules fail)"
unreach_bad=$(jq -r '.results[] | select(.id | test("^(container|image)\\."))
	| select(.status != "error" or ((.observed // "") | length) == 0)
	| "\(.id): \(.status) \(.observed)"' "$U" 2> /dev/null)
[ -z "$unreach_bad" ] || bad "unreachable engine: container/image rules not error with a reason: $unreach_bad"
jq -r '.results[] | select(.id == "container.privileged") | "  reason: \(.observed)"' "$U" 2> /dev/null
[ "$(rstatus "$U" host.passwd-owner)" = pass ] || bad "unreachable engine: host.passwd-owner is '$(rstatus "$U" host.passwd-owner)', expected pass"

echo "== 4. --root without --docker-host: the engine is not contacted ($((SECONDS - t_start)) s)"
R=$W/root
mkdir -p "$R/etc/docker"
printf '{"icc": false, "log-level": "info"}\n' > "$R/etc/docker/daemon.json"
printf 'root:x:0:0:root:/root:/bin/sh\n' > "$R/etc/passwd"
O=$W/offline.json
if command -v strace > /dev/null; then
	rc=0
	DOCKER_HOST=$HOST strace -f -qq -e trace=connect -o "$W/strace.out" \
		"$bin" audit --root "$R" --baseline "$here/engine-baseline.yaml" --format json -o "$O" \
		2> "$O.err" || rc=$?
	# (glibc's nscd lookup for user names is not the engine)
	if grep 'connect(' "$W/strace.out" | grep -qv '/nscd/'; then
		bad "--root: the audit connected: $(grep 'connect(' "$W/strace.out" | grep -v /nscd/ | head -3)"
	fi
else
	echo "  (no strace: the no-connect sub-assertion is skipped)"
	rc=$(DOCKER_HOST=$HOST audit "$O" --root "$R")
fi
[ "$rc" != 3 ] || bad "--root: exit code 3: $(head -3 "$O.err")"
offline_bad=$(jq -r '.results[] | select(.id | test("^(container|image)\\."))
	| select(.status != "not_applicable") | "\(.id): \(.status) \(.observed)"' "$O" 2> /dev/null ||
	echo "no report")
[ -z "$offline_bad" ] || bad "--root: container/image rules not not_applicable: $offline_bad"

echo "total: $((SECONDS - t_start)) s"
if [ $failures != 0 ]; then
	echo "$name: $failures assertion(s) failed; report: $(jq -c .summary "$A")" >&2
	exit 1
fi
echo "$name: ok"
