#!/usr/bin/env bash
# The commit this action was pinned to, the cache key and the prefix
# trailscan is installed under (outputs commit, key, prefix).
set -euo pipefail
src=$(cd "$GITHUB_ACTION_PATH/../.." && pwd)
commit=${GITHUB_ACTION_REF:-}
# Inside a composite action GITHUB_ACTION_REF may be empty; the runner
# keeps the action under _actions/OWNER/REPO/REF/, so the path says it.
if ! [[ $commit =~ ^[0-9a-f]{40}$ ]]; then
    ref=$(basename "$src")
    [[ $ref =~ ^[0-9a-f]{40}$ ]] && commit=$ref
fi
if ! [[ $commit =~ ^[0-9a-f]{40}$ ]] && git -C "$src" rev-parse --verify -q HEAD >/dev/null 2>&1; then
    commit=$(git -C "$src" rev-parse HEAD)
fi
if ! [[ $commit =~ ^[0-9a-f]{40}$ ]]; then
    # A tag or branch can move: key the cache by the sources themselves.
    echo "::warning::trailscan: pin the action by a 40-hex commit SHA (uses: OWNER/trailscan/tools/github-action@SHA); '${GITHUB_ACTION_REF:-}' can move"
    commit=tree-$(cd "$src" && find CMakeLists.txt core rules tools/deps -type f -print0 | sort -z |
                  xargs -0 sha256sum | sha256sum | cut -c1-40)
fi
prefix=${RUNNER_TOOL_CACHE:-$HOME/.cache}/trailscan/$commit
{
    echo "commit=$commit"
    echo "key=trailscan-${RUNNER_OS:-Linux}-${ImageOS:-unknown}-$(uname -m)-$commit"
    echo "prefix=$prefix"
} >> "$GITHUB_OUTPUT"
echo "trailscan: commit $commit, installed under $prefix"
