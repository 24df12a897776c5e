#!/bin/sh
# The production path, one script for CI (.ci/run, on a clean clone) and for the image
# (Dockerfile), so that what CI proves is what the image does:
#
#   sh server/ship/production.sh build        npm ci with dev dependencies, then the build: dist/
#   sh server/ship/production.sh install DIR  a production install in DIR: package.json, the lock,
#                                             dist/ and this script, then `npm ci --omit=dev`; prints
#                                             its size and package count, fails over the budget
#   sh server/ship/production.sh serve        from an installed DIR (or a built clone): the server,
#                                             as production runs it (no TypeScript, no build check);
#                                             `serve ARGS…` runs node ARGS instead of the compiled
#                                             main.js, with the same flags (the benches' variants)
#   sh server/ship/production.sh check        build, install into a new folder, serve it there,
#                                             render one email, send one to the mailbox, stop
#
# Run from the repository (build, install, check) or the installed folder (serve); the paths are
# found from where this script lives, server/ship/ in both.
set -eu

root=$(cd "$(dirname "$0")/../.." && pwd)
# The production install's budget (node_modules, in MB): dist/ bundles every library but PGlite.
budget_mb=120

build() {
  cd "$root"
  npm ci --no-audit --no-fund --loglevel=error
  # npm ci built dist/ already (the `prepare` script); this only checks that it is complete.
  PATH="$root/node_modules/.bin:$PATH" node server/build.ts --if-stale
}

install_into() {
  dir=${1:?install needs a folder}
  [ -f "$root/dist/server/built" ] || { echo "production.sh: no complete dist/ in $root: run build first" >&2; exit 1; }
  # A new install each time: nothing of an earlier dist/ (its old chunks) stays behind.
  rm -rf "$dir/dist" "$dir/node_modules"
  mkdir -p "$dir/server/ship"
  cp "$root/package.json" "$root/package-lock.json" "$dir/"
  cp -R "$root/dist" "$dir/"
  cp "$root/server/ship/production.sh" "$dir/server/ship/"
  (cd "$dir" && npm ci --omit=dev --no-audit --no-fund --loglevel=error)
  # Readable by the user that runs it, whoever installed it: initdb writes the store's seed 0600,
  # and a server that is not its owner (the image's user node) could not copy it to a new DATA_DIR.
  chmod -R a+rX "$dir"
  kb=$(du -sk "$dir/node_modules" | cut -f1)
  mb=$(((kb + 1023) / 1024))
  packages=$(cd "$dir" && npm ls --omit=dev --all --parseable 2>/dev/null | tail -n +2 | wc -l | tr -d ' ')
  dist_mb=$(($(du -sk "$dir/dist" | cut -f1) / 1024))
  echo "production dependencies: ${mb} MB in ${packages} packages (budget ${budget_mb} MB); dist/: ${dist_mb} MB"
  [ "$mb" -le "$budget_mb" ] || { echo "production.sh: over the budget of ${budget_mb} MB" >&2; exit 1; }
}

serve() {
  cd "$root"
  if [ $# -eq 0 ]; then
    [ -f dist/server/main.js ] || { echo "production.sh: no dist/ in $root: run build (and install) first" >&2; exit 1; }
    set -- dist/server/main.js
  fi
  # glibc: two malloc arenas and an early trim keep the native heap small; a larger young
  # generation halves the time spent in scavenges under load; WebAssembly (the embedded store,
  # PGlite) stays on V8's baseline compiler: optimizing one of PGlite's functions took 2 s of CPU
  # and 600 MB at every start (README, Memory and start-up).
  export NODE_ENV=production MALLOC_ARENA_MAX=2 MALLOC_TRIM_THRESHOLD_=1048576
  exec node --enable-source-maps --max-semi-space-size=16 --liftoff-only "$@"
}

check() {
  build
  dir=$(mktemp -d "${TMPDIR:-/tmp}/activation-mail-production.XXXXXX")
  trap 'rm -rf "$dir"' EXIT
  install_into "$dir"
  PATH="$root/node_modules/.bin:$PATH" node "$root/server/ship/smoke.ts" "$dir"
}

case "${1:-}" in
  build) build ;;
  install) install_into "${2:-}" ;;
  serve)
    shift
    serve "$@"
    ;;
  check) check ;;
  *)
    echo "usage: sh server/ship/production.sh build | install DIR | serve | check" >&2
    exit 2
    ;;
esac
