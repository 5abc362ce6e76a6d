#!/usr/bin/env bash
# rpm.sh [BUILD_DEB_DIR]: checks packaging/rpm/dockward.spec with Debian's rpm tools.
#
# Debian's rpm has none of Fedora's build macros (%cmake, %ctest, %_unitdir, %systemd_*): the
# test defines stand-ins with Fedora's meaning (the macros file below, from Fedora's
# cmake-rpm-macros and systemd-rpm-macros, reduced to what the spec uses). Then:
#  - `rpmspec -P` parses the spec and expands every section;
#  - `rpmspec -q --buildrequires` names exactly the expected build dependencies (cmocka,
#    pkgconfig(...) of every library the top-level CMakeLists.txt asks pkg-config for, scdoc,
#    systemd-rpm-macros);
#  - only with DOCKWARD_TEST_RPMBUILD=1 (it compiles dockward once more, minutes): `rpmbuild -bb
#    --nodeps` from a tarball of this tree against Debian's libraries (%check runs the unit tests),
#    and the files of the RPM compared with those of the .deb in BUILD_DEB_DIR, if given: the same
#    files modulo the distributions' paths (units, zsh completions, Debian's doc files).
# Exit: 0 pass, 1 fail, 77 skipped (rpmspec missing).

# shellcheck disable=SC2015 # "A && ok || fail": ok only echoes, it cannot fail
set -uo pipefail

src=$(cd "$(dirname "$0")/../.." && pwd)
spec=$src/packaging/rpm/dockward.spec
debdir=${1:-}
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
ok() { echo "ok: $*"; }
command -v rpmspec > /dev/null || { echo "SKIP: rpmspec is missing (apt-get install rpm)"; exit 77; }

