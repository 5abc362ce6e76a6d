# dockward.bash: bash completion for dockward(1).                    -*- shell-script -*-
#
# Installed as ${datadir}/bash-completion/completions/dockward, where bash-completion loads it
# on the first <Tab> after `dockward`. It completes the commands, the sub-commands of
# `baseline` and `report`, the options each command takes (and only those: dockward refuses an
# option a command does not take), and their values: formats per command, severities,
# directories, files, built-in baseline ids (`dockward baseline list -q`), rule ids for
# --only/--skip (`dockward rules -q`, with the --baseline and --config already on the line; the
# part after the last comma of a list), run ids for `rollback` (the first column of
# `dockward history`), and unix:// or tcp:// for --docker-host.
#
# The option lists below are static, not read from `dockward help CMD` at each <Tab>:
#  - the completion must know more than the help prints anyway: which options take a value and
#    what kind of value (a directory, a YAML file, rule ids, the formats THIS command writes),
#    so a table has to live here in any case; parsing help text written for people at every
#    <Tab> would couple to its layout and cost a process per keystroke;
#  - tests/packaging/completions.sh guards the drift: for every command it compares the long
#    and short options offered here with the options `dockward help CMD` prints, and fails on
#    any difference. Adding an option to dockward means adding it here (and to _dockward).
# Values that depend on the machine (rule, baseline and run ids) are asked of dockward, with
# stdin from /dev/null, stderr thrown away and a time limit: when dockward is missing, too old
# or fails, there is simply nothing to offer.
#
# With bash-completion (Debian's package) loaded, _init_completion and _filedir do the word
# handling and the file names; without it, the small fallbacks below do the same job (words
# rejoined across '=' and ':', file names through compgen), so sourcing this file from a
# plain ~/.bashrc works too.

# Options of every command (cli-common.c: the options with no CLI_OPT_ flag).
_dockward_common_opts='--config --docker-host --fail-on --help --no-color --no-sandbox --quiet
	--root --verbose --version -h -q -v'

# The options that take a value; their value is the next word, or follows '='.
_dockward_value_opts='--baseline --config --containers --docker-host --fail-on --format --only
	--output --report-dir --restart-command --restart-timeout --root --skip --skip-label
	--template --waivers -o'

_dockward_commands='audit baseline fix help history report rollback rules tui'

# _dockward_cmd_opts CMD: the options CMD takes besides the common ones (main.c's command table).
_dockward_cmd_opts()
{
	case $1 in
	audit)
		echo --all-containers --baseline --containers --format --output --report-dir --save \
			--skip-label --template --waivers -o
		;;
	fix)
		echo --all-containers --baseline --containers --dry-run --format --no-restart --only \
			--output --restart-command --restart-timeout --skip --skip-label --waivers --yes -o
		;;
	report) echo --format --output -o ;;
	rollback)
		echo --dry-run --force --no-restart --restart-command --restart-timeout --yes
		;;
	rules) echo --baseline ;;
	tui)
		echo --all-containers --baseline --containers --no-restart --read-only \
			--restart-command --restart-timeout --skip-label --waivers
		;;
	esac
}

# _dockward_formats CMD: the --format values CMD writes (all of them before the command).
_dockward_formats()
{
	case $1 in
	audit | '') echo text json html junit sarif ;;
	fix) echo text json ;;
	report) echo text json html ;;
	esac
}

# _dockward_run ARGS...: runs dockward quietly: no stdin, no stderr, at most 3 seconds.
_dockward_run()
{
	local prog=${_dockward_prog:-dockward}
	if type -P timeout > /dev/null 2>&1; then
		timeout 3 "$prog" "$@" < /dev/null 2> /dev/null
	else
		"$prog" "$@" < /dev/null 2> /dev/null
	fi
}

# _dockward_ids: the lines of stdin that are ids ([A-Za-z0-9._-]), the rest is dropped: the
# words of `compgen -W` are expanded by the shell, so nothing else may get there.
_dockward_ids()
{
	local line
	while IFS= read -r line; do
		[[ $line =~ ^[A-Za-z0-9._-]+$ ]] && printf '%s\n' "$line"
	done
	return 0
}

# _dockward_add COMPGEN-ARGS...: appends what compgen prints, a line a match (no word splitting,
# no globbing of the matches).
_dockward_add()
{
	mapfile -t -O "${#COMPREPLY[@]}" COMPREPLY < <(compgen "$@" 2> /dev/null)
}

