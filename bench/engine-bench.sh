#!/usr/bin/env bash
# engine-bench.sh: what the Engine API costs an audit, against the raw API calls (issue 5).
#
#   bench/engine-bench.sh DOCKWARD [N]          (N containers, default 100)
#
# Starts a private dockerd (tests/e2e/private-dockerd.sh), the test image
# (tests/e2e/make-test-image.sh) and N running busybox `sleep` containers, created in parallel
# batches; then times whole processes, RUNS rounds (default 20, env RUNS) after WARMUP rounds
# (default 2), each round running the four in turn, and prints min, median and max wall
# milliseconds of each:
#   (a) raw API   one curl process: GET /containers/json and every /containers/ID/json over one
#                 kept-alive connection (the floor: what any client must at least ask)
#   (b) docker    `docker inspect` of all of them
#   (c) dockward  `audit --docker-host ... --format json -o /dev/null` with a baseline of only
#                 the container and image rules (taken from tests/e2e/engine-baseline.yaml)
#   (d) dockward  the same with the default baseline (docker-host: its container and image rules
#                 and every host, daemon and file rule)
# and the ratio (c)/(a), taken round by round (the median of those ratios). Targets: (c) under
# 200 ms, and within 1.5x of (a).
# With /usr/bin/time (package time) it also prints (c)'s peak RSS.
#
# The containers live only while the bench runs: the private dockerd, its containers, its
# namespaces and data, and /etc/docker/key.json if dockerd 20.10 created it, are removed on exit
# (trap). Needs root, dockerd (docker.io), docker, curl, jq, iptables, unshare, busybox-static.
# About a minute for N=100 on 2 cores, most of it starting the containers.
set -euo pipefail
cd "$(dirname "$0")/.."
top=$(pwd)
bin=$(realpath "${1:?usage: bench/engine-bench.sh DOCKWARD [N]}")
n=${2:-100}
runs=${RUNS:-20}
warmup=${WARMUP:-2}
helper=$top/tests/e2e/private-dockerd.sh
IMG=dw-bench-busybox:1

for tool in dockerd docker curl jq unshare iptables setsid; do
	command -v "$tool" > /dev/null || { echo "engine-bench: '$tool' is not installed" >&2; exit 1; }
done
[ "$(id -u)" = 0 ] || { echo "engine-bench: needs root (a private dockerd)" >&2; exit 1; }

