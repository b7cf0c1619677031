#!/bin/bash
# Instructions per operation of one cache / cached-db contender, in the client process only
# (the servers run out of process), load-independent: see count-ops.ts.
#   bash src/tools/count-ops.sh <contender> <N> [inFlight] [load+save|load]    (from bench/)
# Runs N operations to warm up, zeroes callgrind's counters, runs N more, dumps, divides by N.
# Also prints the main thread's share (node::Start, inclusive): the total includes V8's background
# TurboFan threads, whose compiling lands in the measured window in one run and not in the next
# (half of one raw-cdb run's total), so compare the main thread's count across runs. With
# COUNT_NODE_FLAGS=--predictable TurboFan compiles on the main thread; its share (printed apart:
# 170-320k per operation in a 1,000-operation window, more for the larger code) is JIT noise,
# so compare main minus TurboFan.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=$(mktemp -u /tmp/count-ops.XXXXXX)
coproc VG { COUNT_HANDSHAKE=1 exec nice -n 19 valgrind --tool=callgrind --callgrind-out-file="$out" \
  node ${COUNT_NODE_FLAGS:-} --conditions=@sessionkit/source --import tsx src/tools/count-ops.ts "$@" 2>/dev/null; }
pid=$VG_PID
read -r _ <&"${VG[0]}"
callgrind_control -z "$pid" >/dev/null
echo go >&"${VG[1]}"
read -r _ <&"${VG[0]}"
callgrind_control -d "$pid" >/dev/null
echo go >&"${VG[1]}"
wait "$pid" || true
# `|| true`: head and awk stop reading early, and the writer's SIGPIPE would end the script (pipefail).
total=$(grep -hE '^(summary|totals):' "$out".* | head -1 | awk '{print $2}' || true)
inclusive=$(callgrind_annotate --inclusive=yes "$(ls "$out".* | head -1)" 2>/dev/null || true)
main=$(awk '/node::Start\(int, char\*\*\)/ { gsub(",", "", $1); print $1; exit }' <<<"$inclusive")
turbofan=$(awk '/Runtime_CompileOptimized\(/ { gsub(",", "", $1); print $1; exit }' <<<"$inclusive")
rm -f "$out" "$out".*
echo "$*: $((total / $2)) instructions/op, main thread $((${main:-0} / $2)) (TurboFan compiling $((${turbofan:-0} / $2)))"
