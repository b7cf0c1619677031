#!/usr/bin/env bash
# Mutation testing of the conformance suite (StrykerJS over MemoryEngine and the example file
# engine). Slow, so it stays out of CI and out of the install: Stryker is fetched here, on
# demand, without touching package.json or the lockfile.
set -euo pipefail
cd "$(dirname "$0")/.."
stryker=(@stryker-mutator/core@9.6.1 @stryker-mutator/jest-runner@9.6.1)
if ! node -e "require.resolve('@stryker-mutator/core/package.json'); require.resolve('@stryker-mutator/jest-runner/package.json')" 2>/dev/null; then
  echo "== installing ${stryker[*]} (not saved)"
  npm install --no-save --no-audit --no-fund --loglevel=error "${stryker[@]}"
fi
for config in memory file-engine; do
  nice -n 10 npx stryker run "packages/conformance/mutation/${config}.stryker.json"
done