tmp=${TMPDIR:-/tmp}
[ ${#tmp} -lt 40 ] || tmp=/tmp # the socket path must fit in sun_path
W=$(mktemp -d "$tmp/dw-bench.XXXXXX")
S=$W/d
SOCK=$S/docker.sock
HOST=unix://$SOCK

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
	echo "== cleanup"
	"$helper" stop "$S" > /dev/null 2>&1 # removes the containers first
	if [ $key_existed = true ]; then
		cmp -s "$W/key.json.saved" /etc/docker/key.json || cp -a "$W/key.json.saved" /etc/docker/key.json
	else
		rm -f /etc/docker/key.json
	fi
	[ $etc_docker_existed = true ] || rmdir /etc/docker 2> /dev/null
	grep -o " ${W}[^ ]*" /proc/self/mounts | sort -r | while read -r m; do umount -l "$m"; done
	rm -rf "$W"
	exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

D() {
	docker -H "$HOST" "$@"
}

echo '{}' > "$W/daemon.json"
echo "== private dockerd ($(dockerd --version))"
"$helper" start "$S" "$W/daemon.json"
"$top/tests/e2e/make-test-image.sh" "$HOST" "$IMG" > /dev/null

echo "== $n containers"
t0=$SECONDS
# parallel batches: 4 `docker run` at a time (2 cores: containerd and runc are the bottleneck)
seq 1 "$n" | xargs -P 4 -I{} docker -H "$HOST" run -d --name "bench-{}" "$IMG" > /dev/null
mapfile -t ids < <(D ps -q --no-trunc)
[ "${#ids[@]}" = "$n" ] || { echo "engine-bench: ${#ids[@]} containers running, expected $n" >&2; exit 1; }
echo "started in $((SECONDS - t0)) s"

# (a): one curl, one connection: the list, then each container
curl_args=(-s --fail --unix-socket "$SOCK" http://localhost/containers/json -o /dev/null)
for id in "${ids[@]}"; do
	curl_args+=("http://localhost/containers/$id/json" -o /dev/null)
done
curl "${curl_args[@]}" -w '%{num_connects}\n' > "$W/connects"
connects=$(awk '{ s += $1 } END { print s }' "$W/connects")
[ "$connects" = 1 ] || echo "note: curl opened $connects connections for $((n + 1)) requests, not 1"

# (c)'s baseline: the container and image rules of the e2e baseline
awk '
	/^rules:/ { print; inrules = 1; next }
	!inrules { print; next }
	/^  - id: / { keep = ($3 ~ /^(container|image)\./) }
	keep' tests/e2e/engine-baseline.yaml > "$W/engine-only.yaml"
"$bin" audit --docker-host "$HOST" --baseline "$W/engine-only.yaml" --format json -o "$W/c.json" || true
"$bin" audit --docker-host "$HOST" --format json -o "$W/d.json" || true
nrules=$(grep -c '^  - id: ' "$W/engine-only.yaml")
echo "(c) baseline: $nrules container and image rules; its report: $(jq -c .summary "$W/c.json" 2> /dev/null)"
echo "(d) default baseline: $(jq -r '.results | length' "$W/d.json" 2> /dev/null) rules; its report: $(jq -c .summary "$W/d.json" 2> /dev/null)"

# The four commands run in turn, a b c d a b c d ..., so that a drift in the machine's speed
# touches each alike; (c)/(a) is taken pair by pair (same round), and its median printed.
keys=(a b c d)
declare -A label times median
label[a]="(a) raw API, one curl, one connection"
label[b]="(b) docker inspect (all)"
label[c]="(c) dockward audit, container+image rules"
label[d]="(d) dockward audit, default baseline"
run_key() {
	case $1 in
	a) curl "${curl_args[@]}" ;;
	b) docker -H "$HOST" inspect "${ids[@]}" ;;
	c) "$bin" audit --docker-host "$HOST" --baseline "$W/engine-only.yaml" --format json -o /dev/null ;;
	d) "$bin" audit --docker-host "$HOST" --format json -o /dev/null ;;
	esac
}
ms() { # start end (EPOCHREALTIME)
	awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", (b - a) * 1000 }'
}
stats() { # values on stdin -> "min median max"
	sort -g | awk '{ v[NR] = $1 } END {
		m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		printf "%.2f %.2f %.2f\n", v[1], m, v[NR] }'
}

echo "== timing ($n running containers, $runs rounds a b c d after $warmup warm-up rounds)"
for ((i = 0; i < warmup + runs; i++)); do
	for k in "${keys[@]}"; do
		t0=$EPOCHREALTIME
		run_key "$k" > /dev/null 2>&1 || true
		t1=$EPOCHREALTIME
		((i < warmup)) || times[$k]+="$(ms "$t0" "$t1") "
	done
done
for k in "${keys[@]}"; do
	read -r min med max < <(tr ' ' '\n' <<< "${times[$k]}" | grep . | stats)
	median[$k]=$med
	printf '%-44s wall ms: min %8.2f  median %8.2f  max %8.2f  (%d runs)\n' \
		"${label[$k]}" "$min" "$med" "$max" "$runs"
done
read -ra ta <<< "${times[a]}"
read -ra tc <<< "${times[c]}"
read -r rmin ratio rmax < <(for ((i = 0; i < runs; i++)); do
	awk -v c="${tc[i]}" -v a="${ta[i]}" 'BEGIN { printf "%.4f\n", c / a }'
done | stats)
echo "(c)/(a), pair by pair: min $rmin  median $ratio  max $rmax"
if [ -x /usr/bin/time ]; then
	/usr/bin/time -f '%M' -o "$W/rss" "$bin" audit --docker-host "$HOST" \
		--baseline "$W/engine-only.yaml" --format json -o /dev/null > /dev/null 2>&1 || true
	# (the last line: GNU time puts "Command exited with non-zero status" first)
	echo "(c) peak RSS: $(tail -1 "$W/rss" | awk '{ printf "%.1f MB", $1 / 1024 }')"
fi
verdict=$(awk -v c="${median[c]}" -v r="$ratio" 'BEGIN {
	print (c < 200 ? "met" : "NOT met") " ((c) < 200 ms), " (r <= 1.5 ? "met" : "NOT met") " ((c) <= 1.5x (a))" }')
echo "targets: $verdict"
