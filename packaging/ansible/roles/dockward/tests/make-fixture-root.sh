#!/usr/bin/env bash
# make-fixture-root.sh DIR: makes DIR/root, a fake Docker host for the role's tests, from the
# golden case tests/fixtures/0002-debian-docker-io-defaults of the source tree (a Debian host
# with docker.io's defaults: many rules fail and 'dockward fix' has files to write). As
# tests/fixtures/run-case.sh does: copy the case's root/, then run its `setup` script inside the
# copy for the modes, owners (numeric, hence root) and sockets that git cannot carry.
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: $0 DIR" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
case_dir=$(cd "$here/../../../../.." && pwd)/tests/fixtures/0002-debian-docker-io-defaults
[ -d "$case_dir/root" ] || { echo "$0: no fixture at $case_dir" >&2; exit 2; }
[ ! -e "$1/root" ] || { echo "$0: $1/root exists already" >&2; exit 2; }
mkdir -p "$1/root"
cp -a "$case_dir/root/." "$1/root/"
(cd "$1/root" && bash "$case_dir/setup")
