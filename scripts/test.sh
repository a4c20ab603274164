#!/usr/bin/env bash
# The whole test suite against real servers: starts PostgreSQL/FerretDB when down, regenerates the
# typed operations, type-checks (Jest's SWC transform does not), checks the dependency rules, builds,
# then runs Jest. Args go to Jest.
set -euo pipefail
cd "$(dirname "$0")/.."
export DO_NOT_TRACK=1
bash scripts/services.sh
# The MongoDB outage test runs a FerretDB of its own, which it stops and restarts.
FERRETDB_BIN=$(bash scripts/ferretdb-bin.sh)
export FERRETDB_BIN
npx graphql-codegen --config codegen.yml --silent
npx tsc --noEmit -p tsconfig.json
npx tsc --noEmit -p console/tsconfig.json
# Lint (eslint.config.mjs, type-aware): any violation or warning fails the run here.
npm run --silent lint
# The architecture rules (.dependency-cruiser.cjs): any violation fails the run here.
npm run --silent depcruise
# Multi-process tests run the built service (dist/) as separate processes.
npm run build --silent
report=$(mktemp)
status=0
npx jest --json --outputFile="$report" "$@" || status=$?
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests} skipped`);
' "$report" || true
rm -f "$report"
exit $status
