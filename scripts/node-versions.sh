#!/usr/bin/env bash
# The engine, adapter, CLI, demo and conformance tests and the load-and-fault gate on Node 22
# and 24 LTS, beside the machine's Node 20. Each Node comes from npm and better-sqlite3 is
# rebuilt against it (scripts/lib/other-node.sh); that build is swapped in for the run and
# swapped back afterwards, so the Node 20 build stays.
# Usage: bash scripts/node-versions.sh [major ...] (default: 22 24).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
source scripts/lib/other-node.sh
majors=("${@:-22}")
[ $# -gt 0 ] || majors=(22 24)
work=$(mktemp -d "${TMPDIR:-/tmp}/sessionkit-node-XXXXXX")
addon=node_modules/better-sqlite3/build/Release/better_sqlite3.node
cp "$addon" "$work/node20.node"
restore() { cp "$work/node20.node" "$repo/$addon"; rm -rf "$work"; }
trap restore EXIT
other_node_addons "$repo/node_modules/better-sqlite3" "${majors[@]}"

# The subset: engines (db on SQLite and PostgreSQL, signed cookie, cache on Redis (one server,
# Sentinel with a failover, Cluster) and on Memcached through both clients, cached-db on SQLite
# and Redis, the example file engine), the cache engine's deadlines with its server killed under
# load (they rest on the runtime's sockets and timers), the demo (`npm run demo` as a user runs
# it, its API on each engine, in Chromium), every adapter, the CLI, MemoryEngine's
# heap behaviour (it depends on V8's GC), strict base64url (it relies on what Node's lenient
# decoder does), the conformance suite under jest, vitest and node:test, and the load-and-fault
# gate.
suites=(
  packages/db/test/conformance.sqlite-file.test.ts
  packages/db/test/conformance.pg.test.ts
  packages/db/test/engine.sqlite.test.ts
  packages/db/test/clear-expired.test.ts
  packages/signed-cookie/test/conformance.test.ts
  packages/cache/test/conformance.redis.test.ts
  packages/cache/test/conformance.redis-sentinel.test.ts
  packages/cache/test/conformance.redis-cluster.test.ts
  packages/cache/test/redis.test.ts
  packages/cache/test/memcached.test.ts
  packages/cache/test/memcached-client.test.ts
  packages/cache/test/fault.test.ts
  packages/cached-db/test/conformance.sqlite-redis.test.ts
  examples/file-engine/test/conformance.test.ts
  examples/demo/test
  packages/core/test/adapters
  packages/core/test/cli
  packages/core/test/engine/memory-engine-heap.test.ts
  packages/core/test/engine/lru-records.test.ts
  packages/core/test/signing/encoding.test.ts
)

for major in "${majors[@]}"; do
  started=$SECONDS
  echo "== Node ${major}"
  nodedir=$(other_node_dir "$major")
  bin="$nodedir/bin"
  "$bin/node" --version
  built=$(other_node_addon "$nodedir" "$repo/node_modules/better-sqlite3")
  cp "$built" "$repo/$addon"
  PATH="$bin:$PATH" "$bin/node" node_modules/jest/bin/jest.js --ci "${suites[@]}"
  # The conformance suite under vitest, node:test and jest, its case counts checked (as npm test).
  PATH="$bin:$PATH" "$bin/node" --import tsx --conditions=@sessionkit/source \
    packages/conformance/test/check-runner-counts.mjs
  # The load-and-fault gate of `npm test` (LF-1, LF-4, LF-10, LF-11, LF-13): its table only if it fails.
  if ! (cd tools/fault && PATH="$bin:$PATH" "$bin/node" --expose-gc --conditions=@sessionkit/source --import tsx \
    src/run.ts --gate >"$work/fault.log" 2>&1); then
    cat "$work/fault.log"
    exit 1
  fi
  echo "load-and-fault gate: $(tail -n 1 "$work/fault.log")"
  cp "$work/node20.node" "$repo/$addon"
  echo "Node ${major}: $((SECONDS - started)) s"
done
