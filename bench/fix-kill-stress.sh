#!/usr/bin/env bash
# fix-kill-stress.sh: SIGKILL `dockward fix` at random instants, TRIALS times (default 200), on
# copies of a fixture root; after each kill every file is its old or its new version and
# `dockward rollback` restores the original tree (tests/faults/fix-faults.sh does the checks).
#   bench/fix-kill-stress.sh [DOCKWARD] [TRIALS] [FIXTURE_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-build/dockward}
trials=${2:-200}
fixture=${3:-tests/fixtures/0002-debian-docker-io-defaults}
start=$(date +%s)
tests/faults/fix-faults.sh "$bin" "$fixture" "$trials"
echo "fix-kill-stress: $trials trials in $(($(date +%s) - start)) s, no failure"