tmp=$(mktemp -d /tmp/dockward-rpmtest.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/macros.fedora" << 'EOF'
%_unitdir /usr/lib/systemd/system
%_tmpfilesdir /usr/lib/tmpfiles.d
%_sharedstatedir /var/lib
%_build_id_links none
%debug_package %{nil}
%systemd_requires %{nil}
%systemd_post() systemctl --no-reload preset %{?*} >/dev/null 2>&1 || :
%systemd_preun() if [ $1 -eq 0 ]; then systemctl --no-reload disable --now %{?*} >/dev/null 2>&1 || :; fi
%systemd_postun() %{nil}
%systemd_postun_with_restart() if [ $1 -ge 1 ]; then systemctl try-restart %{?*} >/dev/null 2>&1 || :; fi
%__cmake /usr/bin/cmake
%__ctest /usr/bin/ctest
%__cmake_builddir redhat-linux-build
%cmake %{set_build_flags}\
%{__cmake} -S . -B %{__cmake_builddir} -DCMAKE_C_FLAGS_RELEASE:STRING=-DNDEBUG -DCMAKE_VERBOSE_MAKEFILE:BOOL=ON -DCMAKE_INSTALL_DO_STRIP:BOOL=OFF -DCMAKE_INSTALL_PREFIX:PATH=%{_prefix} -DINCLUDE_INSTALL_DIR:PATH=%{_includedir} -DLIB_INSTALL_DIR:PATH=%{_libdir} -DSYSCONF_INSTALL_DIR:PATH=%{_sysconfdir} -DSHARE_INSTALL_PREFIX:PATH=%{_datadir} -DBUILD_SHARED_LIBS:BOOL=ON
%cmake_build %{__cmake} --build %{__cmake_builddir} %{?_smp_mflags}
%cmake_install DESTDIR="%{buildroot}" %{__cmake} --install %{__cmake_builddir}
%ctest(-) cd %{__cmake_builddir} && %{__ctest} --output-on-failure --force-new-ctest-process %{?_smp_mflags} %{**}
EOF
rpmopts=(--load "$tmp/macros.fedora")

if rpmspec "${rpmopts[@]}" -P "$spec" > "$tmp/parsed" 2> "$tmp/parse.err"; then
	ok "rpmspec -P parses the spec ($(wc -l < "$tmp/parsed") lines expanded)"
	[ -s "$tmp/parse.err" ] && echo "  rpmspec said: $(cat "$tmp/parse.err")"
else
	fail "rpmspec -P: $(cat "$tmp/parse.err")"
fi
for want in '-DDOCKWARD_SYSTEMD_UNIT_DIR=/usr/lib/systemd/system' '-DDOCKWARD_ZSH_COMPLETION_DIR=share/zsh/site-functions' \
	"ctest --output-on-failure --force-new-ctest-process -j[0-9]* -R '^unit/'" \
	'%config(noreplace) /etc/dockward/dockward.yaml' '%dir %attr(0750,root,root) /var/lib/dockward/reports'; do
	grep -qe "$want" "$tmp/parsed" || fail "the expanded spec lacks: $want"
done

# The version agrees with the project's and the .deb's.
spec_version=$(rpmspec "${rpmopts[@]}" -q --srpm --qf '%{VERSION}' "$spec" 2> /dev/null)
project_version=$(sed -n 's/^project(dockward VERSION \([0-9.]*\).*/\1/p' "$src/CMakeLists.txt")
deb_version=$(sed -n '1s/^dockward (\([^)-]*\).*/\1/p' "$src/packaging/debian/changelog")
[ "$spec_version" = "$project_version" ] && [ "$spec_version" = "$deb_version" ] &&
	ok "Version $spec_version (CMakeLists.txt, debian/changelog)" ||
	fail "versions: spec '$spec_version', CMakeLists.txt '$project_version', debian/changelog '$deb_version'"

# Every library that CMake asks pkg-config for is a pkgconfig() BuildRequires, and nothing else
# is there but the tools.
rpmspec "${rpmopts[@]}" -q --buildrequires "$spec" 2> /dev/null | sed 's/ .*//' | sort -u > "$tmp/breq"
{
	grep -hoE 'pkg_check_modules\([A-Z]+ REQUIRED IMPORTED_TARGET [^ )]+' "$src/CMakeLists.txt" "$src/tests/CMakeLists.txt" |
		awk '{ print "pkgconfig(" $4 ")" }'
	printf '%s\n' cmake gcc make pkgconfig scdoc systemd-rpm-macros
} | sort -u > "$tmp/want"
if diff "$tmp/want" "$tmp/breq" > "$tmp/breq.diff"; then
	ok "BuildRequires: $(tr '\n' ' ' < "$tmp/breq")"
else
	fail "BuildRequires differ (< expected, > spec): $(cat "$tmp/breq.diff")"
fi

if [ "${DOCKWARD_TEST_RPMBUILD:-0}" != 1 ]; then
	echo "(DOCKWARD_TEST_RPMBUILD is not 1: the RPM was not built)"
	[ $fails -eq 0 ] && exit 0 || exit 1
fi
command -v rpmbuild > /dev/null || { echo "SKIP: rpmbuild is missing"; exit 77; }

# Source0: the working tree as git sees it (tracked and new files, not ignored ones).
name=dockward-$spec_version
mkdir -p "$tmp/top/SOURCES"
(cd "$src" && git ls-files -z --cached --others --exclude-standard |
	while IFS= read -r -d '' f; do if [ -e "$f" ]; then printf '%s\0' "$f"; fi; done |
	tar -c --null -T - --transform "s,^,$name/," -zf "$tmp/top/SOURCES/$name.tar.gz")
echo "== rpmbuild -bb --nodeps (log: $tmp/rpmbuild.log, kept on failure in /tmp/dockward-rpmbuild.log)"
if rpmbuild "${rpmopts[@]}" --define "_topdir $tmp/top" --nodeps -bb "$spec" > "$tmp/rpmbuild.log" 2>&1; then
	rpm=$(ls "$tmp"/top/RPMS/*/dockward-"$spec_version"-*.rpm)
	ok "rpmbuild: ${rpm##*/}, $(stat -c %s "$rpm") bytes"
	grep -E '^(100% tests passed|[0-9]+% tests passed)' "$tmp/rpmbuild.log" | sed 's/^/  %check: /'
else
	cp "$tmp/rpmbuild.log" /tmp/dockward-rpmbuild.log
	tail -n 30 "$tmp/rpmbuild.log"
	fail "rpmbuild failed"
	exit 1
fi
rpm -qp --qf '[%{FILEMODES:perms} %{FILENAMES}\n]' "$rpm" 2> /dev/null > "$tmp/rpm.list"
echo "== rpm -qlp ${rpm##*/} (with modes)"
cat "$tmp/rpm.list"
rpm -qp --configfiles "$rpm" 2> /dev/null | sort > "$tmp/rpm.conf"
printf '%s\n' /etc/dockward/baseline.yaml /etc/dockward/dockward.yaml /etc/dockward/waivers.yaml > "$tmp/want.conf"
diff -q "$tmp/want.conf" "$tmp/rpm.conf" > /dev/null && ok "%config: the three files of /etc/dockward" ||
	fail "%config files: $(cat "$tmp/rpm.conf")"
for d in /var/lib/dockward /var/lib/dockward/reports; do
	grep -qxF "drwxr-x--- $d" "$tmp/rpm.list" && ok "$d is drwxr-x---" || fail "$d is not a 0750 directory of the RPM"
done

debs=()
[ -n "$debdir" ] && debs=("$debdir"/dockward_*.deb)
if [ ${#debs[@]} -eq 1 ] && [ -f "${debs[0]}" ]; then
	# Files (not directories) of each, with the distributions' paths mapped to one name, and man
	# pages without their compression (dh_compress gzips them; Fedora's brp-compress does too,
	# Debian's rpm does not run it).
	norm() { sed -e 's,^/lib/systemd/system/,/usr/lib/systemd/system/,' \
		-e 's,^/usr/share/zsh/vendor-completions/,/usr/share/zsh/site-functions/,' \
		-e 's,^\(/usr/share/man/.*\)\.gz$,\1,' | sort; }
	awk '$1 !~ /^d/ { print $2 }' "$tmp/rpm.list" | norm > "$tmp/rpm.files"
	dpkg-deb -c "${debs[0]}" | awk '$1 !~ /^d/ { p = $6; sub(/^\./, "", p); print p }' |
		grep -vE '^/usr/share/(doc|lintian)/' | norm > "$tmp/deb.files"
	if diff "$tmp/deb.files" "$tmp/rpm.files" > "$tmp/files.diff"; then
		ok "the RPM and the .deb hold the same $(wc -l < "$tmp/rpm.files") files (Debian's doc and lintian files aside)"
	else
		fail "the RPM and the .deb differ (< deb, > rpm): $(cat "$tmp/files.diff")"
	fi
else
	echo "(no BUILD_DEB_DIR with one dockward_*.deb: the RPM was not compared with the .deb)"
fi
[ $fails -eq 0 ] || exit 1
exit 0
