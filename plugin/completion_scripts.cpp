// The completion scripts (see completion_scripts.h). The directive bits they test are cobra's,
// as completion.h lists them: 1 error, 2 no space, 4 no file names, 8 file extensions,
// 16 directories.
#include "plugin/completion_scripts.h"

namespace perfscale::plugin {
namespace {

constexpr std::string_view kBash =
    R"script(# bash completion for kubectl-perfscale. Load it into this shell with
#   source <(kubectl-perfscale completion bash)
# or save it as ~/.local/share/bash-completion/completions/kubectl-perfscale.
# The plugin computes the candidates (kubectl-perfscale __complete WORD...: one a line, then
# :DIRECTIVE); this function hands them to bash.

__kubectl_perfscale_complete() {
    local words=() word i
    # bash splits "--output=json" and "run.db:3f2a" at '=' and ':' (COMP_WORDBREAKS): glue the
    # pieces back into the words the plugin parses.
    for (( i = 1; i <= COMP_CWORD; i++ )); do
        word=${COMP_WORDS[i]}
        if (( ${#words[@]} > 0 )) && [[ $word =~ ^[=:]+$ || ${COMP_WORDS[i-1]} =~ ^[=:]+$ ]]; then
            words[-1]+=$word
        else
            words+=("$word")
        fi
    done
    (( ${#words[@]} > 0 )) || words=("")

    local out
    out=$("${COMP_WORDS[0]}" __complete "${words[@]}" 2>/dev/null) || return 0
    local lines=() directive=0
    mapfile -t lines <<< "$out"
    if [[ ${lines[-1]} =~ ^:([0-9]+)$ ]]; then
        directive=${BASH_REMATCH[1]}
        unset 'lines[-1]'
    fi
    (( directive & 1 )) && return 0

    # The text readline replaces: the current word after the last '=' or ':' bash split at.
    local replaced=${COMP_WORDS[COMP_CWORD]}
    [[ $replaced =~ ^[=:]+$ ]] && replaced=""
    COMPREPLY=()
    if (( directive & 8 )); then
        local extension
        for extension in "${lines[@]}"; do
            mapfile -t -O "${#COMPREPLY[@]}" COMPREPLY < <(compgen -f -X "!*.$extension" -- "$replaced")
        done
        mapfile -t -O "${#COMPREPLY[@]}" COMPREPLY < <(compgen -d -- "$replaced")
        compopt -o filenames 2>/dev/null
        return 0
    fi
    if (( directive & 16 )); then
        mapfile -t COMPREPLY < <(compgen -d -- "$replaced")
        compopt -o filenames 2>/dev/null
        return 0
    fi

    # The value being completed (after --flag=), and the part of it before the last ':', which
    # readline keeps when ':' splits words.
    local typed=${words[-1]} kept=""
    [[ $typed == -*=* ]] && typed=${typed#*=}
    [[ $typed == *:* && $COMP_WORDBREAKS == *:* ]] && kept=${typed%"${typed##*:}"}
    local line
    for line in "${lines[@]}"; do
        line=${line%%$'\t'*}
        [[ -n $line && $line == "$typed"* ]] && COMPREPLY+=("${line#"$kept"}")
    done
    if (( ${#COMPREPLY[@]} == 0 && !(directive & 4) )); then
        mapfile -t COMPREPLY < <(compgen -f -- "$replaced")
        compopt -o filenames 2>/dev/null
    fi
    (( directive & 2 )) && compopt -o nospace 2>/dev/null
    return 0
}

complete -F __kubectl_perfscale_complete kubectl-perfscale
)script";

constexpr std::string_view kZsh = R"script(#compdef kubectl-perfscale
# zsh completion for kubectl-perfscale. Load it, once compinit has run, with
#   source <(kubectl-perfscale completion zsh)
# or save it as _kubectl-perfscale in a directory of $fpath.
# The plugin computes the candidates (kubectl-perfscale __complete WORD...: one a line, then
# :DIRECTIVE); this function hands them to zsh.

_kubectl-perfscale() {
  local out line value
  local -a lines candidates
  local -i directive=0
  out=$("${words[1]}" __complete "${(@)words[2,CURRENT]}" 2>/dev/null) || return 1
  lines=("${(@f)out}")
  if [[ ${lines[-1]} == :<-> ]]; then
    directive=${lines[-1]#:}
    lines[-1]=()
  fi
  (( directive & 1 )) && return 1
  # A value typed as --flag=VALUE: the candidates are values.
  [[ ${words[CURRENT]} == -*=* ]] && compset -P '*='
  if (( directive & 8 )); then
    _files -g "*.(${(j:|:)lines})"
    return
  fi
  if (( directive & 16 )); then
    _files -/
    return
  fi
  for line in "${lines[@]}"; do
    [[ -n $line ]] || continue
    value=${line%%$'\t'*}
    if [[ $line == *$'\t'* ]]; then
      candidates+=("${value//:/\\:}:${line#*$'\t'}")
    else
      candidates+=("${value//:/\\:}")
    fi
  done
  if (( ${#candidates} )); then
    if (( directive & 2 )); then
      _describe -t values 'kubectl-perfscale' candidates -S ''
    else
      _describe -t values 'kubectl-perfscale' candidates
    fi
    return
  fi
  (( directive & 4 )) || _files
}

if [[ ${funcstack[1]} == _kubectl-perfscale ]]; then
  _kubectl-perfscale "$@"
else
  compdef _kubectl-perfscale kubectl-perfscale
fi
)script";

constexpr std::string_view kFish = R"script(# fish completion for kubectl-perfscale. Load it with
#   kubectl-perfscale completion fish | source
# or save it as ~/.config/fish/completions/kubectl-perfscale.fish.
# The plugin computes the candidates (kubectl-perfscale __complete WORD...: one a line, then
# :DIRECTIVE); this function hands them to fish.

function __kubectl_perfscale_complete
    set -l words (commandline -opc)
    set -l current (commandline -ct)
    set -l program $words[1]
    set -e words[1]
    set -l lines ($program __complete $words $current 2>/dev/null)
    or return
    set -l directive 0
    if set -q lines[1]; and string match -qr '^:[0-9]+$' -- $lines[-1]
        set directive (string sub -s 2 -- $lines[-1])
        set -e lines[-1]
    end
    test (math "bitand($directive, 1)") -eq 0; or return
    # fish completes whole tokens: a value typed as --flag=VALUE keeps its "--flag=".
    set -l prefix (string match -r -- '^-[^=]*=' $current)
    set -l value (string replace -r -- '^-[^=]*=' '' $current)
    set -l files
    if test (math "bitand($directive, 8)") -ne 0
        for extension in $lines
            set -a files $value*.$extension
        end
        set -a files (__fish_complete_directories $value)
    else if test (math "bitand($directive, 16)") -ne 0
        set files (__fish_complete_directories $value)
    else if set -q lines[1]
        set files $lines
    else if test (math "bitand($directive, 4)") -eq 0
        set files (__fish_complete_path $value)
    end
    for file in $files
        printf '%s%s\n' "$prefix" $file
    end
end

complete -c kubectl-perfscale -f -a '(__kubectl_perfscale_complete)'
)script";

}  // namespace

std::string_view completionScript(std::string_view shell) {
  if (shell == "bash") return kBash;
  if (shell == "zsh") return kZsh;
  if (shell == "fish") return kFish;
  return {};
}

}  // namespace perfscale::plugin
