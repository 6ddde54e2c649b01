#!/usr/bin/env bash
# Validates SARIF files with the Microsoft SARIF Multitool: the SARIF 2.1.0
# schema plus its correctness rules (SARIF1xxx, SARIF2xxx).
#
#   scripts/sarif-validate.sh FILE.sarif...
#
# The multitool exits 0 even when it reports errors, so this script fails
# when its output has a ": error " line. The npm package (it downloads a
# platform binary of over 100 MB) is installed once into a cache directory:
# $NIXSEC_SARIF_CACHE, else $XDG_CACHE_HOME/nixsec/sarif-multitool, else
# ~/.cache/nixsec/sarif-multitool. SARIF_MULTITOOL_VERSION pins the version.
set -euo pipefail

if [ "$#" -eq 0 ]; then
	echo "usage: $0 FILE.sarif..." >&2
	exit 2
fi

version="${SARIF_MULTITOOL_VERSION:-5.7.0}"
cache="${NIXSEC_SARIF_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/nixsec/sarif-multitool}"
tool="$cache/node_modules/.bin/sarif-multitool"

if [ ! -x "$tool" ] || [ "$(cat "$cache/.version" 2>/dev/null)" != "$version" ]; then
	mkdir -p "$cache"
	echo "installing @microsoft/sarif-multitool@$version into $cache" >&2
	npm install --prefix "$cache" --no-save --no-audit --no-fund --loglevel=error \
		"@microsoft/sarif-multitool@$version" >&2
	echo "$version" >"$cache/.version"
fi

status=0
for file in "$@"; do
	if [ ! -f "$file" ]; then
		echo "$file: no such file" >&2
		status=1
		continue
	fi
	# npx, run in the cache directory, finds the installed package there.
	# Its launcher passes the arguments through a shell: quote the path.
	out="$(cd "$cache" && npx --yes "@microsoft/sarif-multitool@$version" validate "$(printf '%q' "$(realpath "$file")")" 2>&1)" || {
		echo "$out"
		echo "$file: sarif-multitool failed" >&2
		status=1
		continue
	}
	echo "$out"
	if grep -q ': error ' <<<"$out"; then
		echo "$file: invalid SARIF (errors above)" >&2
		status=1
	fi
done
exit "$status"
