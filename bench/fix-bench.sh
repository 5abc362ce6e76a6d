#!/usr/bin/env bash
# fix-bench.sh: how long `dockward fix` (plan, dry run), `fix --yes` and `rollback --yes` take on
# a fixture root, timed from outside with farm-bench (medians). fix and rollback change their
# root, so each run works on a fresh copy; the copy alone is timed too (--vs) and is to be taken
# off.   bench/fix-bench.sh [DOCKWARD] [RUNS] [FIXTURE_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(realpath "${1:-build/dockward}")
runs=${2:-20}
fixture=$(realpath "${3:-tests/fixtures/0002-debian-docker-io-defaults}")
work=$(mktemp -d /tmp/dockward-fix-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/src"
cp -a "$fixture/root/." "$work/src/"
[ -f "$fixture/setup" ] && (cd "$work/src" && bash "$fixture/setup")
cp -a "$work/src" "$work/fixed"
"$bin" fix --yes --root "$work/fixed" > /dev/null 2>&1 || true
[ -d "$work/fixed/var/lib/dockward/journal" ] || { echo "the fix wrote nothing: no bench"; exit 1; }

echo "== fix --dry-run (plan only) on $(basename "$fixture")"
farm-bench -n "$runs" -- "$bin" fix --dry-run --root "$work/src"
echo "== fix --yes (fresh copy each run) vs the copy alone"
farm-bench -n "$runs" --vs "sh -c 'rm -rf $work/w && cp -a $work/src $work/w'" \
	-- sh -c "rm -rf $work/w && cp -a $work/src $work/w && exec $bin fix --yes --root $work/w"
echo "== rollback --yes (fresh copy of the fixed root each run) vs the copy alone"
farm-bench -n "$runs" --vs "sh -c 'rm -rf $work/w && cp -a $work/fixed $work/w'" \
	-- sh -c "rm -rf $work/w && cp -a $work/fixed $work/w && exec $bin rollback --yes --root $work/w"
