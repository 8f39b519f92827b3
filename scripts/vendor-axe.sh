#!/usr/bin/env bash
# Vendors axe-core (the accessibility rules engine the browser tests run, tests/browser/
# test_accessibility.py) from the npm registry into tests/browser/vendor/: only for the tests,
# never served by the application. `make axe` runs it; change AXE_VERSION to upgrade, run it,
# and commit axe.min.js, LICENSE and VERSION together. `npm pack` checks the tarball against the
# registry's integrity hash; the hash is written to VERSION so a review sees what came in.
set -euo pipefail

AXE_VERSION="${AXE_VERSION:-4.14.1}"
HERE="$(cd "$(dirname "$0")/.." && pwd)"
TARGET="$HERE/tests/browser/vendor"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

command -v npm >/dev/null 2>&1 || { echo "npm is needed to vendor axe-core" >&2; exit 1; }
(cd "$WORK" && npm pack --silent --json "axe-core@$AXE_VERSION" >pack.json)
TARBALL="$WORK/axe-core-$AXE_VERSION.tgz"
INTEGRITY="$(node -e 'console.log(require(process.argv[1])[0].integrity)' "$WORK/pack.json")"
tar -xzf "$TARBALL" -C "$WORK"
mkdir -p "$TARGET"
cp "$WORK/package/axe.min.js" "$TARGET/axe.min.js"
cp "$WORK/package/LICENSE" "$TARGET/LICENSE"
printf 'axe-core %s\n%s\nfrom https://registry.npmjs.org/axe-core by scripts/vendor-axe.sh\n' \
  "$AXE_VERSION" "$INTEGRITY" >"$TARGET/VERSION"
echo "axe-core $AXE_VERSION vendored into tests/browser/vendor/ ($INTEGRITY)"
