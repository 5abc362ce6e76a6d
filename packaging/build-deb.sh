#!/usr/bin/env bash
# build-deb.sh [OUTDIR]: build dockward's .deb from this source tree and lint it.
#
# The build happens in a temporary copy of the tree (the files git knows about or would add,
# without build*/ and other ignored files), with debian -> packaging/debian, so that
# dpkg-buildpackage never writes into the source tree. The .deb, .buildinfo and .changes land in
# OUTDIR (default: build-deb/ at the top of the tree). Then: lintian (every tag shown, down to
# pedantic; errors and warnings fail the script), the package's file list and its size.
#
# Needs the build dependencies of packaging/debian/control, dpkg-dev, debhelper and lintian.
# Exit: 0 built and lintian clean, 1 the build or lintian failed, 2 usage.
set -euo pipefail

src=$(cd "$(dirname "$0")/.." && pwd)
outdir=${1:-$src/build-deb}
[ $# -le 1 ] || { echo "usage: $0 [OUTDIR]" >&2; exit 2; }
for tool in dpkg-buildpackage dh lintian; do
	command -v "$tool" > /dev/null || { echo "build-deb.sh: $tool is missing" >&2; exit 1; }
done

work=$(mktemp -d /tmp/dockward-deb.XXXXXX)
trap 'rm -rf "$work"' EXIT
version=$(dpkg-parsechangelog -l "$src/packaging/debian/changelog" -S Version)
tree=$work/dockward-$version
mkdir "$tree"

# The working tree as git sees it (tracked and new files, not ignored ones, not deleted ones);
# without git (an unpacked tarball), everything but build directories.
if git -C "$src" rev-parse --is-inside-work-tree > /dev/null 2>&1; then
	(cd "$src" && git ls-files -z --cached --others --exclude-standard |
		while IFS= read -r -d '' f; do
			if [ -e "$f" ] || [ -L "$f" ]; then printf '%s\0' "$f"; fi
		done | tar -c --null -T - -f -) | tar -x -C "$tree" -f -
else
	tar -c -C "$src" --exclude='./build*' --exclude=./.git -f - . | tar -x -C "$tree" -f -
fi
ln -s packaging/debian "$tree/debian"

echo "== dpkg-buildpackage -us -uc -b (log: $outdir/build.log)"
mkdir -p "$outdir"
outdir=$(cd "$outdir" && pwd)
if ! (cd "$tree" && dpkg-buildpackage -us -uc -b) > "$outdir/build.log" 2>&1; then
	tail -n 60 "$outdir/build.log"
	echo "build-deb.sh: dpkg-buildpackage failed (full log: $outdir/build.log)" >&2
	exit 1
fi
shopt -s nullglob
rm -f "$outdir"/dockward*_*.deb "$outdir"/dockward*_*.buildinfo "$outdir"/dockward*_*.changes
built=("$work"/*.deb "$work"/*.buildinfo "$work"/*.changes)
cp "${built[@]}" "$outdir/"
changes=("$outdir"/dockward_*.changes)
debs=("$outdir"/dockward_*.deb)

rc=0
echo "== lintian --pedantic --display-info --fail-on error,warning ${changes[0]##*/}"
lintian --pedantic --display-info --fail-on error,warning "${changes[0]}" || rc=1
[ $rc -eq 0 ] && echo "(lintian: no error or warning)"

for deb in "${debs[@]}"; do
	echo "== dpkg-deb -c ${deb##*/}"
	dpkg-deb -c "$deb"
	echo "== size: $(stat -c %s "$deb") bytes ($(du -h "$deb" | cut -f1)), installed:" \
		"$(dpkg-deb -f "$deb" Installed-Size) KiB"
done
exit $rc
