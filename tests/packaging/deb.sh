#!/usr/bin/env bash
# deb.sh BUILD_DEB_DIR: checks the .deb that packaging/build-deb.sh left in BUILD_DEB_DIR.
#
# Always (static, changes nothing): the package holds every path the install layout promises
# (the binary, each man page, the completions, the systemd units, the tmpfiles snippet, the
# configuration, the baselines and templates of this source tree, /var/lib/dockward and its
# reports directory with mode 0750) and nothing of the tests; DEBIAN/conffiles lists exactly the configuration; dh_shlibdeps
# computed the library dependencies; the binary is hardened; lintian reports no error or
# warning (every tag is shown).
#
# Only with DOCKWARD_TEST_INSTALL=1 (CI; this installs and removes a package on the machine):
# apt-get install, `dockward --version`, `man -w`, an audit of this host through /usr/bin/dockward
# (text, JSON, and --save into the package's report directory), `systemd-analyze verify` of the
# installed units, then `apt-get remove` (nothing of the package is left but the conffiles, and
# the report the test saved: state is kept until purge) and `apt-get purge` (nothing named
# dockward is left anywhere, as before the installation). A machine where dockward is already
# installed, or where /etc/dockward or /var/lib/dockward exist, is left alone (exit 77).
#
# Exit: 0 pass, 1 fail, 77 skipped (a missing tool, or a machine this test must not touch).

# shellcheck disable=SC2015 # "A && ok || fail": ok only echoes, it cannot fail
set -uo pipefail

dir=${1:?usage: deb.sh BUILD_DEB_DIR}
src=$(cd "$(dirname "$0")/../.." && pwd)
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
ok() { echo "ok: $*"; }
skip() { echo "SKIP: $*"; exit 77; }

command -v dpkg-deb > /dev/null || skip "dpkg-deb is missing"
shopt -s nullglob
debs=("$dir"/dockward_*.deb)
[ ${#debs[@]} -eq 1 ] || { echo "FAIL: expected one dockward_*.deb in $dir, found ${#debs[@]}"; exit 1; }
deb=$(cd "$(dirname "${debs[0]}")" && pwd)/$(basename "${debs[0]}")
version=$(dpkg-deb -f "$deb" Version)

# --- static -----------------------------------------------------------------------------------
# "perms path" per entry, paths absolute, directories without their trailing slash.
listing=$(dpkg-deb -c "$deb" | awk '{ p = $6; sub(/^\./, "", p); sub(/\/$/, "", p); if (p == "") p = "/"; print $1, p }')
paths=$(awk '{ print $2 }' <<< "$listing")
has() { grep -qxF "$1" <<< "$paths"; }

expect=(/usr/bin/dockward
	/usr/share/bash-completion/completions/dockward
	/usr/share/zsh/vendor-completions/_dockward
	/lib/systemd/system/dockward-audit.service
	/lib/systemd/system/dockward-audit.timer
	/usr/lib/tmpfiles.d/dockward.conf
	/etc/dockward/dockward.yaml /etc/dockward/baseline.yaml /etc/dockward/waivers.yaml
	/usr/share/doc/dockward/copyright)
for page in dockward dockward-audit dockward-fix dockward-rollback dockward-history dockward-report \
	dockward-rules dockward-tui dockward-baseline; do
	expect+=("/usr/share/man/man1/$page.1.gz")
done
expect+=(/usr/share/man/man5/dockward-baseline.5.gz /usr/share/man/man5/dockward.yaml.5.gz)
for f in "$src"/baselines/*.yaml; do expect+=("/usr/share/dockward/baselines/${f##*/}"); done
for f in "$src"/templates/*; do expect+=("/usr/share/dockward/templates/${f##*/}"); done
missing=0
for p in "${expect[@]}"; do has "$p" || { fail "the package lacks $p"; missing=1; }; done
[ $missing -eq 0 ] && ok "the package holds the ${#expect[@]} expected paths"

for d in /var/lib/dockward /var/lib/dockward/reports; do
	mode=$(awk -v d="$d" '$2 == d { print $1 }' <<< "$listing")
	[ "$mode" = "drwxr-x---" ] && ok "$d is drwxr-x---" || fail "$d: expected drwxr-x---, got '${mode:-absent}'"
done

# Nothing of the tests, no static libraries or headers, one program.
stray=$(grep -E '/(test|fuzz)-[^/]*$|/tests?(/|$)|\.a$|^/usr/include|\.cmake$' <<< "$paths")
[ -z "$stray" ] && ok "no test binaries, libraries or headers" || fail "unexpected paths: $stray"
bins=$(grep -E '^/(usr/)?s?bin/.' <<< "$paths")
[ "$bins" = /usr/bin/dockward ] && ok "one program: /usr/bin/dockward" || fail "programs: $bins"

