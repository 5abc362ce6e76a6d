#!/usr/bin/env bash
# dev.sh: set up, build and run dockward on a Debian 12 machine, from a fresh clone.
#
#   ./dev.sh audit [ARGS...]   install the build dependencies, build, and run a report-only audit
#                              of this host with the built-in default baseline
#   ./dev.sh test              install build and test dependencies, build, and run every test:
#                              lint, unit + fake-root golden tests, the same under ASan+UBSan,
#                              the golden tests under valgrind, a short libFuzzer smoke run, and
#                              the packages: the .deb built and lintian-clean (installed, used,
#                              removed and purged when CI=true or DOCKWARD_TEST_INSTALL=1), the
#                              RPM spec parsed (and built when CI=true or DOCKWARD_TEST_RPMBUILD=1)
#   ./dev.sh build             install the build dependencies and build into build/
#
# Installing needs root (apt-get); it is skipped when every package is already there.
set -euo pipefail
cd "$(dirname "$0")"

BUILD_DEPS=(build-essential cmake pkg-config libaugeas-dev augeas-lenses libyaml-dev
	libselinux1-dev libmount-dev libjson-c-dev libssl-dev libcurl4-openssl-dev libncurses-dev scdoc)
TEST_DEPS=(libcmocka-dev clang libclang-rt-14-dev valgrind jq python3 docker.io busybox-static iptables
	openssl curl strace python3-jsonschema python3-rfc3987 chromium poppler-utils fonts-dejavu-core
	tmux man-db groff-base bsdextrautils bash-completion zsh systemd debhelper dpkg-dev fakeroot
	devscripts lintian rpm
	ansible-core ansible-lint)
JOBS=$(nproc 2>/dev/null || echo 2)
FUZZ_SECONDS=${FUZZ_SECONDS:-30}

install_deps() {
	local missing=()
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	if [ "$(id -u)" != 0 ]; then
		echo "dev.sh: missing packages: ${missing[*]} (run as root, or: sudo apt-get install -y ${missing[*]})" >&2
		exit 2
	fi
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

build() { # build DIR [cmake args...]
	local dir=$1
	shift
	cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" > /dev/null
	cmake --build "$dir" -j "$JOBS"
}

cmd=${1:-}
[ $# -gt 0 ] && shift
case "$cmd" in
build)
	install_deps "${BUILD_DEPS[@]}"
	build build
	;;
audit)
	install_deps "${BUILD_DEPS[@]}"
	build build
	exec ./build/dockward audit "$@"
	;;
test)
	install_deps "${BUILD_DEPS[@]}" "${TEST_DEPS[@]}"
	echo "== lint"
	tests/lint.sh
	echo "== build and test"
	build build
	(cd build && ctest --output-on-failure -j "$JOBS")
	echo "== ASan+UBSan build and test"
	build build-asan -DDOCKWARD_SANITIZE=ON
	(cd build-asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
		UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ctest --output-on-failure -j "$JOBS")
	echo "== golden tests under valgrind"
	(cd build && VALGRIND=1 ctest --output-on-failure -j "$JOBS" -R '^fixture/')
	echo "== fuzz smoke (${FUZZ_SECONDS}s per target)"
	CC=clang cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDOCKWARD_FUZZ=ON > /dev/null
	targets=$(cd tests/fuzz && ls fuzz-*.c | sed 's/\.c$//')
	# shellcheck disable=SC2086
	cmake --build build-fuzz -j "$JOBS" --target $targets
	for f in build-fuzz/tests/fuzz/fuzz-*; do
		[ -x "$f" ] || continue
		t=$(basename "$f")
		corpus=tests/fuzz/corpus/${t#fuzz-}
		work=$(mktemp -d)
		[ -d "$corpus" ] && cp -r "$corpus/." "$work/"
		rc=0
		"$f" -max_total_time="$FUZZ_SECONDS" -max_len=65536 -print_final_stats=1 "$work" \
			> "$work.log" 2>&1 || rc=$?
		echo "$t: $(grep -E '^Done|stat::number_of_executed_units' "$work.log" | tr '\n' ' ')"
		if [ $rc != 0 ]; then
			tail -50 "$work.log"
			echo "dev.sh: fuzz target $t failed" >&2
			exit 1
		fi
		rm -rf "$work" "$work.log"
	done
	echo "== packages: the .deb (built in a copy of the tree, lintian), its contents, the RPM spec"
	packaging/build-deb.sh build-deb
	# Installing the package changes this machine: CI does it; elsewhere, ask for it. CI also
	# builds the RPM (rpmbuild --nodeps against Debian's libraries: minutes).
	if [ "${CI:-}" = true ]; then
		export DOCKWARD_TEST_INSTALL=${DOCKWARD_TEST_INSTALL:-1}
		export DOCKWARD_TEST_RPMBUILD=${DOCKWARD_TEST_RPMBUILD:-1}
	fi
	for t in "tests/packaging/deb.sh build-deb" "tests/packaging/rpm.sh build-deb"; do
		rc=0
		$t || rc=$?
		if [ $rc = 77 ]; then
			echo "($t: skipped)"
		elif [ $rc != 0 ]; then
			echo "dev.sh: $t failed" >&2
			exit 1
		fi
	done
	echo "== all tests passed"
	;;
*)
	sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'
	exit 2
	;;
esac
