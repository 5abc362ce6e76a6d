#!/usr/bin/env bash
# completions.sh: tests of the shell completions (packaging/completions/).
#
#   completions.sh BUILD_DIR
#
# 1. bash: packaging/completions/dockward.bash is sourced twice, in a bash with Debian's
#    bash-completion loaded and in one without it, with BUILD_DIR first on PATH. For each
#    command line of the table below the words are split as bash splits them (COMP_WORDS cut
#    at blanks, '=' and ':'), _dockward runs, and COMPREPLY must be exactly the expected set;
#    it must print nothing on stderr. Then with a dockward that fails (or none on PATH):
#    nothing offered, nothing on stderr; and with one whose answers are hostile (words with
#    $(...), globs, blanks): only id-like words offered, nothing run.
# 2. drift: for every command that `dockward --help` lists, the long and short options the
#    bash completion offers after `dockward CMD -` are exactly those `dockward help CMD`
#    prints (its "options:" and "common options:" sections); the same for `dockward -` and
#    `dockward --help`, and for the command names.
# 3. zsh: `zsh -n` on packaging/completions/_dockward, then completions for real: an
#    interactive zsh in a pseudo-terminal (zsh/zpty) with compinit, where compadd is wrapped to
#    print what it is given, and <Tab> typed after a command line: a few lines of the table,
#    the same drift check as for bash, a failing and a hostile dockward.
#
# Exit 0 pass, 1 fail (with the differences), 77 skipped (bash-completion or zsh missing; the
# parts that can run still run, and a failure there is still a failure).
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
compl_dir=$(cd "$here/../../packaging/completions" && pwd)
bash_completion=/usr/share/bash-completion/bash_completion

# ---- the table: LINE|EXPECTED --------------------------------------------------------------
# LINE is typed up to the cursor (a trailing blank matters). EXPECTED is the exact set of
# COMPREPLY, blank-separated ('' for none); when it holds +WORD or !WORD items instead, those
# words must be (+) or must not be (!) among the completions, the rest is free. Run in a
# directory with a.json b.json notes.txt base.yaml other.yml sub/ and a root at root/ whose
# journal has two runs.
common_long='--config --docker-host --fail-on --help --no-color --no-sandbox --quiet --root --verbose --version'
common_all="$common_long -h -q -v"
commands='audit baseline fix help history report rollback rules tui'
fix_long="--all-containers --baseline --containers --dry-run --format --no-restart --only --output"
fix_long+=" --restart-command --restart-timeout --skip --skip-label --waivers --yes $common_long"
audit_long="--all-containers --baseline --containers --format --output --report-dir --save"
audit_long+=" --skip-label --template --waivers $common_long"
rollback_long="--dry-run --force --no-restart --restart-command --restart-timeout --yes $common_long"
runs='20260101T000000Z-42 20260102T000000Z-43'

cases() {
	cat << EOF
dockward |$commands
dockward h|help history
dockward fix --|$fix_long
dockward fix -|$fix_long $common_all -o
dockward fix --t|
dockward audit --|$audit_long
dockward audit |$audit_long $common_all -o
dockward history --|$common_long
dockward history --f|--fail-on
dockward rules --|--baseline $common_long
dockward report --|--format --output $common_long
dockward tui --r|--read-only --restart-command --restart-timeout --root
dockward rollback --|$rollback_long
dockward --|$common_long
dockward --v|--verbose --version
dockward audit --format |text json html junit sarif
dockward audit --format=|text json html junit sarif
dockward audit --format=j|json junit
dockward fix --format |text json
dockward report --format |text json html
dockward --format |text json html junit sarif
dockward --fail-on |low medium high critical
dockward audit --fail-on=h|high
dockward fix --only host.docker-g|host.docker-group
dockward fix --only daemon.icc,host.docker-g|daemon.icc,host.docker-group
dockward fix --only=daemon.icc,host.docker-g|daemon.icc,host.docker-group
dockward fix --skip daemon.icc,daemon.ic|
dockward fix --baseline=base.yaml --only comp.one,comp.t|comp.one,comp.two
dockward fix --baseline base.yaml --only |comp.one comp.two
dockward --baseline=base.yaml fix --skip comp.one,|comp.one,comp.two
dockward --baseline no-such.yaml fix --only |
dockward --baseline |+docker-host +base.yaml +other.yml +sub !a.json !notes.txt
dockward rules --baseline d|+docker-host !base.yaml
dockward baseline |check dump list
dockward baseline d|dump
dockward baseline check |+docker-host +base.yaml +other.yml +sub !a.json !notes.txt
dockward baseline dump o|other.yml
dockward baseline list |$common_all
dockward report |diff merge
dockward report diff |a.json b.json root sub
dockward report diff a.json |a.json b.json root sub
dockward report diff a.json b.json --f|--fail-on --format
dockward report merge a.json b.json |a.json b.json root sub
dockward help |$commands
dockward help f|fix
dockward --root |root sub
dockward --root=s|sub
dockward audit --report-dir s|sub
dockward audit -o |a.json b.json base.yaml notes.txt other.yml root sub
dockward audit --waivers n|notes.txt
dockward --config b|b.json base.yaml
dockward audit --template a|a.json
dockward --docker-host |unix:// tcp://
dockward --docker-host t|tcp://
dockward --docker-host=unix:|//
dockward --docker-host unix://su|//sub/
dockward fix --restart-timeout |
dockward audit --containers |
dockward --root root rollback |$runs
dockward rollback --root=root 2026010|$runs
dockward rollback --root root 20260102|20260102T000000Z-43
dockward rollback --root root 20260101T000000Z-42 --f|--fail-on --force
EOF
}

