#!/usr/bin/env bash
# man-pages.sh: tests of the manual pages (packaging/man/*.scd, built by the `man` target).
#
#   man-pages.sh BUILD_DIR MAN_DIR
#
# BUILD_DIR holds the dockward binary; MAN_DIR the built pages (BUILD_DIR/packaging/man in a
# full build).
#
# 1. render: every page in MAN_DIR renders as lintian renders it (`man --warnings -E UTF-8 -l`
#    at MANWIDTH=80) and with `groff -ww -z -man` without a single warning, its NAME section
#    parses (lexgrog, as lintian checks it) and names the page, and no rendered line is wider
#    than 80 columns (an example that a terminal would wrap);
# 2. references: every dockward page that a page names, such as dockward-fix(1), is in MAN_DIR;
# 3. --help and the pages agree:
#    - every command of `dockward --help` has its page dockward-CMD(1) (but `help`, which
#      dockward(1) documents), and the COMMANDS of dockward(1) are exactly those commands;
#    - the OPTIONS of dockward(1) are exactly the "common options" of `dockward --help`;
#    - for each command, every option in the "options" of `dockward help CMD` is in the OPTIONS
#      of dockward-CMD(1), and every option there is one that `dockward help CMD` lists (its
#      "options" or "common options"), with the same short form (-o, --output);
#    - the subcommands in the usage of `dockward help CMD` (baseline check|dump|list, report
#      diff|merge) are exactly those in the SYNOPSIS of dockward-CMD(1).
#    An option of a page is a term of its OPTIONS section: a line at the section's indentation
#    that starts with '-' and is followed by its indented description.
#
# Exit 0 pass, 1 fail (every disagreement printed), 77 skipped (man, groff or scdoc missing).
set -uo pipefail