conffiles=$(dpkg-deb -I "$deb" conffiles 2>/dev/null | sort)
want_conf=$(printf '%s\n' /etc/dockward/baseline.yaml /etc/dockward/dockward.yaml /etc/dockward/waivers.yaml)
[ "$conffiles" = "$want_conf" ] && ok "DEBIAN/conffiles: the three files of /etc/dockward" ||
	fail "DEBIAN/conffiles is '$conffiles'"

depends=$(dpkg-deb -f "$deb" Depends)
for lib in libaugeas0 libc6 libcurl4 libjson-c5 libmount1 libncursesw6 libselinux1 libssl3 libyaml-0-2 augeas-lenses; do
	grep -qE "(^|, )$lib( |,|$)" <<< "$depends" || fail "Depends lacks $lib: $depends"
done
grep -q cmocka <<< "$depends" && fail "Depends names cmocka: $depends"
ok "Depends: $depends"

tmp=$(mktemp -d /tmp/dockward-debtest.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
dpkg-deb -x "$deb" "$tmp/root"
if command -v hardening-check > /dev/null; then
	# What dpkg-buildflags' hardening=+all gives on Debian 12 (dpkg 1.21 has no stack clash or
	# control-flow protection feature; hardening-check reports those without failing on them).
	if hardening-check --nocfprotection "$tmp/root/usr/bin/dockward" > "$tmp/hardening" 2>&1; then
		ok "hardening-check: PIE, stack protector, fortify, relro, bindnow"
	else
		fail "hardening-check: $(grep -v ': yes' "$tmp/hardening")"
	fi
fi
for page in "$tmp"/root/usr/share/man/man*/*.gz; do
	out=$(LC_ALL=C.UTF-8 MANROFFSEQ='' MANWIDTH=80 man --warnings -E UTF-8 -l "$page" 2>&1 > /dev/null)
	[ -z "$out" ] || fail "man --warnings ${page##*/}: $out"
done

lintian_rc=0
if command -v lintian > /dev/null; then
	changes=("$dir"/dockward_*.changes)
	target=${changes[0]:-$deb}
	echo "== lintian --pedantic --display-info --fail-on error,warning ${target##*/}"
	lintian --pedantic --display-info --fail-on error,warning "$target"; rc=$?
	[ $rc -eq 0 ] && ok "lintian: no error or warning" || fail "lintian exited $rc"
else
	echo "lintian is missing: the package was not linted"
	lintian_rc=77
fi

# --- installation -----------------------------------------------------------------------------
if [ "${DOCKWARD_TEST_INSTALL:-0}" != 1 ]; then
	echo "(DOCKWARD_TEST_INSTALL is not 1: the package was not installed)"
	[ $fails -eq 0 ] || exit 1
	exit $lintian_rc
fi
[ $fails -eq 0 ] || { echo "not installing a package that failed the static checks"; exit 1; }
[ "$(id -u)" = 0 ] || skip "installing needs root"
command -v apt-get > /dev/null || skip "apt-get is missing"
command -v jq > /dev/null || skip "jq is missing"
status=$(dpkg-query -W -f='${db:Status-Abbrev}' dockward 2>/dev/null)
case "$status" in
"" | "un "*) ;;
*) skip "dockward is already on this machine (dpkg status '$status'): not replacing it" ;;
esac
for d in /etc/dockward /var/lib/dockward; do
	[ -e "$d" ] && skip "$d exists without the package: purging would delete it"
done

# Every path naming dockward on this machine's own filesystem, outside the package manager's
# bookkeeping and caches (other tests and builds may run meanwhile: only dockward's own paths are
# compared).
snapshot() {
	find / -xdev \( -path /proc -o -path /sys -o -path /dev -o -path /run -o -path /tmp \
		-o -path /var/tmp -o -path /var/cache -o -path /var/log -o -path /var/lib/dpkg \
		-o -path /var/lib/apt -o -path /work -o -path /root -o -path /home \) -prune \
		-o -path '*dockward*' -print 2>/dev/null | sort
}
snapshot > "$tmp/before"
apt() { DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 -y -q "$@"; }

echo "== apt-get install $deb"
if ! apt install "$deb" > "$tmp/apt.log" 2>&1; then
	cat "$tmp/apt.log"
	fail "apt-get install failed"
	exit 1
fi
ok "installed $(dpkg-query -W -f='${Package} ${Version} ${db:Status-Abbrev}' dockward)"

out=$(/usr/bin/dockward --version 2>&1)
grep -qF "${version%%-*}" <<< "$out" && ok "dockward --version: $out" || fail "dockward --version: '$out' (package $version)"
for page in "dockward" "5 dockward-baseline" "dockward-audit"; do
	# shellcheck disable=SC2086
	w=$(man -w $page 2>&1) && ok "man -w $page: $w" || fail "man -w $page: $w"
done

