#!/usr/bin/env bash
# fix-faults.sh: `dockward fix` under faults, end to end through the CLI, on copies of a fixture
# root (never the machine's own files):
#   enospc   the root is a small tmpfs filled to several levels: fix either succeeds or exits 3
#            with the tree exactly as before (the run rolled back) and no temp file left;
#   readonly etc/ is a read-only bind mount: exit 3, nothing changed, the run rolled back;
#   kill     fix is SIGKILLed at random instants: every file is its old or its new version,
#            never partial, and `rollback` restores the original tree.
#   fix-faults.sh DOCKWARD FIXTURE_ROOT [KILL_TRIALS]
# Needs root (mount). Exits 77 (skipped) without it, unless CI is set.
set -euo pipefail
bin=$(realpath "$1")
fixture=$(realpath "$2")
trials=${3:-8}
if [ "$(id -u)" != 0 ]; then
	[ -n "${CI:-}" ] && { echo "fix-faults: needs root"; exit 1; }
	echo "fix-faults: skipped: needs root (mount)"; exit 77
fi
work=$(mktemp -d /tmp/dockward-faults.XXXXXX)
mounts=()
cleanup() {
	for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do umount -l "${mounts[$i]}" 2>/dev/null || true; done
	rm -rf "$work"
}
trap cleanup EXIT
fail=0
export SOURCE_DATE_EPOCH=1795426800 LC_ALL=C TZ=UTC

fresh() { # fresh DIR: a copy of the fixture root
	mkdir -p "$1"
	cp -a "$fixture/root/." "$1/"
	[ -f "$fixture/setup" ] && (cd "$1" && bash "$fixture/setup")
	return 0
}
# what must come back: everything but dockward's own journal (and its parent directories,
# which the journal may have created; directory sizes are left out for the same reason)
tree() {
	(cd "$1" && find . -path ./var/lib/dockward -prune -o -type d -printf '%p %y %m %U %G\n' \
		-o -printf '%p %y %m %U %G %s %l\n' |
		grep -vE '^(\./var/lib/dockward|\./var |\./var/lib )' | LC_ALL=C sort &&
		find . -path ./var/lib/dockward -prune -o -type f -print0 | LC_ALL=C sort -z |
		xargs -0 -r sha256sum)
}
temps() { find "$1" -name '.*dockward-*' -not -path '*/var/lib/dockward/*' | head -5; }

# The reference: the tree after an undisturbed fix, and the list of files it writes. A dry run
# first, timed: the kills below aim at the span after planning, when files are written.
ref=$work/ref
fresh "$ref"
t0=$(date +%s%N)
"$bin" fix --dry-run --no-color --root "$ref" > /dev/null 2>&1 || true
dry_ms=$((($(date +%s%N) - t0) / 1000000))
orig=$(tree "$ref")
set +e
t0=$(date +%s%N)
"$bin" fix --yes --no-color --root "$ref" > "$work/ref.out" 2>&1
rc=$?
ref_ms=$((($(date +%s%N) - t0) / 1000000))
set -e
if [ $rc -gt 1 ]; then echo "reference fix failed ($rc):"; cat "$work/ref.out"; exit 1; fi
fixed=$(tree "$ref")
changed=$(diff <(echo "$orig" | grep -E '^[0-9a-f]{64} ') <(echo "$fixed" | grep -E '^[0-9a-f]{64} ') |
	sed -n 's/^[<>] [0-9a-f]\{64\}  //p' | LC_ALL=C sort -u || true)
[ -n "$changed" ] || { echo "the reference fix changed no file: nothing to test"; exit 1; }

# ---- ENOSPC: a tmpfs root filled to leave 0 .. 96 KiB free
size_kb=$(du -sk "$ref" | cut -f1)
for free in 0 4 8 16 24 32 48 64 96; do
	m=$work/enospc-$free
	mkdir -p "$m"
	mount -t tmpfs -o size=$(((size_kb + 512) * 1024)) tmpfs "$m"
	mounts+=("$m")
	fresh "$m"
	avail=$(df -k --output=avail "$m" | tail -1)
	fill=$((avail - free))
	[ $fill -gt 0 ] && head -c $((fill * 1024)) /dev/zero > "$m/.filler" 2>/dev/null || true
	before=$(tree "$m")
	set +e
	"$bin" fix --yes --no-color --root "$m" > "$work/enospc.out" 2>&1
	rc=$?
	set -e
	after=$(tree "$m")
	if [ $rc = 3 ]; then
		if [ "$before" != "$after" ]; then
			echo "enospc ($free KiB free): exit 3 but the tree changed:"
			diff <(echo "$before") <(echo "$after") | head -20 || true
			fail=1
		fi
	elif [ $rc -gt 1 ]; then
		echo "enospc ($free KiB free): exit $rc:"; cat "$work/enospc.out"; fail=1
	fi
	t=$(temps "$m")
	[ -z "$t" ] || { echo "enospc ($free KiB free): temp files left: $t"; fail=1; }
	echo "enospc: $free KiB free -> exit $rc"