# ---- bash: one mode (with or without bash-completion), in a child bash ----------------------
# Prints one line per failure; exit status 0 when none.
run_bash_cases() {
	local mode=$1 failed=0 line want got err i
	if [ "$mode" = with ]; then
		# shellcheck source=/dev/null
		source "$bash_completion" || { echo "cannot load $bash_completion"; return 1; }
		declare -F _init_completion > /dev/null || { echo "no _init_completion"; return 1; }
	else
		if declare -F _init_completion > /dev/null; then echo "bash-completion leaked in"; return 1; fi
	fi
	# shellcheck source=/dev/null
	source "$compl_dir/dockward.bash" || { echo "cannot source dockward.bash"; return 1; }
	complete -p dockward > /dev/null 2>&1 || { echo "dockward.bash did not register"; return 1; }
	while IFS='|' read -r line want; do
		complete_line "$line" 2> "$tmp/err.$mode"
		got=$(printf '%s\n' "${COMPREPLY[@]}" | sed '/^$/d' | sort -u)
		err=$(cat "$tmp/err.$mode")
		if [ -n "$err" ]; then
			printf '%s: [%s] wrote on stderr: %s\n' "$mode" "$line" "$err"
			failed=1
		fi
		check_set "$mode: [$line]" "$want" "$got" || failed=1
	done < <(cases)

	# A dockward that fails (an older one without `rules -q`, or a broken install), and none
	# at all: nothing to offer, and not a word on stderr.
	local save_path=$PATH bin
	for bin in "$tmp/failing" /nonexistent; do
		PATH="$bin:/usr/bin:/bin"
		for line in 'dockward fix --only ' 'dockward baseline dump d' 'dockward --root root rollback 2'; do
			complete_line "$line" 2> "$tmp/err.$mode"
			if [ ${#COMPREPLY[@]} -ne 0 ] || [ -s "$tmp/err.$mode" ]; then
				printf '%s: [%s] with %s/dockward: got [%s], stderr [%s]\n' "$mode" "$line" \
					"$bin" "${COMPREPLY[*]}" "$(cat "$tmp/err.$mode")"
				failed=1
			fi
		done
	done

	# A dockward whose answers are hostile: only id-like words are offered, none is expanded.
	PATH="$tmp/hostile:/usr/bin:/bin"
	while IFS='|' read -r line want; do
		complete_line "$line" 2> "$tmp/err.$mode"
		if [ "${COMPREPLY[*]}" != "$want" ] || [ -s "$tmp/err.$mode" ] || [ -e "$tmp/pwned" ]; then
			printf '%s: [%s] with a hostile dockward: got [%s], want [%s]%s\n' "$mode" "$line" \
				"${COMPREPLY[*]}" "$want" "$([ -e "$tmp/pwned" ] && echo ', and it ran a command')"
			failed=1
		fi
	done <<- 'END'
		dockward fix --only |good.id
		dockward baseline dump g|good.id
		dockward rollback |a good.id good-run
	END
	PATH=$save_path

	for i in $(help_commands) ''; do
		drift "$mode" "$i" || failed=1
	done
	drift_commands "$mode" || failed=1
	return $failed
}

# check_set LABEL WANT GOT: GOT (a match a line, sorted, unique) against WANT (as in the
# table); prints what is wrong under LABEL and returns 1 then.
check_set() {
	local label=$1 got=$3 w exact=1 bad=0 wanted
	local -a want
	read -ra want <<< "$2"
	for w in "${want[@]}"; do
		[[ $w == [+!]* ]] && exact=0
	done
	if ((exact)); then
		wanted=$(printf '%s\n' "${want[@]}" | sed '/^$/d' | sort -u)
		[ "$got" = "$wanted" ] && return 0
		echo "$label"
		diff <(echo "$wanted") <(echo "$got") | sed -n 's/^</  missing:/p; s/^>/  extra:  /p'
		return 1
	fi
	for w in "${want[@]}"; do
		case $w in
		+*) grep -qxF -- "${w#+}" <<< "$got" && continue ;;
		!*) grep -qxF -- "${w#!}" <<< "$got" || continue ;;
		esac
		printf '%s %s %s; got: %s\n' "$label" "$([[ $w == +* ]] && echo lacks || echo offers)" \
			"${w:1}" "${got//$'\n'/ }"
		bad=1
	done
	return $bad
}

