#!/usr/bin/env bash
# A cold check of a small flake against nix alone: rounds of `nixsec check
# --no-cache` (the binary, its start included), nixsec's own nix calls run
# bare (BenchmarkFleetBare) and the nix part of a hand-written pipeline
# (BenchmarkFleetPipeline), interleaved so that the machine's drift hits
# all three alike. Prints each round, then medians and the medians of the
# per-round ratios: the table of docs/performance.md ("A cold check of a
# small flake, against the pipeline"). Milliseconds.
#
#   scripts/bench-cold.sh                   # 10 light hosts, 9 rounds
#   MODULES=1900 ROUNDS=7 scripts/bench-cold.sh
#
# Needs nix, git, go and bash 5.
set -euo pipefail
cd "$(dirname "$0")/.."

HOSTS=${HOSTS:-10}
ROUNDS=${ROUNDS:-9}
MODULES=${MODULES:-0}
WORK=${WORK:-$(mktemp -d -t nixsec-cold.XXXXXX)}
echo "work directory: $WORK" >&2

go build -o "$WORK/genflake" ./testdata/genflake
go build -o "$WORK/nixsec" ./cmd/nixsec
go test -c -o "$WORK/cmd.test" ./cmd/nixsec
flake="$WORK/fleet$HOSTS"
[ -e "$flake/flake.nix" ] || "$WORK/genflake" -hosts "$HOSTS" -modules "$MODULES" -out "$flake" >/dev/null

# check: wall milliseconds of one cold check (exit 1: findings).
check() {
  local s e code=0
  s=$(date +%s%N)
  timeout 600 "$WORK/nixsec" check --no-cache --quiet "$flake" >/dev/null 2>&1 || code=$?
  e=$(date +%s%N)
  if [ "$code" -gt 1 ]; then
    echo "nixsec check exited $code" >&2
    exit 1
  fi
  echo $(((e - s) / 1000000))
}
# bench NAME: ns/op of one iteration of BenchmarkFleetNAME, in ms.
bench() {
  NIXSEC_BENCH_DIR="$WORK" NIXSEC_BENCH_HOSTS="$HOSTS" NIXSEC_REQUIRE_NIX=1 timeout 600 \
    "$WORK/cmd.test" -test.run '^$' -test.bench "Fleet$1/hosts=$HOSTS\$" -test.benchtime 1x |
    awk '/^Benchmark/ { printf "%d\n", $3 / 1000000; found = 1 } END { if (!found) exit 1 }'
}
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

c=() b=() p=() rb=() rp=()
for i in $(seq "$ROUNDS"); do
  c+=("$(check)") b+=("$(bench Bare)") p+=("$(bench Pipeline)")
  rb+=("$(awk -v x="${c[-1]}" -v y="${b[-1]}" 'BEGIN { printf "%.3f", x / y }')")
  rp+=("$(awk -v x="${c[-1]}" -v y="${p[-1]}" 'BEGIN { printf "%.3f", x / y }')")
  echo "round $i: check ${c[-1]}  bare ${b[-1]}  pipeline ${p[-1]}"
done
echo "medians: check $(printf '%s\n' "${c[@]}" | median)  bare $(printf '%s\n' "${b[@]}" | median)  pipeline $(printf '%s\n' "${p[@]}" | median)"
echo "per-round ratios, medians: check/bare $(printf '%s\n' "${rb[@]}" | median)  check/pipeline $(printf '%s\n' "${rp[@]}" | median)"
