#!/usr/bin/env bash
# Uploads the SARIF to code scanning (GITHUB_TOKEN, GITHUB_REPOSITORY,
# GITHUB_SHA, GITHUB_REF and GITHUB_API_URL come from the workflow).
set -euo pipefail
trailscan upload --wait "$INPUT_SARIF"
