#!/usr/bin/env bash
# Tests of the GitHub Action (action.yml, scripts/action/): shellcheck on
# its scripts, then cmd/nixsec/action_test.go, which runs the action's
# shell steps as a runner does, on the examples with real nix. Needs
# python3 (the job summary), nix and Go; shellcheck when installed
# (apt-get install shellcheck). Extra arguments go to go test.
set -euo pipefail
cd "$(dirname "$0")/.."
if command -v shellcheck >/dev/null 2>&1; then
	shellcheck -x scripts/action/*.sh scripts/test-action.sh
else
	echo "shellcheck is not installed: skipped" >&2
fi
# Syntax only; py_compile would leave __pycache__ in the checkout.
python3 -c 'import ast, sys; ast.parse(open(sys.argv[1]).read(), sys.argv[1])' scripts/action/summary.py
NIXSEC_SLOW=1 go test -count=1 -run Action ./cmd/nixsec "$@"
