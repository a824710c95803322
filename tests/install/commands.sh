#!/usr/bin/env bash
# trailscan --version / -V / version (with the commit), completion bash|zsh
# (driven as the shells would), scan - (a snapshot on standard input).
#   commands.sh TRAILSCAN
. "$(dirname "$0")/../cli/lib.sh" "$1"

# ---- version: one line, the version and the commit built from -----------
check "--version" 0 "^trailscan [0-9]+\.[0-9]+\.[0-9]+ \(commit ([0-9a-f]{40}(-dirty)?|unknown)\)$" -- "$T" --version
cp out.txt version.txt
check "-V" 0 "" -- "$T" -V
holds "-V says what --version says" cmp -s out.txt version.txt
check "version" 0 "" -- "$T" version
holds "version says what --version says" cmp -s out.txt version.txt
check "version takes no argument" 2 "takes no arguments" -- "$T" version extra
if head=$(git -C "$ROOT" rev-parse --verify -q HEAD 2>/dev/null); then
    holds "the commit is the checkout's HEAD ($head)" grep -q "(commit $head" version.txt
fi

# ---- completion ------------------------------------------------------------
check "completion: no shell" 2 "say which shell" -- "$T" completion
check "completion: unknown shell" 2 "unknown shell 'fish'" -- "$T" completion fish
check "completion bash" 0 "complete -o filenames -F _trailscan trailscan" -- "$T" completion bash
cp out.txt c.bash
# complete WORDS...: what bash offers for the last word.
complete_bash() {
    timeout 300 bash -c '. ./c.bash; COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
             _trailscan; printf "%s\n" "${COMPREPLY[@]}"' sh "$T" "$@"
}
offers() { # NAME WANT WORDS...: the completion of WORDS includes WANT
    local name=$1 want=$2
    shift 2
    if complete_bash "$@" | grep -qxF -- "$want"; then ok "$name"; else
        bad "$name: '$want' not offered for '$*'"; complete_bash "$@" | head -5 | sed 's/^/     /'; fi
}
offers "bash: commands" completion ""
offers "bash: commands (version)" version ve
offers "bash: -V" -V -
offers "bash: scan options" --include-passes scan --inc
offers "bash: collect --org options" --skip-existing collect --org --sk
offers "bash: upload options" --wait-timeout upload --wait-
offers "bash: formats" sarif scan --format s
offers "bash: rule ids" cloudtrail-trail-enabled scan --only cloudtrail-trail-en
offers "bash: rule ids after a comma" cloudtrail-trail-enabled,cloudwatch-alarm-actions-enabled \
    scan --only cloudtrail-trail-enabled,cloudwatch-alarm-actions-en
offers "bash: rules show ids" cloudtrail-trail-enabled rules show cloudtrail-trail-
offers "bash: rules subcommands" test rules t
offers "bash: frameworks" cis-aws-5.0 rules list --framework cis-aws-5
offers "bash: --fail-on levels" warning scan --fail-on w
offers "bash: shells" zsh completion z

check "completion zsh" 0 "^#compdef trailscan" -- "$T" completion zsh
cp out.txt _trailscan
if command -v zsh >/dev/null; then
    holds "zsh: the script parses" zsh -n _trailscan
    # The completion system's builtins stubbed: what _trailscan would add.
    # A binary that zsh starts runs with leak detection off: once, on a
    # machine with a load of 20, LeakSanitizer's exit check under zsh spun
    # for minutes in an ASan build (the same runs under bash above keep it
    # on).  The timeouts make any hang a failure, not a stuck suite.
    complete_zsh() {
        ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" timeout 300 zsh -fc 'compadd() { while [[ $1 == -* && $1 != -- ]]; do shift; done; [[ $1 == -- ]] && shift
                             print -rl -- "$@"; }
                 compset() { return 1; }; _files() { print -r -- FILES; }; compdef() { :; }
                 . ./_trailscan; words=("$@"); CURRENT=$#; _trailscan' zsh "$T" "$@"
    }
    zoffers() {
        local name=$1 want=$2
        shift 2
        if complete_zsh "$@" | grep -qxF -- "$want"; then ok "$name"; else
            bad "$name: '$want' not offered for '$*'"; complete_zsh "$@" 2>&1 | head -5 | sed 's/^/     /'; fi
    }
    zoffers "zsh: commands" completion ""
    zoffers "zsh: scan options" --include-passes scan --inc
    zoffers "zsh: formats" markdown scan --format ""
    zoffers "zsh: rule ids" cloudtrail-trail-enabled scan --only ""
    zoffers "zsh: frameworks" cis-aws-5.0 rules list --framework ""
    zoffers "zsh: rules subcommands" show rules ""
else
    echo "SKIP zsh: not installed"
fi
# ---- scan - : the snapshot on standard input --------------------------------
cp "$DEMO" demo.json
"$T" scan --include-passes demo.json --format json -o file.json >/dev/null
check "scan -: reads standard input" 1 "^Account 123456789012  \(-, aws, as of " -- \
    sh -c '"$1" scan --include-passes - --format text --format json -o stdin.json < "$2"' sh "$T" demo.json
holds "scan -: the same results as from the file, named '-'" \
    cmp -s <(sed 's/"demo\.json"/"-"/g' file.json | grep -v '"sha256"\|"duration') \
           <(grep -v '"sha256"\|"duration' stdin.json)
check "scan -: a pipe, several jobs" 1 "cloudtrail-trail-enabled" -- \
    sh -c 'cat "$2" | "$1" scan --jobs 4 --include-passes -' sh "$T" demo.json
check "scan -: bad JSON is placed as '-:LINE:COL'" 2 "^trailscan: -:2:1: invalid JSON" -- \
    sh -c 'printf "{\n" | "$1" scan -' sh "$T"
check "scan -: nothing on standard input" 2 "^trailscan: -: empty file" -- \
    sh -c '"$1" scan - < /dev/null' sh "$T"
check "validate -" 0 "^-: OK \(account 123456789012" -- sh -c '"$1" validate - < "$2"' sh "$T" demo.json
finish
