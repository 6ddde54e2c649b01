#!/usr/bin/env bash
# A check after an edit (what a pre-commit hook does): each run follows an
# edit of one host's file that nix sees, so the resolution and that host
# are not cached, while the rules' selection is. For nixsec as checked out
# and, with BEFORE=<git revision>, an earlier nixsec built from that
# revision, the runs of the two alternating; with NOCACHE=1 every run is
# `--no-cache` instead (a cold check). Prints the medians of COUNT runs:
# wall milliseconds and nixsec's own CPU (`--stats`' cpu row).
#
#   scripts/bench-edit.sh                       # 1 light host
#   BEFORE=1a6408a HOSTS=3 COUNT=21 scripts/bench-edit.sh
#   BEFORE=1a6408a NOCACHE=1 scripts/bench-edit.sh
#
# Each nixsec gets its own cache directory, filled by a first run that is
# not counted. Needs nix, git, go and bash 5.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/bench-lib.sh
. scripts/bench-lib.sh

HOSTS=${HOSTS:-1}
COUNT=${COUNT:-15}
MODULES=${MODULES:-0}
BEFORE=${BEFORE:-}
NOCACHE=${NOCACHE:-}
WORK=${WORK:-$(mktemp -d -t nixsec-edit.XXXXXX)}
echo "work directory: $WORK" >&2

build_bins
flake=$(fleet "$HOSTS" "$MODULES")
host=$(find "$flake/hosts" -name '*.nix' | sort | head -1)
flags=(--quiet --stats)
[ -n "$NOCACHE" ] && flags+=(--no-cache)
echo "hosts $HOSTS, modules $MODULES, runs $COUNT, ${NOCACHE:+no cache, }$(nproc) CPUs" >&2

median() { sort -g | awk '{ v[NR] = $1 } END { printf "%.1f\n", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
declare -A wall cpu
for b in $bins; do
  XDG_CACHE_HOME="$WORK/cache-$b" "$WORK/nixsec-$b" check --quiet "$flake" >/dev/null 2>&1 || true # fills the cache
  wall[$b]="" cpu[$b]=""
done
for i in $(seq "$COUNT"); do
  for b in $bins; do
    echo "# edit $i $b" >>"$host"
    code=0
    s=$EPOCHREALTIME
    XDG_CACHE_HOME="$WORK/cache-$b" "$WORK/nixsec-$b" check "${flags[@]}" "$flake" >/dev/null 2>"$WORK/stats-$b" || code=$?
    e=$EPOCHREALTIME
    if [ "$code" -gt 1 ]; then
      echo "nixsec ($b) exited $code:" >&2
      cat "$WORK/stats-$b" >&2
      exit 1
    fi
    wall[$b]+="$(awk -v s="$s" -v e="$e" 'BEGIN { printf "%d", (e - s) * 1000 }') "
    cpu[$b]+="$(awk '$1 == "cpu" { print $2 }' "$WORK/stats-$b") "
  done
done
echo
echo "## A check after an edit (milliseconds, medians of $COUNT)"
echo
echo "| nixsec | wall | nixsec's CPU |"
echo "| --- | ---: | ---: |"
for b in $bins; do
  name=$b
  [ "$b" = before ] && name="before ($BEFORE)"
  echo "| $name | $(tr ' ' '\n' <<<"${wall[$b]}" | grep . | median) | $(tr ' ' '\n' <<<"${cpu[$b]}" | grep . | median) |"
done
