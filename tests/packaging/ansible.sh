#!/usr/bin/env bash
# ansible.sh: tests of the Ansible role and playbooks (packaging/ansible/).
#
#   ansible.sh BUILD_DIR
#
# BUILD_DIR/dockward is put first on PATH: the role calls `dockward` from PATH (dockward_bin)
# on the "host" (a local connection) and on the controller (the fleet merge). Every case works
# on a fixture root (tests/fixtures/0002-debian-docker-io-defaults, made by the role's
# tests/make-fixture-root.sh) in a temp dir, never on this machine; Ansible's own files
# (ANSIBLE_HOME, local and remote temp, ansible-lint's cache) go to that temp dir too.
#
# 1. idempotence: the role's test playbook (tests/test.yml) twice on a fresh root. The first
#    PLAY RECAP has changed > 0 (the fix was applied), the second changed=0; failed=0 in both.
#    The root's fix journal holds one run, and the playbook's own assertions hold (the report
#    was fetched and parses, the fix changed the first time and not the second).
# 2. check mode: test.yml --check on another fresh root: the recap reports changes (the dry
#    run plans them), the root is identical before and after (paths, types, modes, owners,
#    sizes, mtimes, contents), the waivers file is not written, the scratch directory is gone.
#    With DOCKWARD_TEST_DEB=PATH.deb the role also "installs" that package in check mode (apt
#    reads it and installs nothing; dpkg's status must be unchanged).
# 3. fleet: audit-fleet.yml on the root of case 1 merges its report into fleet.html and
#    fleet.json (which name the host, dock1); a second run reports changed=0.
# 4. failures: with a dockward that exits 2, and one that exits 3, test.yml fails with
#    dockward's exit status and message, and the scratch directory is removed all the same;
#    with one whose fix prints no fix_run report, it fails instead of reporting no change.
# 5. ansible-lint (production profile, packaging/ansible/.ansible-lint) passes on the role and
#    the playbooks.
#
# Exit 0 pass, 1 fail, 77 skipped (ansible-playbook missing, or not root: the fixture's setup
# sets numeric owners). A missing ansible-lint skips part 5 only: the exit is then 77 unless
# something else failed.

# shellcheck disable=SC2015 # "A && ok || fail": ok only echoes, it cannot fail
set -uo pipefail

build=${1:?usage: ansible.sh BUILD_DIR}
build=$(cd "$build" && pwd) || exit 1
src=$(cd "$(dirname "$0")/../.." && pwd)
ans=$src/packaging/ansible
role=$ans/roles/dockward
fails=0
lint_skipped=
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
ok() { echo "ok: $*"; }
skip() { echo "SKIP: $*"; exit 77; }

[ -x "$build/dockward" ] || { echo "FAIL: no dockward in $build"; exit 1; }
command -v ansible-playbook > /dev/null || skip "ansible-playbook is missing (apt-get install ansible-core)"
[ "$(id -u)" = 0 ] || skip "the fixture root's setup sets numeric owners: run as root"

