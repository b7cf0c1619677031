#!/bin/bash
# Instructions per operation of one cache / cached-db contender, in the client process only
# (the servers run out of process), load-independent: see count-ops.ts.
#   bash src/tools/count-ops.sh <contender> <N> [inFlight] [load+save|load]    (from bench/)
# <contender> is a short name from count-ops.ts (ours-memcached-plain, raw-cdb, ...); another is refused with the list.
# Runs N operations to warm up, zeroes callgrind's counters, runs N more, dumps, divides by N.
# Also prints the main thread's share (node::Start, inclusive): the total includes V8's background
# TurboFan threads, whose compiling lands in the measured window in one run and not in the next
# (half of one raw-cdb run's total), so compare the main thread's count across runs. With
# COUNT_NODE_FLAGS=--predictable compiles run on the main thread: compare "steady" (main thread
# without TurboFan's optimizing compiles, which land in the window unevenly).
set -euo pipefail
cd "$(dirname "$0")/../.."
out=$(mktemp -u /tmp/count-ops.XXXXXX)
# valgrind's own messages go to /dev/null; the script's stderr (its CPU line, or an unknown
# contender's error with the list of names) still reaches the terminal.
coproc VG { COUNT_HANDSHAKE=1 exec nice -n 19 valgrind --tool=callgrind --log-file=/dev/null --callgrind-out-file="$out" \
  node ${COUNT_NODE_FLAGS:-} --conditions=@sessionkit/source --import tsx src/tools/count-ops.ts "$@"; }
pid=$VG_PID
read -r _ <&"${VG[0]}"
callgrind_control -z "$pid" >/dev/null
echo go >&"${VG[1]}"
read -r _ <&"${VG[0]}"
callgrind_control -d "$pid" >/dev/null
echo go >&"${VG[1]}"
wait "$pid" || true
total=$(grep -hE '^(summary|totals):' "$out".* | awk 'NR == 1 {print $2}')
# awk reads to the end: exiting early would kill callgrind_annotate with SIGPIPE, and pipefail
# then ended this script silently before the echo (intermittently).
inclusive() {
  callgrind_annotate --inclusive=yes --threshold=100 "$(ls "$out".* | head -1)" 2>/dev/null |
    awk -v pattern="$1" '!found && index($0, pattern) { gsub(",", "", $1); print $1; found = 1 }'
}
main=$(inclusive 'node::Start(int, char**)')
# TurboFan still compiles inside a window of a few thousand operations (tens of thousands of
# instructions per op, varying between runs); "steady" leaves optimizing compiles out.
compiles=$(inclusive 'v8::internal::Runtime_CompileOptimized(')
rm -f "$out" "$out".*
echo "$*: $((total / $2)) instructions/op, main thread $((${main:-0} / $2)), steady $(((${main:-0} - ${compiles:-0}) / $2))"
