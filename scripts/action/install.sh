#!/usr/bin/env bash
# Step "install" of the nixsec GitHub Action (action.yml): provides the
# nixsec binary and writes its path as the step output "bin".
#
# In order of preference:
#   1. $NIXSEC_BIN, a binary already on the runner (set in the workflow's
#      env; the action's test uses it);
#   2. `go install github.com/nixsec/nixsec/cmd/nixsec@REF`, REF being the
#      version input, else the ref the workflow named the action by
#      (github.action_ref) when the action is nixsec/nixsec itself: a fork's
#      ref means nothing to the module proxy;
#   3. `go build` of the action's own checkout ($GITHUB_ACTION_PATH): a
#      local action (uses: ./), a fork, or go install failing.
#
# Inputs arrive only as environment variables (INPUT_VERSION,
# NIXSEC_ACTION_REF, NIXSEC_ACTION_REPOSITORY), never as ${{ }} in a
# script, where a value would become shell code.
set -euo pipefail

log() { printf 'nixsec install: %s\n' "$*" >&2; }

fail() {
	# A constant message: inputs are not echoed into a workflow command.
	printf '::error title=nixsec install::%s\n' "$1"
	exit 1
}

set_output() {
	case "$2" in *$'\n'* | *$'\r'*) fail "output $1 holds a line break" ;; esac
	if [ -n "${GITHUB_OUTPUT:-}" ]; then
		printf '%s=%s\n' "$1" "$2" >>"$GITHUB_OUTPUT"
	fi
}

# use BIN: BIN must run; it becomes the step's output.
use() {
	if ! version=$("$1" version 2>&1); then
		fail "the nixsec binary does not run (nixsec version failed)"
	fi
	log "using $1 ($version)"
	set_output bin "$1"
	exit 0
}

if [ -n "${NIXSEC_BIN:-}" ]; then
	if [ ! -f "$NIXSEC_BIN" ] || [ ! -x "$NIXSEC_BIN" ]; then
		fail "NIXSEC_BIN is not an executable file"
	fi
	use "$NIXSEC_BIN"
fi

command -v go >/dev/null 2>&1 ||
	fail "Go is needed to install nixsec: add actions/setup-go before this action, or set NIXSEC_BIN to a nixsec binary"

tmp=${RUNNER_TEMP:-${TMPDIR:-/tmp}}
gobin="$tmp/nixsec-bin"
mkdir -p "$gobin"

ref=${INPUT_VERSION:-}
if [ -z "$ref" ] && [ "${NIXSEC_ACTION_REPOSITORY:-}" = "nixsec/nixsec" ]; then
	ref=${NIXSEC_ACTION_REF:-}
fi
if [ -n "$ref" ]; then
	# A module query (v1.2.3, latest, a branch, a commit): nothing that go
	# could read as a flag or a path.
	[[ $ref =~ ^[A-Za-z0-9][A-Za-z0-9._/+-]*$ ]] || fail "the version input is not a version, branch or commit of nixsec"
	log "go install github.com/nixsec/nixsec/cmd/nixsec@$ref"
	if GOBIN="$gobin" go install "github.com/nixsec/nixsec/cmd/nixsec@$ref"; then
		use "$gobin/nixsec"
	fi
	if [ -n "${INPUT_VERSION:-}" ]; then
		# The workflow asked for this version: another one would be a surprise.
		fail "go install of the requested nixsec version failed"
	fi
	log "go install failed; building the action's checkout instead"
fi

src=${GITHUB_ACTION_PATH:-}
if [ -z "$src" ] || [ ! -f "$src/go.mod" ] || [ ! -d "$src/cmd/nixsec" ]; then
	fail "no nixsec source to build: GITHUB_ACTION_PATH is not a checkout of nixsec"
fi
log "go build ./cmd/nixsec in the action's checkout"
(cd "$src" && go build -o "$gobin/nixsec" ./cmd/nixsec) || fail "go build of the action's checkout failed"
use "$gobin/nixsec"
