#!/usr/bin/env bash
# fix.sh: `dockward tui` fixing a rule, in a private tmux server (80x24) on a copy of the
# 1001-fix-files root (docker.service chmod 0644 first, so that one rule passes):
#   - f (status) narrows the list: with "fail" shown, the passing rule is gone;
#   - / finds files.docker-sock-mode, Space marks it, d shows its diff (the new socket drop-in);
#   - a lists what will change, y applies: the tree is then exactly what
#     `dockward fix --yes --only files.docker-sock-mode` makes of a second copy, and the list
#     shows the rule PASS;
#   - h shows that run in the history, ? the key table (both q back);
#   - u rolls the run back: the tree is the original again; Enter on the rule shows the diff of
#     its fix in the detail;
#   - a resize to 100x30 and back to 80x24 redraws without garbage;
#   - q exits 0 and leaves a sane terminal (stty -a in the pane: icanon and echo are back);
#   - --read-only: a and u are not in the footer, a says "read-only" and changes nothing.
# The list and the diff screens are compared with tests/tui/expected/*.txt (run ids replaced).
#
#   fix.sh DOCKWARD CASE_DIR            (CASE_DIR: tests/fixtures/1001-fix-files)
#   UPDATE=1 fix.sh DOCKWARD CASE_DIR   rewrites the expected screens (review the diff)
#
# Exit 77 (skipped) without tmux, unless CI=true.
set -euo pipefail
bin=$(realpath "$1")
case_dir=$(realpath "$2")
expected=$(dirname "$(realpath "$0")")/expected
rule=files.docker-sock-mode
if ! command -v tmux > /dev/null; then
	[ "${CI:-}" = true ] && { echo "tmux is missing (CI=true)"; exit 1; }
	echo "tmux is missing: skipped"
	exit 77
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/dockward-tui.XXXXXX")
sock="dwtuifix-$$"
tmux_() { tmux -L "$sock" -f /dev/null "$@"; }
trap 'tmux_ kill-server 2> /dev/null || true; rm -rf "$tmp"' EXIT

# Copies: tui (driven), cli (dockward fix), orig (the reference), ro (read-only run).
for c in tui cli orig ro; do
	mkdir -p "$tmp/$c"
	cp -a "$case_dir/root/." "$tmp/$c/"
	(cd "$tmp/$c" && bash "$case_dir/setup")
	chmod 0644 "$tmp/$c/lib/systemd/system/docker.service" # files.docker-service-mode passes
	mkdir -p "$tmp/$c/var/lib"
done

# Contents, types, modes and owners of a copy, without the journal.
tree() {
	(cd "$tmp/$1" && find . -path ./var/lib/dockward -prune -o -printf '%p\n' | LC_ALL=C sort |
		while IFS= read -r p; do
			[ "$p" = . ] && continue
			what=-
			[ -f "$p" ] && what=$(sha256sum < "$p" | cut -d' ' -f1)
			[ -L "$p" ] && what="-> $(readlink "$p")"
			printf '%s %s\n' "$(stat -c '%n %F %a %u %g' -- "$p")" "$what"
		done)
}

env_="env -i PATH=/usr/bin:/bin LC_ALL=C.UTF-8 TZ=UTC HOME='$tmp' TERM=screen SOURCE_DATE_EPOCH=1795426800"
# The pane runs stty -a after the TUI: it fails, or shows -icanon/-echo, on a broken terminal.
start() { # start COPY [OPTION...]
	local copy=$1
	shift
	tmux_ kill-server 2> /dev/null || true
	rm -f "$tmp/status" "$tmp/stty"
	tmux_ new-session -d -x 80 -y 24 "cd '$case_dir' && $env_ '$bin' tui --baseline baseline.yaml \
--root '$tmp/$copy' $*; echo \$? > '$tmp/status'; stty -a > '$tmp/stty' 2>&1; sleep 30"
}

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
# Waits until no line matches the ERE $1.
wait_gone() {
	for _ in $(seq 1 100); do
		tmux_ capture-pane -p 2> /dev/null | grep -Eq -- "$1" || return 0
		sleep 0.1
	done
	fail "a line still matches '$1'"
}
# Compares the screen with expected/$1.txt, run ids (the clock and the pid) replaced.
compare() {
	local got="$tmp/$1.txt"
	tmux_ capture-pane -p | sed -E 's/[0-9]{8}T[0-9]{6}Z-[0-9]+/@RUN@/g' > "$got"
	if [ "${UPDATE:-}" = 1 ]; then
		cp "$got" "$expected/$1.txt"
		return 0
	fi
	diff -u "$expected/$1.txt" "$got" || fail "screen $1 differs from expected/$1.txt"
}
# Every line at most 80 columns, at most 24 lines, the header on top and the footer below.
sane_screen() {
	local s
	s=$(tmux_ capture-pane -p)
	[ "$(wc -l <<< "$s")" -le 24 ] || fail "more than 24 lines"
	awk 'length($0) > 80 { bad = 1 } END { exit bad }' <<< "$s" || fail "a line wider than 80"
	head -1 <<< "$s" | grep -q '^dockward  host' || fail "no header"
	tail -1 <<< "$s" | grep -q 'q quit$' || fail "no footer"
}
quit_ok() {
	tmux_ send-keys q
	for _ in $(seq 1 100); do
		[ -s "$tmp/stty" ] && break
		sleep 0.1
	done
	[ -s "$tmp/status" ] || fail "tui did not quit"
	[ "$(cat "$tmp/status")" = 0 ] || fail "exit status $(cat "$tmp/status"), not 0"
	grep -Eq '(^| )icanon( |$)' "$tmp/stty" && grep -Eq '(^| )echo( |$)' "$tmp/stty" ||
		fail "terminal not restored: $(cat "$tmp/stty")"
}

