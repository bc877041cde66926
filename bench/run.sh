#!/usr/bin/env bash
# Side-by-side benchmarks of dstail against curl, the official TypeScript
# client and a real OpenCode, all on 127.0.0.1 (see BENCHMARKS.md).
#
#   bash bench/run.sh [startup|catchup|latency|opencode|sessionopen|sessionopen-real|offsets|streamview|tui|all] [flags...]
#
# Flags after the name go to the benchmark, e.g.
#   bash bench/run.sh startup -startup-rounds 51
#   bash bench/run.sh catchup -rounds 9 -catchup-sizes 1000,100000 -node-max 0
#   bash bench/run.sh latency -latency-rate 500 -latency-rounds 5
#   bash bench/run.sh opencode -oc-tokens 20000 -oc-rounds 5
#   bash bench/run.sh opencode -oc-compare /path/to/other/dstail   (alternated A/B)
#   bash bench/run.sh offsets -firehose 10s
#   bash bench/run.sh sessionopen -open-messages 10000 -rounds 9
#   bash bench/run.sh sessionopen -open-compare /path/to/other/dstail   (alternated A/B)
#   bash bench/run.sh sessionopen-real -real-open-messages 10000   (a real OpenCode)
#   bash bench/run.sh streamview -view-messages 500000 -view-rounds 3
# DSTAIL_BENCH_BIN=/path/to/dstail measures that binary instead of building
# ./cmd/dstail (for a before/after comparison).
set -euo pipefail
cd "$(dirname "$0")/.."

what=${1:-all}
[ $# -gt 0 ] && shift

run() {
  local name=$1
  shift
  go test -run '^$' -bench "^${name}\$" -benchtime 1x -timeout 60m ./bench/ -args "$@"
}

case $what in
  startup) run BenchmarkStartup "$@" ;;
  catchup) run BenchmarkCatchup "$@" ;;
  latency) run BenchmarkLatency "$@" ;;
  opencode) run BenchmarkOpenCode "$@" ;;
  sessionopen) run BenchmarkSessionOpen "$@" ;;
  sessionopen-real) run BenchmarkSessionOpenReal "$@" ;;
  offsets) run BenchmarkOffsets "$@" ;;
  streamview) run BenchmarkStreamView "$@" ;;
  tui)
    # The view's own benchmarks, in 6 alternated rounds (each round runs
    # every benchmark once) rather than -count 6, which runs each six
    # times in a row and lets a change in machine load fall on one side.
    dir=$(mktemp -d)
    trap 'rm -rf "$dir"' EXIT
    go test -c -o "$dir/tui.test" ./tui/
    for _ in 1 2 3 4 5 6; do
      (cd tui && "$dir/tui.test" -test.run '^$' -test.bench . -test.benchmem "$@")
    done | tee "$dir/rounds"
    # CPU per streamed token by answer length (BenchmarkStreamTokens): the
    # median of the rounds, and each length against the shortest.
    awk '/^BenchmarkStreamTokens\/tokens=/ {
        split($1, a, "[=-]"); n = a[2]
        for (i = 2; i < NF; i++) if ($(i+1) == "cpu-µs/token") v[n] = v[n] " " $i
      }
      END {
        for (n in v) {
          k = split(substr(v[n], 2), x, " ")
          for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (x[j] < x[i]) { t = x[i]; x[i] = x[j]; x[j] = t }
          med[n] = (k % 2) ? x[(k + 1) / 2] : (x[k / 2] + x[k / 2 + 1]) / 2
          spread[n] = x[1] "-" x[k]
          if (!first || n + 0 < first + 0) first = n
        }
        for (n in med) printf "streamed token, %5d-token answer: %7.1f cpu-µs/token (median of %d, range %s), %.2fx the %d-token answer\n", n, med[n], k, spread[n], med[n] / med[first], first
      }' "$dir/rounds" | sort -t, -k2 -n
    # Bytes written to the terminal per streamed token, through the real program.
    (cd tui && "$dir/tui.test" -test.run '^TestBytesPerStreamedToken$' -test.v | grep 'bytes per streamed token')
    ;;
  all)
    failed=()
    for w in startup catchup latency opencode sessionopen sessionopen-real offsets streamview tui; do
      printf '\n== %s\n' "$w"
      bash "$0" "$w" || failed+=("$w")
    done
    if [ ${#failed[@]} -gt 0 ]; then
      echo "failed: ${failed[*]}" >&2
      exit 1
    fi
    ;;
  *)
    echo "usage: bash bench/run.sh [startup|catchup|latency|opencode|sessionopen|sessionopen-real|offsets|streamview|tui|all] [flags...]" >&2
    exit 2
    ;;
esac
