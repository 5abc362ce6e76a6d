#!/usr/bin/env bash
# list.sh: `dockward tui` in a private tmux server (80x24) on a copy of a fixture root:
# the list shows passing and failing rules, Enter opens the detail of the selected rule, q goes
# back to the list, q quits with exit status 0.
#
#   list.sh DOCKWARD CASE_DIR
#
# Exit 77 (skipped) without tmux, unless CI=true.
set -euo pipefail
bin=$(realpath "$1")
case_dir=$(realpath "$2")
if ! command -v tmux > /dev/null; then
	[ "${CI:-}" = true ] && { echo "tmux is missing (CI=true)"; exit 1; }
	echo "tmux is missing: skipped"
	exit 77
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/dockward-tui.XXXXXX")
sock="dwtui-$$"
tmux_() { tmux -L "$sock" -f /dev/null "$@"; }
trap 'tmux_ kill-server 2> /dev/null || true; rm -rf "$tmp"' EXIT
mkdir -p "$tmp/root"
cp -a "$case_dir/root/." "$tmp/root/"
[ -f "$case_dir/setup" ] && (cd "$tmp/root" && bash "$case_dir/setup")

# The exit status goes to a file: the pane is gone once the command ends.
cmd="cd '$case_dir' && env -i PATH=/usr/bin:/bin LC_ALL=C.UTF-8 TZ=UTC HOME='$tmp' TERM=screen \
SOURCE_DATE_EPOCH=1795426800 '$bin' tui --baseline baseline.yaml --root '$tmp/root'; \
echo \$? > '$tmp/status'"
tmux_ new-session -d -x 80 -y 24 "$cmd"

fail() {
	echo "FAIL: $*"
	echo "--- screen:"
	tmux_ capture-pane -p 2> /dev/null || true
	exit 1
}
# Waits until the screen shows a line matching the ERE $1.
wait_for() {
	for _ in $(seq 1 100); do
		tmux_ capture-pane -p 2> /dev/null | grep -Eq -- "$1" && return 0
		sleep 0.1
	done
	fail "no line matching '$1'"
}

wait_for '^dockward  host'
screen=$(tmux_ capture-pane -p)
grep -Eq '^  PASS +[A-Z]+ +[a-z]' <<< "$screen" || fail "no passing rule"
grep -Eq '^  FAIL +[A-Z]+ +[a-z]' <<< "$screen" || fail "no failing rule"
grep -q 'q quit' <<< "$screen" || fail "no footer"
[ "$(wc -l <<< "$screen")" -le 24 ] || fail "more than 24 lines"

# The selected rule is the first rule row: its id is the third column.
selected=$(grep -Em1 '^  [A-Z/]+ +[A-Z]+ +[a-z]' <<< "$screen" | awk '{print $3}')
tmux_ send-keys Enter
wait_for "^$selected  \(1-"
wait_for '^expected: '
wait_for '^observed: '
wait_for 'q back'

tmux_ send-keys q
wait_for 'q quit'
tmux_ send-keys q
for _ in $(seq 1 100); do
	[ -s "$tmp/status" ] && break
	sleep 0.1
done
[ -s "$tmp/status" ] || fail "tui did not quit"
[ "$(cat "$tmp/status")" = 0 ] || fail "exit status $(cat "$tmp/status"), not 0"
echo "ok"
