#!/usr/bin/env bash
# cmake --install's layout, and a prefix that moves: the binary finds its
# rules beside itself (../share/trailscan/rules), or at TRAILSCAN_RULES_DIR,
# and says where it looked when neither is there; custom rules find the
# built-in rules/lib wherever it is.
#   relocate.sh TRAILSCAN BUILD_DIR
# (With INSTALLED=PREFIX, that prefix is used as installed instead: to try
# the checks on another build.)
build=$(realpath "$2")
. "$(dirname "$0")/../cli/lib.sh" "$1"

if [ -n "${INSTALLED:-}" ]; then
    cp -a "$INSTALLED" "$W/p1"
else
    cmake --install "$build" --prefix "$W/p1" >install.log 2>&1 || { cat install.log; exit 1; }
fi
for f in bin/trailscan bin/trailscan-export-aws-cli share/trailscan/rules/lib/trails.lua \
         share/trailscan/examples/demo-123456789012.json share/man/man1/trailscan.1.gz \
         share/man/man1/trailscan-scan.1.gz share/man/man1/trailscan-export-aws-cli.1.gz share/bash-completion/completions/trailscan \
         share/zsh/site-functions/_trailscan share/doc/trailscan/README.md \
         share/doc/trailscan/LICENSE; do
    holds "installed: $f" test -s "$W/p1/$f"
done
holds "installed: trailscan-export-aws-cli is executable" test -x "$W/p1/bin/trailscan-export-aws-cli"

# The whole prefix moves (as a multi-stage container build copies it).
mv "$W/p1" "$W/moved"
P=$W/moved
check "moved prefix: rules test" 0 " 0 failed" -- "$P/bin/trailscan" rules test
check "moved prefix: demo scan" 1 "cloudtrail" -- "$P/bin/trailscan" scan \
    "$P/share/trailscan/examples/demo-123456789012.json"
holds "moved prefix: the rules are the installed ones" \
    grep -q "$P/share/trailscan/rules/cloudtrail" <("$P/bin/trailscan" rules show cloudtrail-trail-enabled 2>&1)

# A custom rule that requires a built-in helper, from the moved prefix.
mkdir -p custom
cat >custom/uses_trails.lua <<'LUA'
local trails = require("trails")
return {
  id = "custom-uses-trails", name = "CustomUsesTrails", severity = "low",
  title = "Uses the built-in trails helper", description = "A custom rule's require.",
  remediation = "none",
  check = function(snapshot)
    pass({resource = "helper", message = "trails helper loaded: " .. #trails.all(snapshot) .. " trails"})
  end,
}
LUA
check "moved prefix: custom rule requires trails" 0 "trails helper loaded: [0-9]+ trails" -- \
    "$P/bin/trailscan" scan --no-builtin --rules custom --include-passes "$DEMO"

# The binary alone, without its share/: no rules, and it says where it looked.
mkdir -p alone/bin
cp "$P/bin/trailscan" alone/bin/
check "binary alone: scan says where it looked" 2 \
    "built-in rules not found: TRAILSCAN_RULES_DIR is not set and '$W/alone/bin/\.\./share/trailscan/rules'" -- \
    alone/bin/trailscan scan "$DEMO"
check "binary alone: rules test says so too" 2 "TRAILSCAN_RULES_DIR is not set" -- \
    alone/bin/trailscan rules test
check "binary alone: --version needs no rules" 0 "^trailscan [0-9.]+ \(commit " -- \
    alone/bin/trailscan --version

# TRAILSCAN_RULES_DIR points it at rules anywhere, and is the one used.
check "TRAILSCAN_RULES_DIR: demo scan" 1 "cloudtrail" -- \
    env TRAILSCAN_RULES_DIR="$P/share/trailscan/rules" alone/bin/trailscan scan "$DEMO"
check "TRAILSCAN_RULES_DIR: custom rule requires trails" 0 "trails helper loaded: [0-9]+ trails" -- \
    env TRAILSCAN_RULES_DIR="$P/share/trailscan/rules" alone/bin/trailscan scan --no-builtin \
    --rules custom --include-passes "$DEMO"
# Named with a trailing '/', it is the same folder: its rules share the
# helper modules compiled once (before, each rule compiled its own: more
# than twice the instructions of an --only run).
profile() {
    env TRAILSCAN_RULES_DIR="$1" alone/bin/trailscan scan --profile --fail-on never "$DEMO" \
        2>&1 >/dev/null | awk '/profile: [a-z]/ {print $3, $4}'
}
holds "TRAILSCAN_RULES_DIR with a trailing /: each rule's instructions as without it" \
    test "$(profile "$P/share/trailscan/rules")" = "$(profile "$P/share/trailscan/rules//")"
mkdir -p few
cp -r "$P/share/trailscan/rules/lib" few/
cp "$P/share/trailscan/rules/cloudtrail/trail_enabled.lua" few/
check "TRAILSCAN_RULES_DIR: wins over the installed rules" 0 "" -- \
    env TRAILSCAN_RULES_DIR="$W/few" "$P/bin/trailscan" rules list
holds "TRAILSCAN_RULES_DIR: only its rule listed" test "$(wc -l <out.txt)" = 1
check "TRAILSCAN_RULES_DIR: not a folder" 2 \
    "built-in rules not found: TRAILSCAN_RULES_DIR is '$W/nowhere', which is not a folder" -- \
    env TRAILSCAN_RULES_DIR="$W/nowhere" "$P/bin/trailscan" scan "$DEMO"
finish
