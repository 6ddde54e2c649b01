#!/usr/bin/env bash
# A cold check of a small flake against nix alone and against a
# hand-written pipeline: rounds of `nixsec check --no-cache` (the binary,
# its start included), nixsec's own nix calls run bare
# (BenchmarkFleetBare), the nix part of the pipeline
# (BenchmarkFleetPipeline) and the whole pipeline, that nix call piped
# into a policy process that compiles the same rules
# (BenchmarkFleetPipelineWhole), interleaved so that the machine's drift
# hits all four alike. Prints each round, then medians and the medians of
# the per-round ratios: the table of docs/performance.md ("A cold check
# of a small flake, against the pipeline"). Milliseconds.
#
#   scripts/bench-cold.sh                   # 10 light hosts, 9 rounds
#   MODULES=1900 ROUNDS=7 scripts/bench-cold.sh
#   BEFORE=1a6408a HOSTS=1 scripts/bench-cold.sh   # also an earlier nixsec
#
# With BEFORE=<git revision>, each round also checks with nixsec built
# from that revision, and the medians compare the two.
#
# Needs nix, git, go and bash 5.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/bench-lib.sh
. scripts/bench-lib.sh

HOSTS=${HOSTS:-10}
ROUNDS=${ROUNDS:-9}
MODULES=${MODULES:-0}
BEFORE=${BEFORE:-}
WORK=${WORK:-$(mktemp -d -t nixsec-cold.XXXXXX)}
echo "work directory: $WORK" >&2

go build -o "$WORK/genflake" ./testdata/genflake
go build -o "$WORK/nixsec" ./cmd/nixsec
go test -c -o "$WORK/cmd.test" ./cmd/nixsec
if [ -n "$BEFORE" ]; then
  build_before "$BEFORE"
fi
# The benchmarks look for fleet<N> in NIXSEC_BENCH_DIR.
flake=$(fleet "$HOSTS" "$MODULES")
fleets=$(dirname "$flake")
echo "hosts $HOSTS, modules $MODULES (genflake's imitation of NixOS), rounds $ROUNDS, $(nproc) CPUs" >&2

# ms START END: the milliseconds between two $EPOCHREALTIME readings.
ms() { awk -v s="$1" -v e="$2" 'BEGIN { printf "%d", (e - s) * 1000 }'; }
# check [BIN]: wall milliseconds of one cold check (exit 1: findings) by
# nixsec or BIN; on failure, what it printed.
check() {
  local s e code=0
  s=$EPOCHREALTIME
  timeout 600 "${1:-$WORK/nixsec}" check --no-cache --quiet "$flake" >/dev/null 2>"$WORK/check.err" || code=$?
  e=$EPOCHREALTIME
  if [ "$code" -gt 1 ]; then
    echo "nixsec check exited $code:" >&2
    cat "$WORK/check.err" >&2
    return 1
  fi
  ms "$s" "$e"
}
# bench NAME: ns/op of one iteration of BenchmarkFleetNAME (that one
# benchmark alone), in ms.
bench() {
  NIXSEC_BENCH_DIR="$fleets" NIXSEC_BENCH_HOSTS="$HOSTS" NIXSEC_REQUIRE_NIX=1 timeout 600 \
    "$WORK/cmd.test" -test.run '^$' -test.bench "^BenchmarkFleet$1\$/^hosts=$HOSTS\$" -test.benchtime 1x |
    awk '/^Benchmark/ { printf "%d\n", $3 / 1000000; found++ } END { if (found != 1) exit 1 }'
}
# median FORMAT: the median of the numbers on stdin.
median() {
  sort -g | awk -v f="$1" '{ v[NR] = $1 } END { printf f "\n", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
ratio() { awk -v x="$1" -v y="$2" 'BEGIN { printf "%.3f", x / y }'; }

c=() b=() p=() w=() rb=() rp=() rw=() cb=() rc=()
for i in $(seq "$ROUNDS"); do
  if [ -n "$BEFORE" ]; then
    x=$(check "$WORK/nixsec-before")
    cb+=("$x")
  fi
  x=$(check)
  c+=("$x")
  if [ -n "$BEFORE" ]; then
    rc+=("$(ratio "${c[-1]}" "${cb[-1]}")")
    echo "round $i: check before ($BEFORE) ${cb[-1]}"
  fi
  x=$(bench Bare)
  b+=("$x")
  x=$(bench Pipeline)
  p+=("$x")
  x=$(bench PipelineWhole)
  w+=("$x")
  rb+=("$(ratio "${c[-1]}" "${b[-1]}")")
  rp+=("$(ratio "${c[-1]}" "${p[-1]}")")
  rw+=("$(ratio "${c[-1]}" "${w[-1]}")")
  echo "round $i: check ${c[-1]}  bare ${b[-1]}  pipeline's nix ${p[-1]}  whole pipeline ${w[-1]}"
done
echo "medians: check $(printf '%s\n' "${c[@]}" | median %.1f)  bare $(printf '%s\n' "${b[@]}" | median %.1f)  pipeline's nix $(printf '%s\n' "${p[@]}" | median %.1f)  whole pipeline $(printf '%s\n' "${w[@]}" | median %.1f)"
echo "per-round ratios, medians: check/bare $(printf '%s\n' "${rb[@]}" | median %.3f)  check/pipeline's nix $(printf '%s\n' "${rp[@]}" | median %.3f)  check/whole pipeline $(printf '%s\n' "${rw[@]}" | median %.3f)"
if [ -n "$BEFORE" ]; then
  echo "check before ($BEFORE): median $(printf '%s\n' "${cb[@]}" | median %.1f); per-round ratio check/before, median $(printf '%s\n' "${rc[@]}" | median %.3f)"
fi
