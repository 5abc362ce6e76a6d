#!/usr/bin/env bash
# systemd-units.sh BUILD_DIR: the audit timer's units (packaging/systemd/) are what systemd
# accepts and as locked down as they claim.
#   1. `systemd-analyze verify` of the service and the timer has nothing to say (the service is
#      configured from its .in with BUILD_DIR as the bindir, as the install rules configure it
#      with the real one);
#   2. `systemd-analyze security --offline` rates the service 2.0 or better ("OK"), and the
#      settings the issue names are there: report-only (audit --save), ProtectSystem=strict,
#      ReadWritePaths= the report directory alone, NoNewPrivileges, PrivateNetwork;
#   3. the timer is daily with a randomized delay, Persistent, wanted by timers.target;
#   4. the tmpfiles entry creates the report directory (systemd-tmpfiles --create --root in a
#      temporary directory) with mode 0750, as the unit's ReadWritePaths= needs it to exist.
# Exit 0 pass, 1 fail, 77 skip (no systemd-analyze).
set -uo pipefail
build=$(realpath "$1")
src=$(cd "$(dirname "$0")/../.." && pwd)/packaging/systemd
command -v systemd-analyze > /dev/null || { echo "skip: systemd-analyze not installed (apt-get install systemd)"; exit 77; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }

sed "s|@CMAKE_INSTALL_FULL_BINDIR@|$build|g" "$src/dockward-audit.service.in" > "$tmp/dockward-audit.service"
grep -qE '@[A-Za-z_]+@' "$tmp/dockward-audit.service" && bad "a @VARIABLE@ the install rules do not set: $(grep -E '@[A-Za-z_]+@' "$tmp/dockward-audit.service")"
cp "$src/dockward-audit.timer" "$tmp/"
out=$(cd "$tmp" && SYSTEMD_LOG_LEVEL=notice systemd-analyze verify --man=no ./dockward-audit.service ./dockward-audit.timer 2>&1)
[ -z "$out" ] || bad "systemd-analyze verify: $out"

sec=$(systemd-analyze security --offline=true --threshold=20 "$tmp/dockward-audit.service" 2>&1)
rc=$?
score=$(sed -n 's/.*Overall exposure level for dockward-audit.service: \([0-9.]*\).*/\1/p' <<< "$sec")
[ "$rc" = 0 ] && [ -n "$score" ] || bad "systemd-analyze security: exit $rc: $(tail -3 <<< "$sec")"
echo "exposure level: ${score:-?}"

unit=$src/dockward-audit.service.in
want() { grep -qxF -- "$1" "$2" || bad "$(basename "$2") lacks '$1'"; }
want "ExecStart=@CMAKE_INSTALL_FULL_BINDIR@/dockward audit --save --quiet" "$unit"
want "ProtectSystem=strict" "$unit"
want "ReadWritePaths=/var/lib/dockward/reports" "$unit"
want "NoNewPrivileges=yes" "$unit"
want "PrivateNetwork=yes" "$unit"
[ "$(grep -c '^ReadWritePaths=' "$unit")" = 1 ] || bad "more than one ReadWritePaths= line"
timer=$src/dockward-audit.timer
want "OnCalendar=daily" "$timer"
want "Persistent=true" "$timer"
want "WantedBy=timers.target" "$timer"
grep -q '^RandomizedDelaySec=[1-9]' "$timer" || bad "timer without RandomizedDelaySec"

if command -v systemd-tmpfiles > /dev/null; then
	mkdir -p "$tmp/root"
	systemd-tmpfiles --create --root="$tmp/root" "$src/dockward.tmpfiles" 2>&1 | grep -v '^$' || true
	m=$(stat -c %a "$tmp/root/var/lib/dockward/reports" 2>/dev/null)
	[ "$m" = 750 ] || bad "tmpfiles: /var/lib/dockward/reports has mode '${m:-missing}', want 750"
else
	echo "note: systemd-tmpfiles not installed: tmpfiles entry not tried"
fi
[ "$fail" = 0 ] && echo "ok: units verified"
exit "$fail"
