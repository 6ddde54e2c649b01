# shellcheck shell=bash
# What the bench-*.sh scripts share; sourced by them, not run.

# build_before REV: nixsec as of git revision REV, built into
# $WORK/nixsec-before (the "before" of a before/after table).
build_before() {
  rm -rf "$WORK/before-src"
  mkdir -p "$WORK/before-src"
  git archive "$1" | tar -x -C "$WORK/before-src"
  (cd "$WORK/before-src" && go build -o "$WORK/nixsec-before" ./cmd/nixsec)
}

# fleet HOSTS MODULES: the generated fleet's directory under $WORK, made
# on first use (one directory per module count: fleets of one size but
# other modules never mix).
fleet() {
  local dir="$WORK/modules$2/fleet$1"
  [ -e "$dir/flake.nix" ] || "$WORK/genflake" -hosts "$1" -modules "$2" -out "$dir" >/dev/null
  echo "$dir"
}

# build_bins: genflake, nixsec as checked out ($WORK/nixsec-after) and,
# when $BEFORE is set, $WORK/nixsec-before; bins is set to their names.
# shellcheck disable=SC2034 # bins is read by the script that sources this
build_bins() {
  go build -o "$WORK/genflake" ./testdata/genflake
  go build -o "$WORK/nixsec-after" ./cmd/nixsec
  bins="after"
  if [ -n "${BEFORE:-}" ]; then
    build_before "$BEFORE"
    bins="before after"
  fi
}
