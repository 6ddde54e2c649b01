#!/usr/bin/env bash
# Benchmarks nixsec on generated fleets (testdata/genflake) and prints the
# table of docs/performance.md: medians of COUNT runs.
#
#   scripts/bench.sh                    # 1, 10 and 100 hosts, 3 runs each
#   HOSTS="1 10 100 1000" COUNT=5 scripts/bench.sh
#   MEM_HOSTS=1000 FULL_MEM=1 scripts/bench.sh   # also a full 1000-host run under /usr/bin/time
#   MODULES=1900 scripts/bench.sh       # hosts import 1900 stand-ins for NixOS's module list
#   HOSTS=1000 COUNT=1 FLEET_BENCH='Fleet(Check|Bare)' scripts/bench.sh
#
# Needs nix, git, go; /usr/bin/time (Debian: apt-get install time) for the
# memory rows.
set -euo pipefail
cd "$(dirname "$0")/.."

HOSTS=${HOSTS:-"1 10 100"}
COUNT=${COUNT:-3}
MEM_HOSTS=${MEM_HOSTS:-1000}
FULL_MEM=${FULL_MEM:-0}
MODULES=${MODULES:-0}
FLEET_BENCH=${FLEET_BENCH:-'Fleet(Check|Cached|Bare|Batch|Naive)'} # e.g. 'Fleet(Check|Bare)' for 1000 hosts
WORK=${WORK:-$(mktemp -d -t nixsec-bench.XXXXXX)}
echo "work directory: $WORK" >&2

go build -o "$WORK/genflake" ./testdata/genflake
go build -o "$WORK/nixsec" ./cmd/nixsec
go test -c -o "$WORK/cmd.test" ./cmd/nixsec
for n in $HOSTS; do
  [ -e "$WORK/fleet$n/flake.nix" ] || "$WORK/genflake" -hosts "$n" -modules "$MODULES" -out "$WORK/fleet$n"
done
sizes=$(echo $HOSTS | tr ' ' ',')

# ---- go test -bench: every benchmark once per run, COUNT runs.
(cd cmd/nixsec && NIXSEC_BENCH_DIR="$WORK" NIXSEC_BENCH_HOSTS="$sizes" \
  "$WORK/cmd.test" -test.run '^$' -test.bench "$FLEET_BENCH" \
  -test.benchtime 1x -test.count "$COUNT" -test.timeout 0) | tee "$WORK/fleet.txt" >&2
(cd cmd/nixsec && NIXSEC_BENCH_DIR="$WORK" NIXSEC_BENCH_HOSTS="$sizes" \
  "$WORK/cmd.test" -test.run '^$' -test.bench 'RegoHost|ParseFleet' \
  -test.benchmem -test.count "$COUNT" -test.timeout 0) | tee "$WORK/rego.txt" >&2
# 1000 hosts take minutes per op: once.
(cd cmd/nixsec && NIXSEC_BENCH_DIR="$WORK" NIXSEC_BENCH_HOSTS="$sizes" \
  "$WORK/cmd.test" -test.run '^$' -test.bench 'Rego1000|Lint1000' \
  -test.benchmem -test.benchtime 1x -test.count 1 -test.timeout 0) | tee -a "$WORK/rego.txt" >&2