# complete_line LINE: sets COMP_* as bash does for LINE with the cursor at its end, runs the
# completion function, leaves COMPREPLY.
complete_line() {
	local line=$1 w='' c i
	COMP_LINE=$line
	COMP_POINT=${#line}
	COMP_WORDS=()
	for ((i = 0; i < ${#line}; i++)); do
		c=${line:i:1}
		case $c in
		' ')
			[ -n "$w" ] && COMP_WORDS+=("$w")
			w=
			;;
		'=' | ':')
			[[ -n $w && $w != [=:]* ]] && { COMP_WORDS+=("$w"); w=; }
			w+=$c
			;;
		*)
			[[ $w == [=:]* ]] && { COMP_WORDS+=("$w"); w=; }
			w+=$c
			;;
		esac
	done
	COMP_WORDS+=("$w")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMPREPLY=()
	local func
	func=$(complete -p dockward | sed -n 's/.* -F \([^ ]*\) .*/\1/p')
	"$func" dockward "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
}

# The commands and options dockward's own help prints.
help_commands() {
	dockward --help | sed -n '/^commands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p'
}
help_options() { # [CMD]
	if [ -n "$1" ]; then dockward help "$1"; else dockward --help; fi |
		sed -n '/^\(common \)\{0,1\}options:/,/^$/p' |
		sed -n 's/^  \(-[a-zA-Z]\), \(--[a-z][a-z-]*\).*/\1\n\2/p; s/^      \(--[a-z][a-z-]*\).*/\1/p' |
		sort -u
}

drift() { # MODE [CMD]
	local mode=$1 cmd=$2 want got
	want=$(help_options "$cmd")
	if [ -z "$want" ]; then
		echo "drift: no options parsed from 'dockward help $cmd'"
		return 1
	fi
	complete_line "dockward ${cmd:+$cmd }-" 2> /dev/null
	got=$(printf '%s\n' "${COMPREPLY[@]}" | sort -u)
	if [ "$got" != "$want" ]; then
		printf '%s: drift: the options of "dockward %s" (< help, > completion):\n%s\n' \
			"$mode" "${cmd:-(no command)}" "$(diff <(echo "$want") <(echo "$got") | grep '^[<>]')"
		return 1
	fi
}

drift_commands() {
	local mode=$1 want got
	want=$(help_commands | sort)
	complete_line 'dockward ' 2> /dev/null
	got=$(printf '%s\n' "${COMPREPLY[@]}" | sort -u)
	if [ -z "$want" ] || [ "$got" != "$want" ]; then
		printf '%s: drift: the commands (< help, > completion):\n%s\n' "$mode" \
			"$(diff <(echo "$want") <(echo "$got") | grep '^[<>]')"
		return 1
	fi
}

# ---- zsh -----------------------------------------------------------------------------------
zsh_harness() {
	cat << 'EOF'
# zsh-complete COMPDIR LINE: the matches zsh's completion system offers for LINE<Tab>.
zmodload zsh/zpty || exit 77
compdir=$1 line=$2
zpty z zsh -f -i
zpty -w z "PS1='' PROMPT='' RPS1=''; unset zle_bracketed_paste; fpath=(${(q)compdir} \$fpath)"
zpty -w z 'autoload -Uz compinit; compinit -u -D; zstyle ":completion:*" menu no; setopt nobeep'
# compadd is wrapped: the matches (with the prefixes that go with them) are printed behind a
# marker; calls that only collect into arrays (-O, -A, -D) are left alone. The shell exits
# after the first completion. The markers are split in what is typed, so that the terminal's
# echo of these lines does not look like an answer.
zpty -w z 'compadd() {
  if (( ${argv[(I)-[OAD]*]} )); then builtin compadd "$@"; return; fi
  local -a __m __pp __hp; zparseopts -E P:=__pp p:=__hp
  builtin compadd -A __m "$@"
  local h; for h in $__m; print -r -- "<""M>$IPREFIX${__pp[2]}${__hp[2]}$h"
  builtin compadd "$@"
}'
zpty -w z 'comppostfuncs=(_zc_end); _zc_end() { print -r -- "<E""OC>"; exit }'
zpty -w z "$line"$'\t'
local out
integer tries=0 done=0
while (( tries < 200 )); do
  if ! zpty -r -t z out 2>/dev/null; then
    (( tries++ ))
    sleep 0.05
    continue
  fi
  out=${${out//$'\r'/}%%$'\n'}
  [[ $out == *'<EOC>'* ]] && { done=1; break }
  [[ $out == *'<M>'* ]] && print -r -- ${out##*<M>}
  # dockward's messages start with "dockward: ": none may reach the terminal.
  [[ $out == *'dockward: '* ]] && print -u2 -r -- "on the terminal: ${out##*dockward: }"
done
zpty -d z
(( done )) || { print -u2 "no answer from the completion"; exit 1 }
EOF
}

zsh_cases() {
	cat << EOF
dockward |$commands
dockward fix --only daemon.icc,host.docker-g|daemon.icc,host.docker-group
dockward audit --format |text json html junit sarif
dockward fix --format=|--format=text --format=json
dockward history --|$common_long
dockward fix --|$fix_long
dockward --baseline |+docker-host !notes.txt
dockward --root root rollback |$runs
dockward baseline |check dump list
dockward report --format json diff a.json |a.json b.json root sub
dockward report diff a.json b.json |
dockward fix --baseline base.yaml --skip comp.one,|comp.one,comp.two
EOF
}

run_zsh() {
	local failed=0 line want got
	if ! zsh -n "$compl_dir/_dockward"; then
		echo "zsh -n: packaging/completions/_dockward has syntax errors"
		return 1
	fi
	echo "zsh -n: ok"
	if ! zsh -f -c 'zmodload zsh/zpty' 2> /dev/null; then
		echo "zsh/zpty is missing: zsh completions not exercised"
		return 77
	fi
	zsh_harness > "$tmp/zsh-complete.zsh"
	while IFS='|' read -r line want; do
		got=$(timeout 30 zsh -f "$tmp/zsh-complete.zsh" "$compl_dir" "$line" 2> "$tmp/zerr" | sort -u)
		if [ -s "$tmp/zerr" ]; then
			printf 'zsh: [%s]: %s\n' "$line" "$(cat "$tmp/zerr")"
			failed=1
			continue
		fi
		check_set "zsh: [$line]" "$want" "$got" || failed=1
	done < <(zsh_cases)
	# drift: the options after `dockward CMD -` are those of `dockward help CMD`.
	local cmd
	for cmd in $(help_commands) ''; do
		line="dockward ${cmd:+$cmd }-"
		got=$(timeout 30 zsh -f "$tmp/zsh-complete.zsh" "$compl_dir" "$line" 2>&1 | sort -u)
		want=$(help_options "$cmd")
		if [ -z "$want" ] || [ "$got" != "$want" ]; then
			printf 'zsh: drift: the options of "dockward %s" (< help, > completion):\n%s\n' \
				"${cmd:-(no command)}" "$(diff <(echo "$want") <(echo "$got") | grep '^[<>]')"
			failed=1
		fi
	done

	# A dockward that fails: nothing offered, nothing on the terminal.
	got=$(PATH="$tmp/failing:/usr/bin:/bin" timeout 30 zsh -f "$tmp/zsh-complete.zsh" "$compl_dir" \
		'dockward fix --only d' 2>&1)
	if [ -n "$got" ]; then
		printf 'zsh: [dockward fix --only d] with a failing dockward: %s\n' "$got"
		failed=1
	fi
	# A dockward whose answers are hostile: only id-like words, none run.
	for line in 'dockward fix --only |good.id' 'dockward rollback |a good-run good.id'; do
		want=${line#*|}
		got=$(PATH="$tmp/hostile:/usr/bin:/bin" timeout 30 zsh -f "$tmp/zsh-complete.zsh" \
			"$compl_dir" "${line%%|*}" 2>&1 | sort -u | tr '\n' ' ')
		if [ "$got" != "$want " ] || [ -e "$tmp/pwned" ]; then
			printf 'zsh: [%s] with a hostile dockward: got [%s], want [%s]\n' "${line%%|*}" \
				"$got" "$want"
			failed=1
		fi
	done
	return $failed
}

# ---- main ----------------------------------------------------------------------------------
if [ "${1-}" = --bash-mode ]; then
	# Child: completes in the fixture directory ($2), mode $3.
	tmp=$4
	cd "$2" || exit 1
	run_bash_cases "$3"
	exit $?
fi

if [ $# -ne 1 ] || [ ! -x "$1/dockward" ]; then
	echo "usage: $0 BUILD_DIR (with BUILD_DIR/dockward built)" >&2
	exit 2
fi
build_dir=$(cd "$1" && pwd)
export PATH="$build_dir:$PATH"
export LC_ALL=C

tmp=$(mktemp -d "${TMPDIR:-/tmp}/dockward-compl.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fx=$tmp/fx
mkdir -p "$fx/sub" "$fx/root/var/lib/dockward/journal/20260101T000000Z-42" \
	"$fx/root/var/lib/dockward/journal/20260102T000000Z-43"
chmod 700 "$fx/root/var/lib/dockward/journal"
touch "$fx/a.json" "$fx/b.json" "$fx/notes.txt" "$fx/other.yml"
mkdir "$tmp/failing"
printf '#!/bin/sh\necho "dockward: unknown option" >&2\nexit 2\n' > "$tmp/failing/dockward"
chmod +x "$tmp/failing/dockward"
mkdir "$tmp/hostile"
cat > "$tmp/hostile/dockward" << END
#!/bin/sh
[ "\$1" = history ] && echo 'RUN                        STARTED'
echo '\$(touch $tmp/pwned)'
echo '\`touch $tmp/pwned\`'
echo '*'
echo 'a b'
echo '{good.id,x}'
echo 'good.id'
echo 'good-run  2026-01-01T00:00:00Z'
END
chmod +x "$tmp/hostile/dockward"
cat > "$fx/base.yaml" << 'EOF'
id: comp-test
title: completion test
version: 1
rules:
  - id: comp.one
    title: one
    severity: low
    check: {kind: daemon_option, key: icc, equals: false, when_unset: fail}
  - id: comp.two
    title: two
    severity: low
    check: {kind: daemon_option, key: debug, equals: false, when_unset: pass}
EOF
# HOME: no ~/.bashrc or ~/.zshrc of this machine; the config dockward reads is its default.
export HOME=$tmp

status=0 skipped=
if [ ! -r "$bash_completion" ]; then
	echo "bash-completion is missing ($bash_completion): bash completions not exercised"
	skipped=1
else
	for mode in with without; do
		if out=$(env -u BASH_ENV bash --norc --noprofile "$0" --bash-mode "$fx" "$mode" "$tmp" 2>&1); then
			echo "bash ($mode bash-completion): ok"
		else
			echo "bash ($mode bash-completion): FAIL"
			echo "$out"
			status=1
		fi
	done
fi

if ! command -v zsh > /dev/null; then
	echo "zsh is missing: zsh completion not checked"
	skipped=1
else
	(cd "$fx" && run_zsh)
	case $? in
	0) echo "zsh: ok" ;;
	77) skipped=1 ;;
	*) echo "zsh: FAIL"; status=1 ;;
	esac
fi

[ $status -ne 0 ] && exit 1
[ -n "$skipped" ] && exit 77
exit 0
