#!/usr/bin/env bash
# One command to run the service locally: start what is down, build, migrate and serve.
set -euo pipefail
cd "$(dirname "$0")/.."
export DO_NOT_TRACK=1
bash scripts/services.sh
npm run build --silent
exec node dist/src/app/main.js
