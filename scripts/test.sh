#!/usr/bin/env bash
# The whole test suite: Go unit tests, Rego rule tests (run from go test),
# and the slow end-to-end tests that evaluate real flakes with nix, build
# the binary and signal it. Installs nix-bin first when it is missing
# (Debian), since the end-to-end tests need it.
#
# Plain `go test ./...` is the fast suite: it skips the slow tests, which
# run only with NIXSEC_SLOW=1 (internal/testenv decides). This script sets
# it. Extra arguments go to go test, e.g. `bash scripts/test.sh -run Robust`.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v nix >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nix-bin >/dev/null
fi
export NIXSEC_SLOW=1
# -timeout is per test binary. The slowest, cmd/nixsec, takes about 7
# minutes under -race on a busy 2-core machine: 30m leaves headroom (Go's
# default of 10m did not).
# ./... skips directories named testdata: the fleet generator is listed.
go test -race -count=1 -timeout 30m ./... ./testdata/genflake/... "$@"
