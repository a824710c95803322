/* `trailscan completion bash|zsh`: a shell completion script.  Commands
 * and formats are written in; options are read from each command's --help
 * at completion time (so a new option completes without a change here),
 * rule ids and framework ids from `rules list` (so --rules folders on the
 * line count too). */
#include <stdio.h>
#include <string.h>
#include "cli/cli.h"

static const char *const bash_body[] = {
    "# Options: whatever `trailscan CMD --help` names (as bash-completion's _longopt).",
    "_trailscan_options() {",
    "    \"$@\" --help 2>/dev/null | grep -oE -- '(^|[][ ,|(])--?[a-zA-Z][a-zA-Z0-9-]*' |",
    "        sed 's/^[][ ,|(]//' | sort -u",
    "}",
    "# Rule ids, or with 'frameworks' the frameworks, of `rules list` (with the",
    "# line's --rules DIR and --no-builtin).",
    "_trailscan_rules() {",
    "    local what=$1 i; shift",
    "    local args=()",
    "    for ((i = 1; i < COMP_CWORD; i++)); do",
    "        case ${COMP_WORDS[i]} in",
    "            --rules) args+=(--rules \"${COMP_WORDS[i+1]}\");;",
    "            --no-builtin) args+=(--no-builtin);;",
    "        esac",
    "    done",
    "    if [ \"$what\" = frameworks ]; then",
    "        \"$1\" rules list \"${args[@]}\" 2>/dev/null |",
    "            sed -n 's/.*\\[\\([^]]*\\)\\]$/\\1/p' | tr ',' '\\n' | sort -u",
    "    else",
    "        \"$1\" rules list \"${args[@]}\" 2>/dev/null | cut -d' ' -f1",
    "    fi",
    "}",
    "_trailscan() {",
    "    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}",
    "    local exe=${COMP_WORDS[0]} cmd= sub= i",
    "    for ((i = 1; i < COMP_CWORD; i++)); do",
    "        case ${COMP_WORDS[i]} in",
    "            -*) ;;",
    "            *) if [ -z \"$cmd\" ]; then cmd=${COMP_WORDS[i]}",
    "               elif [ \"$cmd\" = rules ] && [ -z \"$sub\" ]; then sub=${COMP_WORDS[i]}; fi;;",
    "        esac",
    "    done",
    "    COMPREPLY=()",
    "    case $prev in",
    "        --format) COMPREPLY=($(compgen -W \"$_trailscan_formats\" -- \"$cur\")); return;;",
    "        --only|--skip)",
    "            local done=${cur%${cur##*,}}",
    "            COMPREPLY=($(compgen -P \"$done\" -W \"$(_trailscan_rules ids \"$exe\")\" -- \"${cur##*,}\"))",
    "            compopt -o nospace 2>/dev/null; return;;",
    "        --framework|--compliance)",
    "            COMPREPLY=($(compgen -W \"$(_trailscan_rules frameworks \"$exe\")\" -- \"$cur\")); return;;",
    "        --rules|--base-uri) COMPREPLY=($(compgen -d -- \"$cur\")); return;;",
    "        -o|--output|--config|--baseline|--today|--jobs|--max-*|--fail-on|--region|--profile|\\",
    "        --role-arn|--external-id|--role-session-name|--endpoint-url|--timeout|--repo|--commit|\\",
    "        --ref|--checkout-uri|--tool-name|--api-url|--wait-timeout|--role-name|--accounts|\\",
    "        --exclude-accounts|--shard)",
    "            [ \"$prev\" = --fail-on ] && COMPREPLY=($(compgen -W 'error warning note never' -- \"$cur\"))",
    "            [ ${#COMPREPLY[@]} -eq 0 ] && COMPREPLY=($(compgen -f -- \"$cur\")); return;;",
    "    esac",
    "    if [ -z \"$cmd\" ]; then",
    "        COMPREPLY=($(compgen -W \"$_trailscan_commands --help --version -V\" -- \"$cur\")); return",
    "    fi",
    "    case $cur in",
    "        -*)",
    "            if [ \"$cmd\" = collect ] && [[ \" ${COMP_WORDS[*]} \" == *' --org '* ]]; then",
    "                COMPREPLY=($(compgen -W \"$(_trailscan_options \"$exe\" collect --org)\" -- \"$cur\"))",
    "            else",
    "                COMPREPLY=($(compgen -W \"$(_trailscan_options \"$exe\" \"$cmd\")\" -- \"$cur\"))",
    "            fi",
    "            return;;",
    "    esac",
    "    case $cmd in",
    "        rules) if [ -z \"$sub\" ]; then",
    "                   COMPREPLY=($(compgen -W \"$(\"$exe\" rules --help 2>/dev/null |",
    "                       grep -oE 'trailscan rules [a-z]+' | cut -d' ' -f3 | sort -u)\" -- \"$cur\"))",
    "               elif [ \"$sub\" = show ]; then",
    "                   COMPREPLY=($(compgen -W \"$(_trailscan_rules ids \"$exe\")\" -- \"$cur\"))",
    "               else COMPREPLY=($(compgen -d -- \"$cur\")); fi;;",
    "        completion) COMPREPLY=($(compgen -W 'bash zsh' -- \"$cur\"));;",
    "        *) COMPREPLY=($(compgen -f -- \"$cur\"));;",
    "    esac",
    "}",
    "complete -o filenames -F _trailscan trailscan",
    NULL,
};

