#!/usr/bin/env bash
# Starts the Durable Streams reference server on 127.0.0.1, creates a JSON
# stream, appends a message every half second, and tails it with dstail.
# Stop with ctrl+c; run it again and dstail resumes where it stopped.
set -euo pipefail
cd "$(dirname "$0")/.."
port=${PORT:-4437}
[ -d testdata/peers/node_modules ] || npm install --prefix testdata/peers --no-save --no-audit --no-fund --loglevel=error
go build -o "${TMPDIR:-/tmp}/dstail-example" ./cmd/dstail

# The server exits when its stdin closes, i.e. when this script ends.
# File-backed, so a second run continues the same stream and dstail resumes.
data="${TMPDIR:-/tmp}/dstail-example-data"
mkdir -p "$data"
# Its log goes to a file: on the terminal it would be drawn over the view.
coproc SERVER { node testdata/peers/ds-server.mjs --port "$port" --data-dir "$data" 2>>"$data/server.log"; }
read -r base <&"${SERVER[0]}"
stream="$base/v1/stream/example"
curl -fsS -X PUT -H 'Content-Type: application/json' "$stream" >/dev/null
# Number on from what the stream holds, so a second run continues the count
# and a correct resume does not look like a replay.
held=$(curl -fsS "$stream?offset=-1" | node -e 'let s = ""; process.stdin.on("data", d => s += d).on("end", () => console.log(s.trim() ? JSON.parse(s).length : 0))')
(
  i=$held
  while sleep 0.5; do
    i=$((i + 1))
    curl -fsS -X POST -H 'Content-Type: application/json' \
      -d "{\"n\":$i,\"text\":\"message $i\"}" "$stream" >/dev/null || exit 0
  done
) &
writer=$!
trap 'kill $writer 2>/dev/null || true' EXIT
echo "tailing $stream (ctrl+c to stop)" >&2
"${TMPDIR:-/tmp}/dstail-example" "$stream" "$@"
