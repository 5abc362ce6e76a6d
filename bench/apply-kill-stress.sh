#!/usr/bin/env bash
# apply-kill-stress.sh: kill -9 of `apply` at random instants, many times (issue 4, "Faults").
#
# Runs tests/unit/test-apply-kill (see its opening comment) with TRIALS trials (default 300):
# each applies a plan of 30 files + 2 attribute changes to a fresh fake root, SIGKILLs it after
# a random delay within the time of a whole run, checks that every file is its old or its new
# version (never partial), and that rollback (or nothing, when the kill came before the journal)
# brings back the original tree byte for byte with owner and mode. Needs root (chown).
#
#   bench/apply-kill-stress.sh [BUILD-DIR] [TRIALS]        DOCKWARD_KILL_SEED=N to replay
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build}
trials=${2:-300}
bin=$build/tests/test-apply-kill
[ -x "$bin" ] || { echo "apply-kill-stress: $bin not built (cmake --build $build)" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "apply-kill-stress: needs root (files are chowned)" >&2; exit 2; }
log=$(mktemp)
trap 'rm -f "$log"' EXIT
start=$(date +%s.%N)
rc=0
"$bin" "$trials" >"$log" 2>&1 || rc=$?
end=$(date +%s.%N)
grep -E '^(kill-stress|trial )' "$log" || true
summary=$(grep -E '^kill-stress: trials=' "$log" || true)
failures=$(sed -n 's/.*failures=\([0-9]*\).*/\1/p' <<<"$summary")
printf 'trials: %s\nfailures: %s\ntime: %.1f s\n' "$trials" "${failures:-unknown}" \
	"$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')"
if [ $rc != 0 ]; then
	tail -n 30 "$log" >&2
	exit 1
fi