# median NAME METRIC FILE: the median of a benchmark's metric over the runs.
median() {
  awk -v name="$1" -v metric="$2" '
    { n = $1; sub(/-[0-9]+$/, "", n) }
    n == name { for (i = 3; i < NF; i++) if ($(i+1) == metric) v[c++] = $i }
    END {
      if (c == 0) { print "-"; exit }
      for (i = 0; i < c; i++) for (j = i + 1; j < c; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
      print (c % 2) ? v[int(c/2)] : (v[c/2-1] + v[c/2]) / 2
    }' "$3"
}
sec() { awk -v x="$1" 'BEGIN { if (x == "-") print "-"; else printf "%.2f", x / 1e9 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "-" || b == "-" || b == 0) print "-"; else printf "%.2fx", a / b }'; }

echo
echo "## nixsec check vs Nix (wall seconds, median of $COUNT; jobs = min(nproc, 4) = $(( $(nproc) < 4 ? $(nproc) : 4 )); stand-in NixOS modules per host: $MODULES)"
echo
echo "| hosts | check (no cache) | bare nix, same calls | overhead ratio | check, warm cache | naive: 1 nix eval per host x path (extrapolated) | speedup vs naive |"
echo "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for n in $HOSTS; do
  c=$(median "BenchmarkFleetCheck/hosts=$n" ns/op "$WORK/fleet.txt")
  b=$(median "BenchmarkFleetBare/hosts=$n" ns/op "$WORK/fleet.txt")
  w=$(median "BenchmarkFleetCached/hosts=$n" ns/op "$WORK/fleet.txt")
  nv=$(median "BenchmarkFleetNaive/hosts=$n" naive-s/op "$WORK/fleet.txt")
  nvns=$(awk -v x="$nv" 'BEGIN { if (x == "-") print "-"; else print x * 1e9 }')
  echo "| $n | $(sec "$c") | $(sec "$b") | $(ratio "$c" "$b") | $(sec "$w") | $(sec "$nvns") | $(ratio "$nvns" "$c") |"
done

echo
echo "## Batching: bare nix wall seconds by hosts per nix process (median of $COUNT; ratio to batch=1)"
echo
echo "| hosts | batch | seconds | vs batch=1 |"
echo "| ---: | --- | ---: | ---: |"
for n in $HOSTS; do
  one=$(median "BenchmarkFleetBatch/hosts=$n/batch=1" ns/op "$WORK/fleet.txt")
  { grep -o "BenchmarkFleetBatch/hosts=$n/batch=[^ -]*" "$WORK/fleet.txt" || true; } | sort -u | sort -t= -k3 -n | while read -r name; do
    v=$(median "$name" ns/op "$WORK/fleet.txt")
    echo "| $n | ${name##*batch=} | $(sec "$v") | $(ratio "$v" "$one") |"
  done
done

echo
echo "## Rego and parser (median of $COUNT; the 1000-host rows: one run)"
echo
echo "| benchmark | time/op | allocs/op | B/op | MB/s |"
echo "| --- | ---: | ---: | ---: | ---: |"
for name in BenchmarkRegoHost BenchmarkRego1000 BenchmarkLint1000 BenchmarkParseFleet/examples BenchmarkParseFleet/fleet; do
  t=$(median "$name" ns/op "$WORK/rego.txt")
  echo "| ${name#Benchmark} | $(awk -v x="$t" 'BEGIN { if (x == "-") print "-"; else if (x >= 1e9) printf "%.2f s", x/1e9; else printf "%.2f ms", x/1e6 }') | $(median "$name" allocs/op "$WORK/rego.txt") | $(median "$name" B/op "$WORK/rego.txt") | $(median "$name" MB/s "$WORK/rego.txt") |"
done

# ---- peak memory of nixsec itself (--from-json: no nix) and of a full run.
if [ -x /usr/bin/time ]; then
  largest=$(echo $HOSTS | tr ' ' '\n' | sort -n | tail -1)
  "$WORK/nixsec" eval --output "$WORK/doc$largest.json" "$WORK/fleet$largest" || true
  rss() { /usr/bin/time -f '%M %e' "$@" 2>&1 >/dev/null | tail -1; }
  echo
  echo "## Peak memory (max RSS, /usr/bin/time)"
  echo
  echo "| run | max RSS | wall |"
  echo "| --- | ---: | ---: |"
  set +e
  for n in $(echo $HOSTS $MEM_HOSTS | tr ' ' '\n' | sort -n -u); do
    # an n-host document: the evaluated hosts repeated under new names
    [ -e "$WORK/doc$n-replicated.json" ] || go run ./testdata/genflake/replicate -in "$WORK/doc$largest.json" -hosts "$n" -out "$WORK/doc$n-replicated.json"
    read -r kb s < <(rss "$WORK/nixsec" check --quiet --from-json "$WORK/doc$n-replicated.json")
    echo "| nixsec check --from-json, $n hosts (nixsec alone) | $((kb / 1024)) MiB | ${s} s |"
  done
  read -r kb s < <(XDG_CACHE_HOME="$WORK/cache" rss "$WORK/nixsec" check --quiet --no-cache "$WORK/fleet$largest")
  echo "| nixsec check, $largest hosts (largest of nixsec and one nix child) | $((kb / 1024)) MiB | ${s} s |"
  if [ "$FULL_MEM" = 1 ]; then
    [ -e "$WORK/fleet$MEM_HOSTS/flake.nix" ] || "$WORK/genflake" -hosts "$MEM_HOSTS" -modules "$MODULES" -out "$WORK/fleet$MEM_HOSTS"
    read -r kb s < <(rss "$WORK/nixsec" check --quiet --no-cache "$WORK/fleet$MEM_HOSTS")
    echo "| nixsec check, $MEM_HOSTS hosts, full run (largest of nixsec and one nix child) | $((kb / 1024)) MiB | ${s} s |"
  fi
  set -e
else
  echo "(no /usr/bin/time: memory rows skipped; apt-get install time)" >&2
fi