/usr/bin/dockward audit > "$tmp/audit.txt" 2> "$tmp/audit.err"; rc=$?
case $rc in
0 | 1) ok "dockward audit of this host: exit $rc, $(tail -n 1 "$tmp/audit.txt")" ;;
*) fail "dockward audit exited $rc: $(tail -n 5 "$tmp/audit.err")" ;;
esac
/usr/bin/dockward audit --format json > "$tmp/audit.json" 2> "$tmp/audit.err"; rc=$?
if [ $rc -le 1 ] && jq -e '.results | length > 0' "$tmp/audit.json" > /dev/null 2>&1; then
	ok "dockward audit --format json: exit $rc, $(jq -r '.results | length' "$tmp/audit.json") results"
else
	fail "dockward audit --format json: exit $rc, $(head -c 300 "$tmp/audit.json") $(tail -n 5 "$tmp/audit.err")"
fi
# The timer's command: the default configuration, reports into /var/lib/dockward/reports.
/usr/bin/dockward audit --save --quiet > "$tmp/save.out" 2> "$tmp/save.err"; rc=$?
saved=(/var/lib/dockward/reports/*.json)
if [ $rc -le 1 ] && [ ${#saved[@]} -eq 1 ] && jq -e . "${saved[0]}" > /dev/null 2>&1 &&
	[ -f "${saved[0]%.json}.html" ] && [ "$(stat -c %a "${saved[0]}")" = 640 ]; then
	ok "dockward audit --save: exit $rc, $(cat "$tmp/save.out")"
else
	fail "dockward audit --save: exit $rc, out '$(cat "$tmp/save.out")', err '$(tail -n 3 "$tmp/save.err")', reports: $(ls -l /var/lib/dockward/reports 2>&1)"
fi

if command -v systemd-analyze > /dev/null; then
	out=$(systemd-analyze verify --man=no /lib/systemd/system/dockward-audit.service \
		/lib/systemd/system/dockward-audit.timer 2>&1); rc=$?
	[ $rc -eq 0 ] && [ -z "$out" ] && ok "systemd-analyze verify: clean" ||
		fail "systemd-analyze verify (exit $rc): $out"
else
	echo "systemd-analyze is missing: the units were not verified"
fi

# apt-get remove: the package's files go, the conffiles stay (dpkg still lists them), and so does
# the state in /var/lib/dockward (the report saved above) until purge.
pkg_files=$(dpkg-query -L dockward | sort)
apt remove dockward > "$tmp/apt.log" 2>&1 || { cat "$tmp/apt.log"; fail "apt-get remove failed"; }
conf=$(dpkg-query -W -f='${Conffiles}\n' dockward 2>/dev/null | awk 'NF { print $1 }' | sort)
[ "$conf" = "$want_conf" ] && ok "after remove dpkg lists the conffiles: $(tr '\n' ' ' <<< "$conf")" ||
	fail "after remove, dpkg-query Conffiles: '$conf'"
left=""
while IFS= read -r p; do
	[ -e "$p" ] || [ -L "$p" ] || continue
	[ -d "$p" ] && continue # directories (and /lib -> usr/lib) shared with the system: see below
	grep -qxF "$p" <<< "$conf" || left+=" $p"
done <<< "$pkg_files"
[ -z "$left" ] && ok "after remove no file of the package remains but the conffiles" ||
	fail "after remove these files remain:$left"
snapshot > "$tmp/after-remove"
# What may stay: the conffiles and their directory, the saved report, and the timer's enablement
# (deb-systemd-helper keeps it until purge, as for every Debian package with a unit).
extra=""
while IFS= read -r p; do
	case "$p" in
	/etc/dockward | /var/lib/dockward | /var/lib/dockward/reports | /var/lib/dockward/reports/*) ;;
	/etc/systemd/system/*/dockward-audit.* | /var/lib/systemd/deb-systemd-helper-enabled/*dockward-audit.*) ;;
	*) grep -qxF "$p" <<< "$conf" || extra+=" $p" ;;
	esac
done < <(comm -13 "$tmp/before" "$tmp/after-remove")
[ -z "$extra" ] && ok "after remove, left: $(comm -13 "$tmp/before" "$tmp/after-remove" | tr '\n' ' ')" ||
	fail "after remove, new paths:$extra"

apt purge dockward > "$tmp/apt.log" 2>&1 || { cat "$tmp/apt.log"; fail "apt-get purge failed"; }
st=$(dpkg-query -W -f='${db:Status-Abbrev}' dockward 2>/dev/null)
case "$st" in "" | "un "*) ok "after purge dpkg knows no dockward" ;; *) fail "after purge dpkg status '$st'" ;; esac
snapshot > "$tmp/after-purge"
diff=$(diff "$tmp/before" "$tmp/after-purge")
[ -z "$diff" ] && ok "after purge nothing named dockward remains (/etc/dockward, /var/lib/dockward gone)" ||
	fail "after purge the machine differs: $diff"

[ $fails -eq 0 ] || { echo "$fails failure(s)"; exit 1; }
exit $lintian_rc
