#!/usr/bin/env bash
# Scans; the exit status goes to the output `status` (the verdict step
# acts on it after the upload: the alerts are the report).  Writes the
# SARIF and the job summary; a run that wrote no SARIF (exit 2) leaves no
# old one behind for the upload.
set -euo pipefail
read -ra snapshots <<<"$INPUT_SNAPSHOTS"
read -ra extra <<<"${INPUT_ARGS:-}"
opts=(--fail-on "${INPUT_FAIL_ON:-error}")
[ -n "${INPUT_CONFIG:-}" ] && opts+=(--config "$INPUT_CONFIG")
if [ -n "${INPUT_BASELINE:-}" ] && [ -f "$INPUT_BASELINE" ]; then
    opts+=(--baseline "$INPUT_BASELINE" --fail-on-new)
fi
sarif=${INPUT_SARIF:-trailscan.sarif}
rm -f "$sarif"
status=0
trailscan scan "${snapshots[@]}" "${opts[@]}" "${extra[@]}" --format text \
    --format sarif -o "$sarif" --format markdown -o "$GITHUB_STEP_SUMMARY" || status=$?
echo "status=$status" >> "$GITHUB_OUTPUT"
if [ -f "$sarif" ]; then echo "sarif=$sarif" >> "$GITHUB_OUTPUT"; fi
echo "trailscan: scan exited $status"
