#!/usr/bin/env bash
# Step "run" of the nixsec GitHub Action (action.yml).
#
# Evaluates the flake once (nixsec eval, the slow part: nix), then checks
# the evaluated document three times without nix (check --from-json, with
# the same flags each time): the annotations (--format github) on stdout,
# the JSON report and the SARIF file in $RUNNER_TEMP. Appends a Markdown
# summary to $GITHUB_STEP_SUMMARY (summary.py) and writes the step outputs
# json, sarif (only when the file was written) and exit-code.
#
# Exits with the gate's code: 0 pass, 1 findings at or above fail-on,
# 2 error (an evaluation that is not complete never passes). action.yml
# lets the step succeed and fails the job in its last step, after the
# SARIF upload.
#
# Inputs arrive only as environment variables, never as ${{ }} in a
# script, where a value would become shell code:
#   NIXSEC            the binary (the install step's output; default
#                     $NIXSEC_BIN, else nixsec on PATH)
#   INPUT_FLAKE       flake reference (default ".")
#   INPUT_FAIL_ON     --fail-on (default: the config file's, else low)
#   INPUT_PROFILE     --profile (default: the config file's, else server)
#   INPUT_POLICY      --policy directories, one a line
#   INPUT_CONFIG      --config file
#   INPUT_BASELINE    --baseline file
#   INPUT_UNTRUSTED   "true" for --untrusted
# Every value is passed as --flag=VALUE and the flake after "--", so that
# no input can turn into another flag.
#
# What nixsec prints is escaped by nixsec: flake-controlled text cannot
# issue workflow commands. This script prints only constant text.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
nixsec=${NIXSEC:-${NIXSEC_BIN:-nixsec}}
tmp=${RUNNER_TEMP:-}
if [ -z "$tmp" ]; then
	tmp=$(mktemp -d)
fi
doc="$tmp/nixsec-eval.json"
json="$tmp/nixsec.json"
sarif="$tmp/nixsec.sarif"
# A file left by an earlier run in this job must not pass for this one's.
rm -f "$doc" "$json" "$sarif"

log() { printf 'nixsec action: %s\n' "$*" >&2; }

set_output() {
	case "$2" in *$'\n'* | *$'\r'*)
		log "output $1 not set: its value holds a line break"
		return
		;;
	esac
	if [ -n "${GITHUB_OUTPUT:-}" ]; then
		printf '%s=%s\n' "$1" "$2" >>"$GITHUB_OUTPUT"
	fi
}

summary() {
	if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
		cat >>"$GITHUB_STEP_SUMMARY"
	else
		cat >/dev/null
	fi
}

# finish CODE [MESSAGE]: outputs, a summary without a report when there
# is none, and the exit code.
finish() {
	local code=$1
	set_output exit-code "$code"
	if [ -s "$json" ]; then
		set_output json "$json"
	fi
	if [ -s "$sarif" ]; then
		set_output sarif "$sarif"
	fi
	if [ -s "$json" ]; then
		if ! command -v python3 >/dev/null 2>&1; then
			printf '::warning title=nixsec::python3 is not on PATH: no job summary\n'
		elif ! python3 "$here/summary.py" --exit-code="$code" --flake="$flake" -- "$json" >"$tmp/nixsec-summary.md"; then
			printf '::warning title=nixsec::the job summary could not be written\n'
		else
			summary <"$tmp/nixsec-summary.md"
		fi
	elif [ -n "${2:-}" ]; then
		printf '### nixsec: error\n\n%s\n' "$2" | summary
	fi
	exit "$code"
}

flake=${INPUT_FLAKE:-.}
[ -n "$flake" ] || flake=.

# Flags of both eval and check.
common=()
if [ -n "${INPUT_PROFILE:-}" ]; then
	common+=("--profile=$INPUT_PROFILE")
fi
untrusted=false
case "${INPUT_UNTRUSTED:-false}" in
true)
	untrusted=true
	common+=(--untrusted)
	;;
false | "") ;;
*)
	printf '::error title=nixsec::the input untrusted must be "true" or "false"\n'
	finish 2 "The input untrusted must be true or false."
	;;
esac
while IFS= read -r dir || [ -n "$dir" ]; do
	# Trim blanks (and the CR of a file with CRLF line ends).
	dir=${dir#"${dir%%[![:space:]]*}"}
	dir=${dir%"${dir##*[![:space:]]}"}
	if [ -n "$dir" ]; then
		common+=("--policy=$dir")
	fi
done <<<"${INPUT_POLICY:-}"

# The config file. nixsec eval would find it by itself, but check
# --from-json has no flake to look beside: name the file both find, as
# nixsec looks for it (cmd/nixsec/config.go: the current directory, then
# a local flake's directory). Untrusted, only a named file is read.
config=${INPUT_CONFIG:-}
if [ -z "$config" ] && [ "$untrusted" = false ]; then
	dirs=(.)
	# A path, as nixsec tells (flakeref.IsPath): no "scheme:" in front.
	if { [[ $flake == [/.]* ]] || ! [[ $flake =~ ^[A-Za-z][A-Za-z0-9+.-]*: ]]; } && [ -d "$flake" ]; then
		abs=$(cd -- "$flake" && pwd)
		if [ "$abs" != "$(pwd)" ]; then
			dirs+=("$abs")
		fi
	fi
	for d in "${dirs[@]}"; do
		for n in .nixsec.toml .nixsec.yaml .nixsec.yml; do
			p=$n
			if [ "$d" != . ]; then
				p="$d/$n"
			fi
			if [ -z "$config" ] && [ -f "$p" ]; then
				config=$p
			fi
		done
	done
fi
if [ -n "$config" ]; then
	common+=("--config=$config")
fi

# Flags of check only.
gate=()
if [ -n "${INPUT_FAIL_ON:-}" ]; then
	gate+=("--fail-on=$INPUT_FAIL_ON")
fi
if [ -n "${INPUT_BASELINE:-}" ]; then
	gate+=("--baseline=$INPUT_BASELINE")
fi

log "nixsec eval (untrusted: $untrusted)"
"$nixsec" eval "${common[@]}" "--output=$doc" -- "$flake"
eval_code=$?
if [ ! -s "$doc" ]; then
	printf '::error title=nixsec::nixsec could not evaluate the flake (exit code %d); its message is in the log above\n' "$eval_code"
	finish 2 "nixsec could not evaluate the flake (exit code $eval_code); nixsec's message is in the step's log."
fi

check() { "$nixsec" check "--from-json=$doc" "${common[@]}" "${gate[@]}" "$@"; }
check --format=json "--output=$json"
code=$?
check --format=github
github_code=$?
check --format=sarif "--output=$sarif"
sarif_code=$?

# The gate: the worst of the three (they agree unless writing one
# failed), and an error when eval reported a host it could not evaluate
# completely (its exit code 2; the reports have the host's errors).
for c in "$github_code" "$sarif_code"; do
	if [ "$c" -gt "$code" ]; then
		code=$c
	fi
done
if [ "$eval_code" -ne 0 ] && [ "$code" -lt 2 ]; then
	code=2
fi
if [ "$code" -gt 2 ]; then
	code=2
fi
finish "$code"
