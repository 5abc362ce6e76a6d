#!/usr/bin/env bash
# check-format.sh: renders fixture audits as JUnit or SARIF and validates them against the JSON
# report of the same audit (ctest report/junit-valid and report/sarif-valid).
#
#   check-format.sh DOCKWARD junit|sarif CASE_DIR...
#
# Each CASE_DIR is a golden case of tests/fixtures/ (README.md there): its root/ is copied to a
# temp dir and its `setup` runs there, a fake engine serves its engine/ answers when it has one,
# and its `cmd` runs twice with --format replaced, once with json and once with the format. Both
# runs must end with the same exit status (0, 1 or 3: an audit, not a usage error), then
# validate-junit.py or validate-sarif.py (beside this script) checks the rendering. Debian's
# python3; python3-jsonschema for SARIF.
set -euo pipefail
bin=$(realpath "$1")
format=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
fixtures=$(cd "$here/../fixtures" && pwd)
py=/usr/bin/python3
case $format in
junit) validate=("$py" "$here/validate-junit.py") ;;
sarif)
	validate=("$py" "$here/validate-sarif.py" "$here/sarif-2.1.0-rtm.5.json")
	"$py" -c 'import jsonschema' || { echo "python3-jsonschema is missing"; exit 1; }
	;;
*) echo "usage: check-format.sh DOCKWARD junit|sarif CASE_DIR..."; exit 2 ;;
esac

fail=0
for case_dir in "$@"; do
	case_dir=$(realpath "$case_dir")
	name=$(basename "$case_dir")
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/dockward-format.XXXXXX")
	engine_pid=
	mkdir -p "$tmp/root"
	[ -d "$case_dir/root" ] && cp -a "$case_dir/root/." "$tmp/root/"
	[ -f "$case_dir/setup" ] && (cd "$tmp/root" && bash "$case_dir/setup")
	if [ -d "$case_dir/engine" ]; then
		"$py" "$fixtures/fake-dockerd.py" "$tmp/engine.sock" "$case_dir/engine" &
		engine_pid=$!
		for _ in $(seq 1 100); do
			[ -S "$tmp/engine.sock" ] && break
			sleep 0.05
		done
	fi

	read -r -a args < "$case_dir/cmd"
	args=("${args[@]//@ENGINE@/unix://$tmp/engine.sock}")
	kept=()
	for ((i = 0; i < ${#args[@]}; i++)); do
		if [ "${args[i]}" = --format ]; then
			i=$((i + 1))
			continue
		fi
		kept+=("${args[i]}")
	done
	run() {
		(cd "$case_dir" && env -i PATH=/usr/bin:/bin LC_ALL=C TZ=UTC HOME="$tmp" \
			SOURCE_DATE_EPOCH=1795426800 "$bin" "${kept[@]}" --format "$1" --root "$tmp/root") \
			> "$tmp/out.$1" 2> "$tmp/err.$1"
	}
	set +e
	run json
	json_status=$?
	run "$format"
	status=$?
	set -e
	if [ -n "$engine_pid" ]; then
		kill "$engine_pid" 2> /dev/null
		wait "$engine_pid" 2> /dev/null || true
	fi

	if [ "$status" != "$json_status" ] || [ "$status" = 2 ] || [ "$status" -gt 3 ]; then
		echo "$name: exit status $status with $format, $json_status with json"
		cat "$tmp/err.$format"
		fail=1
	elif ! "${validate[@]}" "$tmp/out.$format" "$tmp/out.json"; then
		echo "$name: the $format report does not validate"
		fail=1
	fi
	rm -rf "$tmp"
done
[ $fail = 0 ] && echo "check-format: $format valid for $# cases"
exit $fail