# _dockward_dequote WORD: WORD as the shell will pass it, for the simple cases (quotes around
# it, backslashes, a leading ~/), into REPLY.
_dockward_dequote()
{
	REPLY=$1
	case $REPLY in
	\'*\') REPLY=${REPLY:1:${#REPLY}-2} ;;
	\"*\") REPLY=${REPLY:1:${#REPLY}-2} ;;
	*) REPLY=${REPLY//\\/} ;;
	esac
	[[ $REPLY == \~/* ]] && REPLY=$HOME/${REPLY:2}
}

# Without bash-completion: sets cur, prev, words, cword and split as `_init_completion -s -n :`
# does. Bash splits COMP_WORDS at '=' and ':' (COMP_WORDBREAKS); a word made of those
# characters is glued to its neighbours unless blanks separate them in COMP_LINE.
_dockward_init_fallback()
{
	local i w ws glue prev_break=0 line=${COMP_LINE-} have_line=0
	[[ -n $line ]] && have_line=1
	words=()
	cword=0
	for ((i = 0; i < ${#COMP_WORDS[@]}; i++)); do
		w=${COMP_WORDS[i]}
		ws=1
		if ((have_line)); then
			local rest=${line#"${line%%[![:space:]]*}"}
			[[ $rest == "$line" ]] && ws=0
			line=${rest:${#w}}
		fi
		glue=0
		if ((i > 0 && !ws)); then
			[[ $w =~ ^[=:]+$ ]] && glue=1
			((prev_break)) && glue=1
		fi
		if ((glue)); then
			words[${#words[@]} - 1]+=$w
		else
			words+=("$w")
		fi
		prev_break=0
		[[ $w =~ ^[=:]+$ ]] && prev_break=1
		((i == COMP_CWORD)) && cword=$((${#words[@]} - 1))
	done
	cur=${words[cword]-}
	prev=${words[cword - 1]-}
	split=false
	COMPREPLY=()
	if [[ $cur == --?*=* ]]; then
		prev=${cur%%=*}
		cur=${cur#*=}
		split=true
	fi
	((cword > 0))
}

# Completions of words with a ':' must not repeat what readline keeps before the last ':'.
_dockward_ltrim_colon()
{
	[[ $cur == *:* && ${COMP_WORDBREAKS-:} == *:* ]] || return 0
	local keep=${cur%"${cur##*:}"} i
	for ((i = 0; i < ${#COMPREPLY[@]}; i++)); do
		COMPREPLY[i]=${COMPREPLY[i]#"$keep"}
	done
}

# _dockward_files [-d] [EXT...]: files (with EXT: only those, and directories; -d: directories).
_dockward_files()
{
	local dirs=0
	[[ ${1-} == -d ]] && dirs=1 && shift
	if declare -F _filedir > /dev/null 2>&1; then
		if ((dirs)); then
			_filedir -d
		elif (($#)); then
			local exts
			printf -v exts '%s|' "$@"
			_filedir "${exts%|}"
		else
			_filedir
		fi
		return
	fi
	compopt -o filenames 2> /dev/null
	local e
	if ((dirs)); then
		_dockward_add -d -- "$cur"
	elif (($#)); then
		_dockward_add -d -- "$cur"
		for e in "$@"; do
			_dockward_add -f -X "!*.$e" -- "$cur"
		done
	else
		_dockward_add -f -- "$cur"
	fi
}

# _dockward_value OPTION: the values of OPTION, into COMPREPLY.
_dockward_value()
{
	local list
	case $1 in
	--format)
		_dockward_add -W "$(_dockward_formats "$cmd")" -- "$cur"
		;;
	--fail-on)
		_dockward_add -W 'low medium high critical' -- "$cur"
		;;
	--root | --report-dir)
		_dockward_files -d
		;;
	--config | --waivers | --template | --output | -o)
		_dockward_files
		;;
	--baseline)
		list=$(_dockward_run baseline list -q | _dockward_ids)
		_dockward_add -W "$list" -- "$cur"
		_dockward_files yaml yml
		;;
	--only | --skip)
		# A comma-separated list: complete the id after the last comma, keep the rest, and
		# leave out the ids already listed.
		local head='' last=$cur id
		if [[ $cur == *,* ]]; then
			head=${cur%,*},
			last=${cur##*,}
		fi
		local -a sel=(rules -q)
		[[ -n $config ]] && sel+=(--config "$config")
		[[ -n $baseline ]] && sel+=(--baseline "$baseline")
		list=
		for id in $(_dockward_run "${sel[@]}" | _dockward_ids); do
			[[ ,$head == *,"$id",* ]] || list+=" $id"
		done
		_dockward_add -P "$head" -W "$list" -- "$last"
		;;
	--docker-host)
		if [[ $cur == unix://* ]]; then
			local -a paths
			local f
			mapfile -t paths < <(compgen -f -- "${cur#unix://}" 2> /dev/null)
			for f in "${paths[@]}"; do
				[[ -d $f ]] && f+=/
				COMPREPLY+=("unix://$f")
			done
		else
			_dockward_add -W 'unix:// tcp://' -- "$cur"
		fi
		compopt -o nospace 2> /dev/null
		;;
	--restart-command)
		_dockward_add -c -- "$cur"
		;;
	esac
	# --containers REGEX, --skip-label KEY[=VALUE], --restart-timeout SECONDS: nothing to offer.
}

# _dockward_run_ids: the runs `dockward history` lists: after its "RUN STARTED ..." heading,
# the first column of the lines that do not start with a blank (-v indents the changes).
_dockward_run_ids()
{
	local -a args=(history)
	[[ -n $root ]] && args+=(--root "$root")
	_dockward_run "${args[@]}" | {
		local line first=1
		while IFS= read -r line; do
			if ((first)); then
				[[ $line == 'RUN '* ]] || return 0
				first=0
			elif [[ $line == [!\ ]* ]]; then
				echo "${line%% *}"
			fi
		done
	} | _dockward_ids
}

_dockward()
{
	local cur prev words cword split
	if declare -F _init_completion > /dev/null 2>&1; then
		_init_completion -s -n : || return
	else
		_dockward_init_fallback || return
	fi
	local _dockward_prog REPLY
	_dockward_dequote "${words[0]}"
	_dockward_prog=$REPLY

	# What is already on the line: the command, its operands, and the options that the
	# dynamic values depend on.
	local i w cmd='' baseline='' config='' root='' opts_done=0
	local value_opts=" ${_dockward_value_opts//[$'\t\n']/ } "
	local -a args=()
	for ((i = 1; i < cword; i++)); do
		w=${words[i]}
		if ((!opts_done)) && [[ $w == -?* ]]; then
			[[ $w == -- ]] && opts_done=1 && continue
			local name=${w%%=*} value=
			if [[ $w == --*=* ]]; then
				value=${w#*=}
			elif [[ $value_opts == *" $w "* ]] && ((i + 1 < cword)); then
				value=${words[++i]}
			fi
			_dockward_dequote "$value"
			case $name in
			--baseline) baseline=$REPLY ;;
			--config) config=$REPLY ;;
			--root) root=$REPLY ;;
			esac
		elif [[ -z $cmd ]]; then
			cmd=$w
		else
			args+=("$w")
		fi
	done

	if [[ $value_opts == *" $prev "* ]]; then
		_dockward_value "$prev"
		_dockward_ltrim_colon
		return
	fi
	[[ $split == true ]] && return

	local opts=$_dockward_common_opts
	[[ -n $cmd ]] && opts+=" $(_dockward_cmd_opts "$cmd")"
	if [[ $cur == -* ]]; then
		_dockward_add -W "$opts" -- "$cur"
		return
	fi

	# Operands; where none fits, the options.
	local list
	case $cmd in
	'')
		_dockward_add -W "$_dockward_commands" -- "$cur"
		return
		;;
	baseline)
		if ((${#args[@]} == 0)); then
			_dockward_add -W 'check dump list' -- "$cur"
			return
		elif ((${#args[@]} == 1)) && [[ ${args[0]} == check || ${args[0]} == dump ]]; then
			list=$(_dockward_run baseline list -q | _dockward_ids)
			_dockward_add -W "$list" -- "$cur"
			_dockward_files yaml yml
			return
		fi
		;;
	report)
		if ((${#args[@]} == 0)); then
			_dockward_add -W 'diff merge' -- "$cur"
			return
		elif [[ ${args[0]} == merge ]] || { [[ ${args[0]} == diff ]] && ((${#args[@]} < 3)); }; then
			_dockward_files json
			return
		fi
		;;
	help)
		if ((${#args[@]} == 0)); then
			_dockward_add -W "$_dockward_commands" -- "$cur"
			return
		fi
		;;
	rollback)
		# The runs in the journal; on a host without any, the options.
		if ((${#args[@]} == 0)); then
			_dockward_add -W "$(_dockward_run_ids)" -- "$cur"
			[[ -n $cur || ${#COMPREPLY[@]} -gt 0 ]] && return
		fi
		;;
	esac
	_dockward_add -W "$opts" -- "$cur"
} &&
	complete -F _dockward dockward

# ex: filetype=sh
