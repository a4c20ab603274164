#!/usr/bin/env bash
# One command to run the service locally: start what is down, build, migrate and serve.
# Signals: npm passes SIGINT/SIGTERM on to its child only (this script: package.json execs it), and
# bash would wait for a running step to finish before acting on them. So each set-up step runs in its
# own process group, which a signal ends at once; the server replaces this script (exec), so it gets
# the signal itself and shuts down cleanly.
set -euo pipefail
cd "$(dirname "$0")/.."
export DO_NOT_TRACK=1

step_pid=
stop() { [ -n "$step_pid" ] && kill -TERM -- "-$step_pid" 2>/dev/null; exit "$1"; }
trap 'stop 130' INT
trap 'stop 143' TERM
step() { setsid "$@" & step_pid=$!; wait "$step_pid"; step_pid=; }

step bash scripts/services.sh
step npm run build --silent
trap - INT TERM
exec node dist/src/app/main.js
