#!/usr/bin/env bash
# The README's test command: types, lint, every jest project, and the conformance suite
# under vitest and node:test with their case counts checked.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== typecheck"
npx tsc -b
npx tsc -p tsconfig.test.json
npx tsc -p bench/tsconfig.json
echo "== lint"
npx biome lint .
echo "== layering (dependency-cruiser: the rules in ARCHITECTURE.md)"
npx depcruise packages/*/src examples/*/src --config .dependency-cruiser.cjs
echo "== links (every Markdown file: relative links and anchors)"
node scripts/check-links.mjs
echo "== bench harness (node:test)"
node --import tsx --test bench/src/harness/*.test.ts
echo "== jest (all workspaces)"
# --forceExit: a suite that leaves a handle open (a spawned server's socket, say) must not hang CI;
# jest still names it with its 'did not exit' warning.
npx jest --ci --verbose --forceExit
echo "== conformance under vitest and node:test"
node --import tsx --conditions=@sessionkit/source packages/conformance/test/check-runner-counts.mjs
echo "== load-and-fault gating subset (LF-1, LF-4, LF-10, LF-11, LF-13; at most 3 min; the rest: npm run test:fault)"
npm run fault -w @sessionkit/fault -- --gate
