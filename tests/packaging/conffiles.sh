#!/usr/bin/env bash
# conffiles.sh DOCKWARD: the files shipped in /etc/dockward (packaging/etc/) load as they are:
# the settings file with its relative paths, the site baseline (extends docker-host, every rule
# of it), the empty waivers file; and `audit --save` with them writes both reports.
# Exit 0 pass, 1 fail.
set -uo pipefail
bin=$(realpath "$1")
etc=$(cd "$(dirname "$0")/../../packaging/etc" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }

out=$("$bin" baseline check "$etc/baseline.yaml" 2>&1) || bad "baseline check: $out"
n_site=$("$bin" rules -q --baseline "$etc/baseline.yaml" | wc -l)
n_builtin=$("$bin" rules -q --baseline docker-host | wc -l)
[ "$n_site" = "$n_builtin" ] && [ "$n_site" -gt 100 ] ||
	bad "the site baseline has $n_site rules, docker-host $n_builtin"
ids=$("$bin" --config "$etc/dockward.yaml" -v rules 2>&1 >/dev/null)
grep -q "baseline '$etc/baseline.yaml': site v1" <<< "$ids" || bad "settings did not select the site baseline: $ids"
grep -q "waivers '$etc/waivers.yaml': 0" <<< "$ids" && bad "rules should not load waivers"

mkdir -p "$tmp/root/etc"
printf 'root:x:0:\ndocker:x:999:\n' > "$tmp/root/etc/group"
echo conffile-host > "$tmp/root/etc/hostname"
line=$(SOURCE_DATE_EPOCH=1700000000 "$bin" --config "$etc/dockward.yaml" audit --save \
	--report-dir "$tmp/reports" --root "$tmp/root" -v 2> "$tmp/err")
rc=$?
{ [ "$rc" = 0 ] || [ "$rc" = 1 ] || [ "$rc" = 3 ]; } || bad "audit --save exit $rc: $(cat "$tmp/err")"
grep -q "waivers '$etc/waivers.yaml': 0" "$tmp/err" || bad "the settings' waivers were not loaded"
[[ $line == "dockward: site on conffile-host: "*"; report $tmp/reports/conffile-host-20231114T221320Z.json" ]] ||
	bad "summary line: $line"
for ext in json html; do
	[ -s "$tmp/reports/conffile-host-20231114T221320Z.$ext" ] || bad "no .$ext report"
done
[ "$fail" = 0 ] && echo "ok: conffiles load"
exit "$fail"
