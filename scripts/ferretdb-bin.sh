#!/usr/bin/env bash
# Prints the path of a FerretDB 1.24.2 binary, building it once from the Go module proxy if needed.
# (v1 keeps the SQLite backend, which needs no other server; v2 needs a PostgreSQL extension.)
set -euo pipefail
CACHE_DIR=${RECS_CACHE_DIR:-$HOME/.cache/recs}
VERSION=v1.24.2
BIN="$CACHE_DIR/ferretdb-$VERSION"
export GOTOOLCHAIN=local GOFLAGS=-buildvcs=false GOTELEMETRY=off DO_NOT_TRACK=1

if [ ! -x "$BIN" ]; then
  command -v go >/dev/null || { echo "Go is needed once to build FerretDB (apt-get install golang-go, or a Go toolchain)" >&2; exit 1; }
  echo "[services] building FerretDB $VERSION from the Go module proxy (once; a minute or two)" >&2
  mkdir -p "$CACHE_DIR"
  src=$(go mod download -json "github.com/FerretDB/FerretDB@$VERSION" | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')
  work=$(mktemp -d)
  cp -r "$src/." "$work/"
  chmod -R u+w "$work"
  # The module lacks the generated version file, without which the binary refuses to start.
  echo "$VERSION" >"$work/build/version/version.txt"
  (cd "$work" && go build -trimpath -o "$BIN.tmp" ./cmd/ferretdb) >&2
  mv "$BIN.tmp" "$BIN"
  rm -rf "$work"
fi
echo "$BIN"
