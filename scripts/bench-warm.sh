#!/usr/bin/env bash
# Re-checking an unchanged fleet (what a pre-commit hook and an editor do),
# for nixsec as checked out and, with
# BEFORE=<git revision>, for an earlier nixsec built from that revision;
# prints the tables of docs/performance.md ("Re-checking an unchanged
# fleet"): medians of COUNT runs, wall seconds.
#
#   scripts/bench-warm.sh                          # 40 and 1000 light hosts
#   BEFORE=0f1e17f COUNT=9 scripts/bench-warm.sh
#   HOSTS="40" MODULES=1900 scripts/bench-warm.sh  # NixOS-sized hosts
#
# Each nixsec gets its own cache directory; the first run of each fills it
# and is not counted. Needs nix, git, go and bash 5.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/bench-lib.sh
. scripts/bench-lib.sh

HOSTS=${HOSTS:-"40 1000"}
COUNT=${COUNT:-7}
MODULES=${MODULES:-0}
BEFORE=${BEFORE:-}
WORK=${WORK:-$(mktemp -d -t nixsec-warm.XXXXXX)}
echo "work directory: $WORK" >&2

build_bins
declare -A flakes
for n in $HOSTS; do
  flakes[$n]=$(fleet "$n" "$MODULES")
done

# median: the middle of the numbers on stdin.
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# timed BIN ARGS...: wall seconds of one run, to the millisecond (exit 1,
# findings, is expected).
timed() {
  local start=$EPOCHREALTIME
  "$@" >/dev/null 2>&1 || true
  awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.3f\n", b - a }'
}

# The binaries' runs alternate, so that a machine growing busier or
# quieter during the runs weighs on both alike.
declare -A warm times
for n in $HOSTS; do
  for b in $bins; do
    XDG_CACHE_HOME="$WORK/cache-$b" timed "$WORK/nixsec-$b" check --quiet "${flakes[$n]}" >/dev/null # fills the cache
    times[$b,$n]=""
  done
  for _ in $(seq "$COUNT"); do
    for b in $bins; do
      times[$b,$n]+="$(XDG_CACHE_HOME="$WORK/cache-$b" timed "$WORK/nixsec-$b" check --quiet "${flakes[$n]}") "
    done
  done
  for b in $bins; do
    warm[$b,$n]=$(tr ' ' '\n' <<<"${times[$b,$n]}" | grep . | median)
    echo "warm $b $n hosts: ${warm[$b,$n]} s (runs: ${times[$b,$n]})" >&2
  done
done
echo
echo "## Re-checking an unchanged fleet (wall seconds, median of $COUNT; stand-in NixOS modules per host: $MODULES)"
echo
if [ -n "$BEFORE" ]; then
  echo "| hosts | before ($BEFORE) | after | after / before |"
  echo "| ---: | ---: | ---: | ---: |"
  for n in $HOSTS; do
    echo "| $n | ${warm[before,$n]} | ${warm[after,$n]} | $(awk -v a="${warm[after,$n]}" -v b="${warm[before,$n]}" 'BEGIN { printf "%.2fx", a / b }') |"
  done
else
  echo "| hosts | warm re-check |"
  echo "| ---: | ---: |"
  for n in $HOSTS; do echo "| $n | ${warm[after,$n]} |"; done
fi
