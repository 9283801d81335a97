# bash completion for helperlink. The options come from the helperlink being
# completed (`helperlink --completion-words`), so they are always its own.

_helperlink() {
	local cur=${COMP_WORDS[COMP_CWORD]} cword=$COMP_CWORD i
	local -a words=("${COMP_WORDS[@]}")

	# After `--` (helperlink rustc ... -- <rustc command>): rustc's own.
	for ((i = 1; i < cword; i++)); do
		if [[ ${words[i]} == -- ]]; then
			if declare -F _command_offset >/dev/null; then
				_command_offset $((i + 1))
			elif ((i + 1 == cword)); then
				mapfile -t COMPREPLY < <(compgen -c -- "$cur")
			else
				mapfile -t COMPREPLY < <(compgen -f -- "$cur")
			fi
			return
		fi
	done

	# "--opt=value" is split into "--opt" "=" "value" where '=' breaks words.
	local opt="" val=""
	if [[ $cur == --*=* ]]; then
		opt=${cur%%=*} val=${cur#*=}
	elif [[ $cur == = && $cword -ge 2 ]]; then
		opt=${words[cword - 1]} val=""
	elif [[ ${words[cword - 1]} == = && $cword -ge 3 ]]; then
		opt=${words[cword - 2]} val=$cur
	fi
	local prefix=""
	[[ $COMP_WORDBREAKS == *=* ]] || prefix="$opt="

	local all
	all=$("${words[0]}" --completion-words 2>/dev/null) || return

	if [[ -n $opt ]]; then
		local choices
		choices=$(grep -E "^$opt=.+" <<<"$all" | sed "s/^$opt=//")
		if [[ -n $choices ]]; then
			mapfile -t COMPREPLY < <(compgen -W "$choices" -- "$val")
		else
			mapfile -t COMPREPLY < <(compgen -f -- "$val")
		fi
		[[ -n $prefix ]] && COMPREPLY=("${COMPREPLY[@]/#/$prefix}")
		return
	fi

	case ${words[cword - 1]} in
	-o)
		mapfile -t COMPREPLY < <(compgen -f -- "$cur")
		return
		;;
	esac

	if [[ $cur == -* ]]; then
		# Options only, one entry each ("--emit=", not every value).
		mapfile -t COMPREPLY < <(compgen -W "$(grep -E '^-' <<<"$all" | grep -Ev '^--[^=]+=.+')" -- "$cur")
		[[ ${#COMPREPLY[@]} -eq 1 && ${COMPREPLY[0]} == *= ]] && compopt -o nospace 2>/dev/null
		return
	fi
	if ((cword == 1)); then
		mapfile -t COMPREPLY < <(compgen -W "$(grep -Ev '^-' <<<"$all")" -- "$cur")
	fi
	mapfile -t -O "${#COMPREPLY[@]}" COMPREPLY < <(compgen -f -- "$cur")
}

complete -F _helperlink helperlink
