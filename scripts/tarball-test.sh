#!/usr/bin/env bash
# What a user gets from npm: packs every publishable package, installs the tarballs into a
# project outside the workspace (one install, from the npm cache where it can), and runs the
# scenarios in scripts/tarball/scenarios.test.mjs against it: ESM and CJS consumers, strict
# type checks under TypeScript 5.9 and 7, the documented quick starts, the CLI end to end,
# and a link check of every Markdown file in each tarball.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
work=${TARBALL_WORK:-$(mktemp -d "${TMPDIR:-/tmp}/sessionkit-tarball-XXXXXX")}
mkdir -p "$work/tgz" "$work/app" "$work/unpacked"
rm -f "$work"/tgz/*.tgz

echo "== pack (in $work)"
npx turbo run build --output-logs=errors-only
npm pack --silent --pack-destination "$work/tgz" \
  -w packages/core -w packages/db -w packages/signed-cookie -w packages/conformance \
  -w packages/cache -w packages/cached-db >/dev/null
ls "$work/tgz"

echo "== links inside each tarball"
for tgz in "$work"/tgz/*.tgz; do
  dir="$work/unpacked/$(basename "$tgz" .tgz)"
  rm -rf "$dir" && mkdir -p "$dir" && tar xzf "$tgz" -C "$dir"
  node scripts/check-links.mjs "$dir/package"
done

echo "== install the tarballs into a fresh project"
cp -r scripts/tarball/app/. "$work/app/"
node scripts/tarball/write-package.mjs "$work/tgz" "$work/app/package.json"
started=$SECONDS
(cd "$work/app" && npm install --prefer-offline --no-audit --no-fund --loglevel=error)
echo "install: $((SECONDS - started)) s"

echo "== scenarios"
# tsx: the scenarios start memcached through the suites' own harness (tools/test-services).
TARBALL_APP="$work/app" node --import tsx --test --test-reporter=spec --test-concurrency=1 scripts/tarball/scenarios.test.mjs
[ -n "${TARBALL_WORK:-}" ] || rm -rf "$work"