done

# ---- read-only etc/
m=$work/ro
fresh "$m"
before=$(tree "$m")
mount --bind "$m/etc" "$m/etc"
mounts+=("$m/etc")
mount -o remount,bind,ro "$m/etc"
set +e
"$bin" fix --yes --no-color --root "$m" > "$work/ro.out" 2>&1
rc=$?
set -e
after=$(tree "$m")
if [ $rc != 3 ] || [ "$before" != "$after" ]; then
	echo "read-only etc: exit $rc (expected 3), tree changed: $([ "$before" != "$after" ] && echo yes || echo no)"
	cat "$work/ro.out"
	fail=1
fi
grep -q 'rolled back\|undone\|nothing was changed' "$work/ro.out" ||
	{ echo "read-only etc: the output does not say the run was undone"; cat "$work/ro.out"; fail=1; }
echo "read-only: exit $rc"

# ---- kill -9 at random instants
# kill at random between 0.8 and 1.4 times a dry run (planning done, files being written: the
# apply step takes a few ms after the plan); one trial in four anywhere from 0 to there
lo=$(awk -v ms="$dry_ms" 'BEGIN { printf "%.3f", ms * 0.8 / 1000 }')
max=$(awk -v ms="$dry_ms" 'BEGIN { printf "%.3f", ms * 1.4 / 1000 }')
midway=0
for ((t = 0; t < trials; t++)); do
	m=$work/kill-$t
	fresh "$m"
	delay=$(awk -v s=$RANDOM -v lo="$lo" -v max="$max" -v t=$t \
		'BEGIN { srand(s); if (t % 4 == 0) lo = 0; printf "%.4f", lo + rand() * (max - lo) }')
	"$bin" fix --yes --no-color --root "$m" > /dev/null 2>&1 &
	pid=$!
	sleep "$delay"
	kill -9 $pid 2>/dev/null || true
	wait $pid 2>/dev/null || true
	manifest=$(ls "$m"/var/lib/dockward/journal/*/manifest.json 2>/dev/null | head -1 || true)
	if [ -n "$manifest" ] && grep -q '"state": *"applying"' "$manifest"; then
		midway=$((midway + 1))
	fi
	# every file fix writes is either the original or the fixed version
	while IFS= read -r f; do
		[ -n "$f" ] || continue
		cur=$(cd "$m" && sha256sum "$f" 2>/dev/null | cut -d' ' -f1 || true)
		old=$(echo "$orig" | awk -v f="$f" '$2 == f { print $1 }')
		new=$(echo "$fixed" | awk -v f="$f" '$2 == f { print $1 }')
		if [ "$cur" != "$old" ] && [ "$cur" != "$new" ]; then
			echo "kill trial $t (after ${delay}s): $f is neither the old nor the new version"
			fail=1
		fi
	done <<< "$changed"
	set +e
	"$bin" rollback --yes --no-color --root "$m" > "$work/rb.out" 2>&1
	rc=$?
	set -e
	# 2: no run recorded (killed before the journal existed): nothing may have changed then
	if [ $rc != 0 ] && ! { [ $rc = 2 ] && grep -q 'no run to roll back' "$work/rb.out"; }; then
		echo "kill trial $t: rollback exit $rc"; cat "$work/rb.out"; fail=1
	fi
	now=$(tree "$m")
	if [ "$now" != "$orig" ]; then
		echo "kill trial $t (after ${delay}s): rollback did not restore the tree:"
		diff <(echo "$orig") <(echo "$now") | head -20 || true
		fail=1
	fi
	t2=$(temps "$m")
	[ -z "$t2" ] || echo "kill trial $t: temp files left by the killed run (harmless, named .*dockward-*): $t2"
	rm -rf "$m"
done
echo "kill: $trials trials, $midway killed while applying (journal state 'applying'), killed at random in ${lo}..${max}s (a dry run took ${dry_ms} ms, an undisturbed fix ${ref_ms} ms)"
exit $fail