tmp=$(mktemp -d /tmp/dockward-ansible.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
export PATH="$build:$PATH"
export ANSIBLE_CONFIG="$ans/ansible.cfg" ANSIBLE_HOME="$tmp/ansible-home"
export ANSIBLE_LOCAL_TEMP="$tmp/ansible-local" ANSIBLE_REMOTE_TEMP="$tmp/ansible-remote"
export ANSIBLE_NOCOLOR=1 ANSIBLE_FORCE_COLOR=0 ANSIBLE_RETRY_FILES_ENABLED=0
export XDG_CACHE_HOME="$tmp/cache" NO_COLOR=1
unset DOCKWARD_TEST_DIR

# recap LOG FIELD: the value of FIELD (ok, changed, failed, ...) in the PLAY RECAP of LOG for
# the test host, or "none" when there is no recap line.
recap() {
	local line
	line=$(grep -E '^dockward-test +: ok=' "$1" | tail -n 1)
	[ -n "$line" ] || { echo none; return; }
	sed -nE "s/.* $2=([0-9]+).*/\\1/p" <<< "$line"
}

# snapshot DIR: everything that a change could touch, as run-case.sh takes it.
snapshot() {
	(cd "$1" && find . -printf '%p %y %m %U %G %s %T@ %l\n' | LC_ALL=C sort &&
		find . -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum)
}

# playbook LOG ARGS...: runs ansible-playbook from packaging/ansible with the test inventory.
playbook() {
	local log=$1
	shift
	(cd "$ans" && ansible-playbook -i "$role/tests/inventory" "$@") > "$log" 2>&1
}

# task_changed LOG TASK: whether the role's task named TASK reported a change in LOG.
task_changed() {
	grep -A1 -F "TASK [dockward : $2]" "$1" | grep -q '^changed:'
}

# show LOG: the end of a log, for a failure.
show() { tail -n 40 "$1" | sed 's/^/    | /'; }

# --- 1. idempotence ---------------------------------------------------------------------------
a=$tmp/a
"$role/tests/make-fixture-root.sh" "$a" || { echo "FAIL: could not make the fixture root"; exit 1; }
for run in 1 2; do
	log=$tmp/a-run$run.log
	playbook "$log" "$role/tests/test.yml" -e "dockward_test_dir=$a"
	status=$?
	changed=$(recap "$log" changed)
	failed=$(recap "$log" failed)
	unreachable=$(recap "$log" unreachable)
	echo "run $run: $(grep -E '^dockward-test +: ok=' "$log" | tr -s ' ')"
	if [ "$status" != 0 ] || [ "$failed" != 0 ] || [ "$unreachable" != 0 ]; then
		fail "test.yml run $run: exit $status, failed=$failed, unreachable=$unreachable"
		show "$log"
	elif [ "$run" = 1 ] && ! [ "$changed" -gt 0 ]; then
		fail "test.yml run 1 on a fresh root reports changed=$changed, expected > 0"
		show "$log"
	elif [ "$run" = 2 ] && [ "$changed" != 0 ]; then
		fail "test.yml run 2 reports changed=$changed, expected 0:"
		grep -E -B2 '^changed:' "$log" | sed 's/^/    | /'
	else
		ok "test.yml run $run: changed=$changed failed=0"
	fi
done
grep -q 'applied run ' "$a-run1.log" && task_changed "$a-run1.log" 'Run dockward fix' &&
	ok "run 1 applied a fix, and its task reports the change" || fail "run 1: no 'applied run', or its task reports no change"
grep -q 'nothing to change' "$a-run2.log" && ok "run 2 had nothing to fix" || fail "run 2 did not say 'nothing to change'"
runs=$(find "$a/root/var/lib/dockward/journal" -mindepth 1 -maxdepth 1 2> /dev/null | wc -l)
[ "$runs" = 1 ] && ok "the root's journal holds 1 run" || fail "the root's journal holds $runs runs, expected 1"
report=$a/reports/dockward-test.json
if python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(d["schema"] != "dockward-report/1" or d["host"]["hostname"] != "dock1")' "$report" 2> /dev/null; then
	ok "the fetched report is a dockward-report/1 of dock1"
else
	fail "no valid report at $report"
fi

# --- 2. check mode ----------------------------------------------------------------------------
c=$tmp/c
"$role/tests/make-fixture-root.sh" "$c" || { echo "FAIL: could not make the fixture root"; exit 1; }
mkdir "$c/scratch"
check_args=()
dpkg_before=
if [ -n "${DOCKWARD_TEST_DEB:-}" ]; then
	check_args=(-e "dockward_test_package_file=$(realpath "$DOCKWARD_TEST_DEB")")
	dpkg_before=$(dpkg-query -W -f '${Package} ${Version} ${Status}\n' 2>&1)
fi
before=$(snapshot "$c/root")
playbook "$tmp/c.log" "$role/tests/test.yml" --check -e "dockward_test_dir=$c" \
	-e "dockward_report_dir_remote=$c/scratch" "${check_args[@]}"
status=$?
after=$(snapshot "$c/root")
echo "check: $(grep -E '^dockward-test +: ok=' "$tmp/c.log" | tr -s ' ')"
if [ "$status" != 0 ] || [ "$(recap "$tmp/c.log" failed)" != 0 ]; then
	fail "test.yml --check: exit $status"
	show "$tmp/c.log"
elif ! [ "$(recap "$tmp/c.log" changed)" -gt 0 ]; then
	fail "test.yml --check on a fresh root reports no change"
	show "$tmp/c.log"
else
	ok "test.yml --check: changed=$(recap "$tmp/c.log" changed) failed=0"
fi
grep -q 'dry run: [1-9][0-9]* changes planned' "$tmp/c.log" && task_changed "$tmp/c.log" 'Run dockward fix' &&
	ok "check mode ran a dry run that plans changes, and its task reports them" ||
	fail "check mode: no dry run with changes, or its task reports no change"
if [ "$before" = "$after" ]; then
	ok "check mode left the root as it was"
else
	fail "check mode changed the root:"
	diff <(echo "$before") <(echo "$after") | head -n 20
fi
[ ! -e "$c/waivers.yaml" ] && ok "check mode wrote no waivers file" || fail "check mode wrote $c/waivers.yaml"
[ -z "$(ls -A "$c/scratch")" ] && ok "the scratch directory was removed" || fail "left in the scratch directory: $(ls -A "$c/scratch")"
if [ -n "${DOCKWARD_TEST_DEB:-}" ]; then
	task_changed "$tmp/c.log" 'Install the package file (apt)' &&
		ok "check mode would install the package file" || fail "the package file's task did not report a change"
	dpkg_after=$(dpkg-query -W -f '${Package} ${Version} ${Status}\n' 2>&1)
	if [ "$dpkg_after" = "$dpkg_before" ]; then
		ok "dpkg's status is unchanged"
	else
		fail "check mode changed the installed packages:"
		diff <(echo "$dpkg_before") <(echo "$dpkg_after")
	fi
fi

# --- 3. fleet ---------------------------------------------------------------------------------
fleet_args=(-e dockward_install=false -e "dockward_root=$a/root" -e "dockward_fetch_dir=$a/reports"
	-e ansible_become=false)
for run in 1 2; do
	log=$tmp/fleet-run$run.log
	playbook "$log" "$ans/audit-fleet.yml" "${fleet_args[@]}"
	status=$?
	echo "fleet run $run: $(grep -E '^dockward-test +: ok=' "$log" | tr -s ' ')"
	if [ "$status" != 0 ] || [ "$(recap "$log" failed)" != 0 ]; then
		fail "audit-fleet.yml run $run: exit $status"
		show "$log"
	elif [ "$run" = 2 ] && [ "$(recap "$log" changed)" != 0 ]; then
		fail "audit-fleet.yml run 2 reports changed=$(recap "$log" changed), expected 0"
		grep -E -B2 '^changed:' "$log" | sed 's/^/    | /'
	else
		ok "audit-fleet.yml run $run: changed=$(recap "$log" changed) failed=0"
	fi
done
if [ -s "$a/reports/fleet.html" ] && grep -q 'dock1' "$a/reports/fleet.html"; then
	ok "fleet.html names the host dock1"
else
	fail "no fleet.html naming dock1 in $a/reports"
fi
if python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(d["schema"] != "dockward-fleet/1" or [h["hostname"] for h in d["hosts"]] != ["dock1"])' "$a/reports/fleet.json" 2> /dev/null; then
	ok "fleet.json is a dockward-fleet/1 of dock1"
else
	fail "no valid fleet.json of dock1 in $a/reports"
fi

# --- 4. failures ------------------------------------------------------------------------------
for code in 2 3; do
	stub=$tmp/stub$code/dockward
	mkdir -p "$(dirname "$stub")" "$tmp/f$code/scratch"
	printf '#!/bin/sh\necho "stub-dockward: failing on purpose with %s" >&2\nexit %s\n' "$code" "$code" > "$stub"
	chmod +x "$stub"
	log=$tmp/f$code.log
	playbook "$log" "$role/tests/test.yml" -e "dockward_test_dir=$a" -e "dockward_bin=$stub" \
		-e "dockward_report_dir_remote=$tmp/f$code/scratch"
	status=$?
	if [ "$status" = 0 ] || [ "$(recap "$log" failed)" != 1 ]; then
		fail "a dockward that exits $code: ansible-playbook exit $status, failed=$(recap "$log" failed)"
		show "$log"
	elif ! grep -q "dockward fix exited $code (.*stub-dockward: failing on purpose with $code" "$log"; then
		fail "a dockward that exits $code: the failure does not carry dockward's status and message"
		show "$log"
	else
		ok "a dockward that exits $code fails the play with its message"
	fi
	[ -z "$(ls -A "$tmp/f$code/scratch")" ] && ok "the scratch directory was removed after the failure" ||
		fail "left in the scratch directory after the failure: $(ls -A "$tmp/f$code/scratch")"
done

# A dockward whose fix prints no JSON report with fix_run (an older one) is not taken for
# "nothing changed".
stub=$tmp/stub-old/dockward
mkdir -p "$(dirname "$stub")"
printf '#!/bin/sh\necho "Plan: nothing to change."\nexit 0\n' > "$stub"
chmod +x "$stub"
playbook "$tmp/old.log" "$role/tests/test.yml" -e "dockward_test_dir=$a" -e "dockward_bin=$stub"
status=$?
if [ "$status" != 0 ] && grep -q 'printed no report with a fix_run object' "$tmp/old.log"; then
	ok "a dockward without fix_run fails the play with a message"
else
	fail "a dockward without fix_run: ansible-playbook exit $status, no clear message"
	show "$tmp/old.log"
fi

# --- 5. ansible-lint --------------------------------------------------------------------------
if command -v ansible-lint > /dev/null; then
	if (cd "$ans" && ansible-lint --nocolor) > "$tmp/lint.log" 2>&1; then
		ok "ansible-lint: $(tail -n 1 "$tmp/lint.log")"
	else
		fail "ansible-lint:"
		sed 's/^/    | /' "$tmp/lint.log"
	fi
else
	echo "SKIP: ansible-lint is missing (apt-get install ansible-lint): not linted"
	lint_skipped=1
fi

if [ "$fails" -gt 0 ]; then
	echo "$fails failures"
	exit 1
fi
[ -z "$lint_skipped" ] || exit 77
echo "all passed"
