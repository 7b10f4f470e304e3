#!/bin/sh
# Puts a Node 22 binary where node-22.test.ts looks (~/.cache/convstudio/node22/bin/node, or the
# folder given as $1), so this package's node:sqlite driver is tested on a machine whose own Node
# is 20. The binary comes from the npm registry: the `node-<os>-<arch>` packages (the ones the
# `node` package installs) hold the official builds. Needs only npm and tar.
#   sh packages/lab-store/scripts/fetch-node22.sh && npx nx run lab-store:test
set -eu
version="${NODE22_VERSION:-22}"
dest="${1:-$HOME/.cache/convstudio/node22}"
case "$(uname -s)" in Linux) os=linux ;; Darwin) os=darwin ;; *) echo "fetch-node22: no npm package of Node for $(uname -s)" >&2; exit 1 ;; esac
case "$(uname -m)" in x86_64 | amd64) arch=x64 ;; aarch64 | arm64) arch=arm64 ;; *) echo "fetch-node22: no npm package of Node for $(uname -m)" >&2; exit 1 ;; esac
if [ -x "$dest/bin/node" ] && "$dest/bin/node" -e 'process.exit(process.getBuiltinModule?.("node:sqlite") ? 0 : 1)' 2>/dev/null; then
  echo "fetch-node22: $dest/bin/node ($("$dest/bin/node" --version)) is already there"
  exit 0
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "node-$os-$arch@$version" >/dev/null)
mkdir -p "$dest"
tar -xzf "$work"/node-"$os"-"$arch"-*.tgz -C "$dest" --strip-components=1
"$dest/bin/node" -e 'if (!process.getBuiltinModule?.("node:sqlite")) { console.error("fetch-node22: this Node has no node:sqlite"); process.exit(1); }' 2>/dev/null
echo "fetch-node22: $dest/bin/node ($("$dest/bin/node" --version))"
