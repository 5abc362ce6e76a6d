#!/usr/bin/env bash
# audit-bench.sh: wall time and peak memory of a full `dockward audit --format json`.
#
#   bench/audit-bench.sh [DOCKWARD] [RUNS]
#
# Times whole processes (start-up, baseline load, probes, checks, JSON rendering), as a user
# sees them: the live host (/) and a fake root from the golden cases, each RUNS times (default
# 50) after 3 warm-ups; prints min, median and max wall milliseconds, and the peak RSS measured
# by GNU time (packages: time, bc). Targets (issue 3): median under 20 ms, peak RSS under 10 MB.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-build/dockward}
runs=${2:-50}
fixture=${BENCH_FIXTURE:-tests/fixtures/0001-full-host-default-baseline}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/root"
cp -a "$fixture/root/." "$tmp/root/"
fixture=$(realpath "$fixture")
[ -f "$fixture/setup" ] && (cd "$tmp/root" && bash "$fixture/setup")

measure() { # label, args...
	local label=$1
	shift
	local times=()
	for ((i = 0; i < 3; i++)); do "$bin" "$@" > /dev/null 2>&1 || true; done
	for ((i = 0; i < runs; i++)); do
		local t0=$EPOCHREALTIME
		"$bin" "$@" > /dev/null 2>&1 || true
		local t1=$EPOCHREALTIME
		times+=("$(echo "($t1 - $t0) * 1000" | bc -l)")
	done
	local sorted
	sorted=$(printf '%s\n' "${times[@]}" | sort -g)
	local min med max
	min=$(echo "$sorted" | head -1)
	max=$(echo "$sorted" | tail -1)
	med=$(echo "$sorted" | sed -n "$(((runs + 1) / 2))p")
	local rss
	/usr/bin/time -f '%M' -o "$tmp/rss" "$bin" "$@" > /dev/null 2>&1 || true
	rss=$(tail -1 "$tmp/rss")
	printf '%-28s wall ms: min %6.2f  median %6.2f  max %6.2f   peak RSS %5.1f MB   (%d runs)\n' \
		"$label" "$min" "$med" "$max" "$(echo "$rss / 1024" | bc -l)" "$runs"
}

measure "live host (/)" audit --format json
measure "fake root ($(basename "$fixture"))" audit --format json --root "$tmp/root"
