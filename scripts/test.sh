#!/usr/bin/env bash
# The whole test suite: install, generate, build, typecheck, lint (specs and packages) and every test.
# Ends with one line `N passed, N failed` read from the vitest JSON reports.
source "$(dirname "$0")/bootstrap.sh"
rm -f specs/reports/*.json packages/*/reports/*.json examples/reports/*.json bench/reports/*.json
set +e
pnpm exec turbo run build typecheck lint test --continue
status=$?
set -e
node scripts/test-summary.mjs || status=1
exit $status