if [ $# -ne 2 ]; then
	echo "usage: $0 BUILD_DIR MAN_DIR" >&2
	exit 2
fi
build_dir=$1
man_dir=$2
dockward=$build_dir/dockward

for tool in man lexgrog groff scdoc col; do
	if ! command -v "$tool" > /dev/null; then
		echo "man-pages: SKIP: $tool is not installed (Debian: apt-get install man-db groff-base scdoc bsdextrautils)"
		exit 77
	fi
done
if [ ! -x "$dockward" ]; then
	echo "man-pages: $dockward is not an executable" >&2
	exit 1
fi
if [ ! -f "$man_dir/dockward.1" ]; then
	echo "man-pages: no dockward.1 in $man_dir (was the 'man' target built?)" >&2
	exit 1
fi

export LC_ALL=C.UTF-8 MANPAGER=cat PAGER=cat MANROFFSEQ=
fail=0
problem() {
	echo "man-pages: $*"
	fail=1
}

shopt -s nullglob
pages=("$man_dir"/*.[1-8])
shopt -u nullglob

# ---- 1. rendering ---------------------------------------------------------------------------

for page in "${pages[@]}"; do
	name=$(basename "$page")
	# lintian's own command line (checks/documentation/manual.pm)
	warnings=$(MANWIDTH=80 man --warnings -E UTF-8 -l -Tutf8 -Z "$page" 2>&1 > /dev/null)
	if [ -n "$warnings" ]; then
		problem "$name: man --warnings:"
		printf '%s\n' "$warnings" | sed 's/^/    /'
	fi
	warnings=$(groff -ww -z -man "$page" 2>&1)
	if [ -n "$warnings" ]; then
		problem "$name: groff -ww:"
		printf '%s\n' "$warnings" | sed 's/^/    /'
	fi
	# lintian's bad-whatis-entry: the NAME section must parse, and name this page
	whatis=$(lexgrog "$page" 2>&1)
	if ! [[ $whatis == "$page: \"${name%.*} - "* ]]; then
		problem "$name: NAME does not give '${name%.*} - ...' (lexgrog: $whatis)"
	fi
	wide=$(MANWIDTH=80 man -E ascii -l "$page" 2> /dev/null | col -bx | awk 'length > 80')
	if [ -n "$wide" ]; then
		problem "$name: lines wider than 80 columns:"
		printf '%s\n' "$wide" | sed 's/^/    /'
	fi
done

# ---- helpers ---------------------------------------------------------------------------------

# The page rendered as plain text, wide enough that no term line wraps.
render() {
	MANWIDTH=200 man -E ascii -l "$1" 2> /dev/null | col -bx
}

# The lines of section $2 (a heading at column 0) of rendered text on stdin.
section() {
	awk -v want="$1" '/^[^ ]/ { in_section = ($0 == want); next } in_section'
}

# Term lines of a section on stdin: at 7 columns, followed by a line at 11 or more.
terms() {
	awk '{ line[NR] = $0 }
	     END { for (i = 1; i < NR; i++)
	               if (line[i] ~ /^       [^ ]/ && line[i + 1] ~ /^           /) print line[i] }'
}

# "LONG SHORT" (SHORT is "-" when none) for every option of term lines on stdin.
term_options() {
	grep -oE -- '(-[[:alnum:]], )?--[a-z][a-z0-9-]*' |
		sed -E 's/^-([[:alnum:]]), --(.*)/\2 \1/; s/^--(.*)/\1 -/' | sort -u
}

# "LONG SHORT" for every option of `dockward help CMD` (or --help) on stdin, in the section
# "options:" (which=own), "common options:" (which=common) or both (which=all).
help_options() {
	awk -v which="$1" '
		/^[a-z][a-z ]*:$/ { s = $0 == "options:" ? "own" : $0 == "common options:" ? "common" : ""; next }
		/^$/ { next }
		s != "" && (which == "all" || which == s) { print }' |
		sed -nE 's/^ +(-([[:alnum:]]), )?--([a-z][a-z0-9-]*).*/\3 \2/p' |
		awk '{ print $1, ($2 == "" ? "-" : $2) }' | sort -u
}

short_form() {
	if [ "$1" = - ]; then echo none; else echo "-$1"; fi
}

# Every option of list $3 must be in list $4, with the same short form; $1 and $2 name the
# lists in the messages.
compare_options() {
	local what_a=$1 what_b=$2 a=$3 b=$4 long short other
	while read -r long short; do
		[ -n "$long" ] || continue
		other=$(printf '%s\n' "$b" | awk -v l="$long" '$1 == l { print $2 }')
		if [ -z "$other" ]; then
			problem "--$long is in $what_a, not in $what_b"
		elif [ "$other" != "$short" ]; then
			problem "--$long: short form $(short_form "$short") in $what_a," \
				"$(short_form "$other") in $what_b"
		fi
	done <<< "$a"
}

# ---- 2. references -------------------------------------------------------------------------

for page in "${pages[@]}"; do
	for ref in $(render "$page" | grep -oE 'dockward[a-z.-]*\([1-8]\)' | sort -u); do
		target=${ref%(*}.${ref: -2:1}
		[ -f "$man_dir/$target" ] || problem "$(basename "$page") names $ref: no $target in $man_dir"
	done
done

# ---- 3. --help and the pages ---------------------------------------------------------------

main_help=$("$dockward" --help) || { problem "dockward --help failed"; exit 1; }
commands=$(printf '%s\n' "$main_help" | awk '/^commands:$/ { c = 1; next } /^$/ { c = 0 } c { print $1 }')
[ -n "$commands" ] || problem "no commands in 'dockward --help'"

overview=$(render "$man_dir/dockward.1")
page_commands=$(printf '%s\n' "$overview" | section COMMANDS | terms | awk '{ print $1 }' | sort -u)
for c in $commands; do
	printf '%s\n' "$page_commands" | grep -qx -- "$c" ||
		problem "command '$c' of 'dockward --help' is not in the COMMANDS of dockward(1)"
	[ "$c" = help ] || [ -f "$man_dir/dockward-$c.1" ] ||
		problem "command '$c' of 'dockward --help' has no page dockward-$c.1"
done
for c in $page_commands; do
	printf '%s\n' "$commands" | grep -qx -- "$c" ||
		problem "command '$c' is in the COMMANDS of dockward(1), not in 'dockward --help'"
done

common=$(printf '%s\n' "$main_help" | help_options common)
overview_options=$(printf '%s\n' "$overview" | section OPTIONS | terms | term_options)
compare_options "'dockward --help' (common options)" "the OPTIONS of dockward(1)" "$common" "$overview_options"
compare_options "the OPTIONS of dockward(1)" "'dockward --help' (common options)" "$overview_options" "$common"

for c in $commands; do
	[ "$c" = help ] && continue
	page=$man_dir/dockward-$c.1
	[ -f "$page" ] || continue
	help=$("$dockward" help "$c") || { problem "dockward help $c failed"; continue; }
	text=$(render "$page")
	documented=$(printf '%s\n' "$text" | section OPTIONS | terms | term_options)
	own=$(printf '%s\n' "$help" | help_options own)
	accepted=$(printf '%s\n' "$help" | help_options all)
	compare_options "'dockward help $c'" "the OPTIONS of dockward-$c(1)" "$own" "$documented"
	compare_options "the OPTIONS of dockward-$c(1)" "'dockward help $c'" "$documented" "$accepted"

	# subcommands: "usage: dockward baseline (check FILE | dump FILE|ID | list)"
	usage=$(printf '%s\n' "$help" | head -n 1)
	if [[ $usage =~ ^usage:\ dockward\ $c\ \(([^\)]*)\) ]]; then
		from_help=$(printf '%s\n' "${BASH_REMATCH[1]}" | sed 's/ | /\n/g' | awk '{ print $1 }' | sort -u)
		from_page=$(printf '%s\n' "$text" | section SYNOPSIS |
			sed -nE "s/^ +dockward $c ([a-z][a-z-]*).*/\1/p" | sort -u)
		for s in $from_help; do
			printf '%s\n' "$from_page" | grep -qx -- "$s" ||
				problem "'dockward $c $s' is in 'dockward help $c', not in the SYNOPSIS of dockward-$c(1)"
		done
		for s in $from_page; do
			printf '%s\n' "$from_help" | grep -qx -- "$s" ||
				problem "'dockward $c $s' is in the SYNOPSIS of dockward-$c(1), not in 'dockward help $c'"
		done
	fi
done

if [ $fail = 0 ]; then
	echo "man-pages: ok (${#pages[@]} pages)"
fi
exit $fail
