#!/usr/bin/env bash
# Builds trailscan from the action's own sources into TRAILSCAN_PREFIX,
# unless the cache restored it (tools/ci-build), and puts it on PATH.
set -euo pipefail
TMPDIR=${RUNNER_TEMP:-/tmp} "$GITHUB_ACTION_PATH/../ci-build" "$TRAILSCAN_PREFIX" "$TRAILSCAN_COMMIT"
echo "$TRAILSCAN_PREFIX/bin" >> "$GITHUB_PATH"