start tui
wait_for '^dockward  host'
sane_screen
grep -Eq '^  PASS +HIGH +files\.docker-service-mode' <(tmux_ capture-pane -p) || fail "no passing rule"
compare list

# f: all, pass, fail: the passing rule goes away, the failing ones stay.
tmux_ send-keys f f
wait_for '^status fail '
wait_gone 'files\.docker-service-mode'
wait_for "^  FAIL +CRITICAL +$rule"
tmux_ send-keys c
wait_for '^status all '

# / finds the rule (by a part of its id), Space marks it, d shows its diff.
tmux_ send-keys /
wait_for '^search:'
tmux_ send-keys sock-mode Enter
wait_for "^status all  severity >= low  search 'sock-mode'  1 of 10 rules"
tmux_ send-keys Space
wait_for '1 marked'
wait_for "^\* FAIL +CRITICAL +$rule"
tmux_ send-keys d
wait_for "^plan: $rule"
wait_for '^--- /dev/null$'
wait_for '^\+\+\+ b/etc/systemd/system/docker\.socket\.d/60-dockward\.conf$'
wait_for '^\+\[Socket\]$'
wait_for '^\+SocketMode=0660$'
wait_for '^/var/run/docker\.sock: mode 0666 -> 0660$'
compare diff
tmux_ send-keys q
wait_for 'q quit$'

# a: what will change; y: applied as `dockward fix --yes --only` does.
tmux_ send-keys a
wait_for "^apply: $rule"
wait_for '^  create /etc/systemd/system/docker\.socket\.d/60-dockward\.conf$'
wait_for '^dockerd: no restart needed\.$'
tmux_ send-keys y
wait_for '^applied run [0-9]{8}T[0-9]{6}Z-[0-9]+: 1 file$'
wait_for "^  PASS +CRITICAL +$rule"
run_id=$(tmux_ capture-pane -p | sed -nE 's/^applied run ([0-9]{8}T[0-9]{6}Z-[0-9]+): 1 file$/\1/p')
[ -n "$run_id" ] || fail "no run id in the apply message"

# h: the history shows that run (as `dockward history -v`); q back.
tmux_ send-keys h
wait_for '^history  \('
wait_for "^$run_id +[0-9T:-]+Z +[^ ]+ +applied "
tmux_ send-keys q
wait_for 'q quit$'
# ?: the help lists the key table; q back.
tmux_ send-keys '?'
wait_for '^help: keys of the list'
wait_for '^Space +mark$'
wait_for '^a +apply$'
tmux_ send-keys q
wait_for 'q quit$'
# exit 1: the other rules still fail
rc=0
(cd "$case_dir" && eval "$env_" "'$bin'" fix --yes --only "$rule" --baseline baseline.yaml \
	--root "'$tmp/cli'" > "$tmp/cli.out" 2>&1) || rc=$?
[ "$rc" = 1 ] && grep -q '^Applied: run ' "$tmp/cli.out" ||
	fail "dockward fix: exit $rc: $(cat "$tmp/cli.out")"
drop=etc/systemd/system/docker.socket.d/60-dockward.conf
cmp "$tmp/tui/$drop" "$tmp/cli/$drop" || fail "the drop-in differs from dockward fix's"
diff -u <(tree cli) <(tree tui) || fail "the tree differs from dockward fix's"
if diff -q <(tree orig) <(tree tui) > /dev/null; then fail "nothing changed"; fi

# u: rolled back, byte for byte.
tmux_ send-keys u
wait_for '^rolled back run [0-9]{8}T[0-9]{6}Z-[0-9]+$'
wait_for "^  FAIL +CRITICAL +$rule"
[ ! -e "$tmp/tui/$drop" ] || fail "the drop-in is still there"
diff -u <(tree orig) <(tree tui) || fail "rollback did not restore the original tree"

# Enter on the failing rule (the search still selects it): its detail ends with the diff of
# its fix; q back.
tmux_ send-keys Enter
wait_for "^$rule  FAIL  CRITICAL"
tmux_ send-keys End
wait_for '^fix:$'
wait_for '^\+SocketMode=0660$'
tmux_ send-keys q
wait_for 'q quit$'

# A resize and back: redrawn, nothing left over.
tmux_ send-keys c
wait_for '^status all  severity >= low  10 of 10 rules'
tmux_ resize-window -x 100 -y 30
wait_for '^.{81,}' # the footer spans the new width
tmux_ resize-window -x 80 -y 24
sleep 0.3
sane_screen
quit_ok

# Report-only: no a or u, and a changes nothing.
start ro --read-only
wait_for '^dockward  host'
tmux_ capture-pane -p | tail -1 | grep -Eq ' a apply| u undo' && fail "a or u offered read-only"
tmux_ send-keys a
wait_for '^read-only \(--read-only\): apply and rollback are not offered'
tmux_ send-keys u
wait_for '^read-only \(--read-only\): apply and rollback are not offered'
diff -u <(tree orig) <(tree ro) || fail "read-only changed the tree"
[ ! -e "$tmp/ro/var/lib/dockward" ] || fail "read-only wrote a journal"
quit_ok
echo "ok"
