#!/usr/bin/env bash
# Builds the operator console (console/ -> console/dist) unless nothing it is made from changed since the
# last build, so `npm run build` stays a quick no-op: typed operations (codegen), type check, Vite bundle.
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=console/dist/.built
inputs=(console/src/operations console/src/*.ts console/src/*.css console/src/pages console/index.html console/vite.config.mts console/tsconfig.json schema.graphql package-lock.json)
if [ -f "$stamp" ] && [ -z "$(find "${inputs[@]}" -newer "$stamp" -print -quit)" ]; then
  exit 0
fi
npx graphql-codegen --config codegen.yml --silent
npx tsc --noEmit -p console/tsconfig.json
npx vite build --config console/vite.config.mts --logLevel warn
touch "$stamp"
