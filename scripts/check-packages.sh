#!/usr/bin/env bash
# Builds every publishable package and checks its exports map with publint and attw,
# then loads each build through require() and import().
set -euo pipefail
cd "$(dirname "$0")/.."
npx turbo run build --output-logs=errors-only
for dir in packages/*/; do
  name=$(node -p "require('./${dir}package.json').name")
  echo "== ${name}"
  (cd "$dir" && npx publint --strict && npx attw --pack . --profile node16 --format table-flipped)
done
node scripts/smoke-dist.mjs
node packages/core/dist/cli.mjs --help >/dev/null && echo "sessionkit --help: ok"
