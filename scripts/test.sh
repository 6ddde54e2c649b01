#!/usr/bin/env bash
# The whole test suite: Go unit tests, Rego rule tests (run from go test),
# and end-to-end tests that evaluate real flakes with nix. Installs nix-bin
# first when it is missing (Debian), since the end-to-end tests need it.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v nix >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nix-bin >/dev/null
fi
# ./... skips directories named testdata: the fleet generator is listed.
go test -race -count=1 -timeout 30m ./... ./testdata/genflake/... "$@"