static const char *const zsh_body[] = {
    "_trailscan_options() {",
    "    \"$@\" --help 2>/dev/null | grep -oE -- '(^|[][ ,|(])--?[a-zA-Z][a-zA-Z0-9-]*' |",
    "        sed 's/^[][ ,|(]//' | sort -u",
    "}",
    "_trailscan_rules() {",
    "    local what=$1 exe=$2 i",
    "    local -a args",
    "    for ((i = 2; i < CURRENT; i++)); do",
    "        case ${words[i]} in",
    "            --rules) args+=(--rules \"${words[i+1]}\");;",
    "            --no-builtin) args+=(--no-builtin);;",
    "        esac",
    "    done",
    "    if [[ $what == frameworks ]]; then",
    "        \"$exe\" rules list \"${args[@]}\" 2>/dev/null |",
    "            sed -n 's/.*\\[\\([^]]*\\)\\]$/\\1/p' | tr ',' '\\n' | sort -u",
    "    else",
    "        \"$exe\" rules list \"${args[@]}\" 2>/dev/null | cut -d' ' -f1",
    "    fi",
    "}",
    "_trailscan() {",
    "    local exe=${words[1]} cur=${words[CURRENT]} prev=${words[CURRENT-1]} cmd= sub= i",
    "    for ((i = 2; i < CURRENT; i++)); do",
    "        if [[ ${words[i]} != -* ]]; then",
    "            if [[ -z $cmd ]]; then cmd=${words[i]}",
    "            elif [[ $cmd == rules && -z $sub ]]; then sub=${words[i]}; fi",
    "        fi",
    "    done",
    "    case $prev in",
    "        --format) compadd -- ${=_trailscan_formats}; return;;",
    "        --only|--skip) compset -P '*,'; compadd -S '' -- ${(f)\"$(_trailscan_rules ids $exe)\"}; return;;",
    "        --framework|--compliance) compadd -- ${(f)\"$(_trailscan_rules frameworks $exe)\"}; return;;",
    "        --rules|--base-uri) _files -/; return;;",
    "        --fail-on) compadd -- error warning note never; return;;",
    "        -o|--output|--config|--baseline) _files; return;;",
    "    esac",
    "    if [[ -z $cmd ]]; then",
    "        compadd -- ${=_trailscan_commands} --help --version -V; return",
    "    fi",
    "    if [[ $cur == -* ]]; then",
    "        if [[ $cmd == collect && ${words[(I)--org]} -gt 0 ]]; then",
    "            compadd -- ${(f)\"$(_trailscan_options $exe collect --org)\"}",
    "        else",
    "            compadd -- ${(f)\"$(_trailscan_options $exe $cmd)\"}",
    "        fi",
    "        return",
    "    fi",
    "    case $cmd in",
    "        rules) if [[ -z $sub ]]; then",
    "                   compadd -- ${(f)\"$($exe rules --help 2>/dev/null | grep -oE 'trailscan rules [a-z]+' | cut -d' ' -f3 | sort -u)\"}",
    "               elif [[ $sub == show ]]; then",
    "                   compadd -- ${(f)\"$(_trailscan_rules ids $exe)\"}",
    "               else _files -/; fi;;",
    "        completion) compadd -- bash zsh;;",
    "        *) _files;;",
    "    esac",
    "}",
    "if [[ ${funcstack[1]} == _trailscan ]]; then _trailscan \"$@\"; else compdef _trailscan trailscan; fi",
    NULL,
};

static void print_lines(const char *const *lines)
{
    for (; *lines; lines++)
        puts(*lines);
}

/* name='word word ...' of the list (command names and format names are
 * plain words: no quoting needed). */
static void print_words(const char *name, const char *const *list)
{
    printf("%s='", name);
    for (size_t i = 0; list[i]; i++)
        printf("%s%s", i ? " " : "", list[i]);
    puts("'");
}

static void print_formats(void)
{
    const char *names[32];
    size_t n = 0;

    for (const char *f; n + 1 < sizeof(names) / sizeof(names[0]) && (f = cli_scan_format(n)); n++)
        names[n] = f;
    names[n] = NULL;
    print_words("_trailscan_formats", names);
}

int cli_completion(int argc, char **argv, const char *const *commands)
{
    if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        printf("usage: trailscan completion bash|zsh\n\n"
               "Prints a completion script for the shell: commands, options, rule ids,\n"
               "formats and frameworks.  Load it with\n"
               "  bash: source <(trailscan completion bash)   (or install it as\n"
               "        /usr/share/bash-completion/completions/trailscan)\n"
               "  zsh:  trailscan completion zsh > \"${fpath[1]}/_trailscan\"\n\n"
               "Options:\n  -h, --help  this text\n\n%s",
               cli_exit_help);
        return cli_finish_stdout(TS_EXIT_OK);
    }
    if (argc != 2)
        return cli_usage_error("completion", "say which shell: bash or zsh");
    if (!strcmp(argv[1], "bash")) {
        puts("# bash completion for trailscan (trailscan completion bash)");
    } else if (!strcmp(argv[1], "zsh")) {
        puts("#compdef trailscan\n# zsh completion for trailscan (trailscan completion zsh)");
    } else
        return cli_usage_error("completion", "unknown shell '%s' (bash, zsh)", argv[1]);
    print_words("_trailscan_commands", commands);
    print_formats();
    print_lines(!strcmp(argv[1], "bash") ? bash_body : zsh_body);
    return cli_finish_stdout(TS_EXIT_OK);
}
