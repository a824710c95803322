#!/usr/bin/env bash
# Fails the step with the scan's exit status, after the upload.
echo "trailscan: failing the job with the scan's exit status $STATUS"
exit "$STATUS"
