#!/usr/bin/env bash
# What a user gets from npm: packs every publishable package, installs the tarballs into a
# project outside the workspace (one install, from the npm cache where it can), and runs the
# scenarios in scripts/tarball/scenarios.test.mjs against it: ESM and CJS consumers, strict
# type checks under TypeScript 5.9 and 7, the documented quick starts, the CLI end to end,
# and a link check of every Markdown file in each tarball. The scenarios run on the machine's
# Node, then on each Node in TARBALL_NODES (default "22 24"; empty for none), fetched from npm
# with better-sqlite3 rebuilt for it (scripts/lib/other-node.sh).
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

# tsx: the scenarios start memcached through the suites' own harness (tools/test-services).
# TARBALL_TYPES=0 leaves out the type checks: tsc's verdict on our .d.ts does not depend on the
# Node that runs tsc, so they run on the machine's Node only (about 17 s on each other Node).
scenarios() {
  TARBALL_APP="$work/app" TARBALL_TYPES="$2" "$1" --import tsx --test --test-reporter=spec --test-concurrency=1 \
    scripts/tarball/scenarios.test.mjs
}
echo "== scenarios on Node $(node --version)"
scenarios node 1

source scripts/lib/other-node.sh
app_addon="$work/app/node_modules/better-sqlite3/build/Release/better_sqlite3.node"
cp "$app_addon" "$work/machine-node.node"
started=$SECONDS
# shellcheck disable=SC2086 # the list of majors splits on purpose
other_node_addons "$work/app/node_modules/better-sqlite3" ${TARBALL_NODES-22 24}
echo "better-sqlite3 for Node ${TARBALL_NODES-22 24}: $((SECONDS - started)) s"
for major in ${TARBALL_NODES-22 24}; do
  started=$SECONDS
  nodedir=$(other_node_dir "$major")
  built=$(other_node_addon "$nodedir" "$work/app/node_modules/better-sqlite3")
  echo "== scenarios on Node $("$nodedir/bin/node" --version)"
  cp "$built" "$app_addon"
  # The CLI's `#!/usr/bin/env node` finds this Node first on PATH. The machine's build goes
  # back in place whatever the outcome, as a kept TARBALL_WORK is installed for that Node.
  status=0
  PATH="$nodedir/bin:$PATH" scenarios "$nodedir/bin/node" 0 || status=$?
  cp "$work/machine-node.node" "$app_addon"
  [ "$status" -eq 0 ] || exit "$status"
  echo "Node $major scenarios: $((SECONDS - started)) s"
done
[ -n "${TARBALL_WORK:-}" ] || rm -rf "$work"
