#!/usr/bin/env bash
# Load test (not part of go test): a flake with 200 hosts, every tenth of
# which throws, checked with `nixsec check --format json` under
# /usr/bin/time -v. Prints the exit code (must be 2), the broken hosts
# reported (must be 20), the findings on the other 180, the wall time and
# the peak RSS of nixsec and of the largest nix child.
#
#   scripts/load-200.sh [HOSTS]      (default 200; needs nix, go, jq, /usr/bin/time)
set -euo pipefail
cd "$(dirname "$0")/.."
hosts=${1:-200}
for tool in nix go jq /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "load-200: $tool is missing (Debian: apt-get install -y nix-bin golang jq time)" >&2; exit 2; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/nixsec" ./cmd/nixsec

flake=$work/flake
mkdir -p "$flake/lib"
cp examples/lib/*.nix "$flake/lib/"
cat > "$flake/flake.nix" <<EOF
# $hosts generated hosts; every tenth one throws.
{
  outputs = { self }:
    let
      nixos = import ./lib/nixos-system.nix;
      host = i: nixos.nixosSystem {
        modules = [
          ./host.nix
          { networking.hostName = "h\${toString i}"; }
        ] ++ (if i - (i / 10) * 10 == 0 then [ (throw "host h\${toString i} is broken on purpose") ] else [ ]);
      };
    in {
      nixosConfigurations = builtins.listToAttrs (builtins.genList (i: { name = "h\${toString i}"; value = host i; }) $hosts);
    };
}
EOF
cat > "$flake/host.nix" <<'EOF'
{ ... }:
{
  services.openssh.enable = true;
  services.openssh.settings.PasswordAuthentication = true;
  networking.firewall.enable = false;
}
EOF
git -C "$flake" init -q
git -C "$flake" add -A
git -C "$flake" -c user.name=load -c user.email=load@localhost commit -qm load

# Sample the peak RSS (VmHWM) of nixsec and of its nix children while it
# runs: time -v reports only the largest of them.
peaks=$work/peaks
echo "0 0" > "$peaks"
(
  self=0 nix=0
  while :; do
    for s in /proc/[0-9]*/status; do
      pid=${s#/proc/}; pid=${pid%/status}
      mapfile -d '' args 2>/dev/null < "/proc/$pid/cmdline" || continue
      cmd="${args[*]}"
      case $cmd in *"$flake"*) ;; *) continue ;; esac
      kb=$(awk '/^VmHWM/ {print $2}' "$s" 2>/dev/null); kb=${kb:-0}
      case $cmd in
        "$work/nixsec "*) [ "$kb" -gt "$self" ] && self=$kb ;;
        *time*) ;;
        *) [ "$kb" -gt "$nix" ] && nix=$kb ;;
      esac
    done
    echo "$self $nix" > "$peaks"
    sleep 0.2
  done
) &
sampler=$!

# Measure evaluation, not the evaluation cache.
nocache=()
if "$work/nixsec" check --help 2>&1 | grep -q -- --no-cache; then nocache=(--no-cache); fi
set +e
/usr/bin/time -v "$work/nixsec" check --format json "${nocache[@]}" "$flake" > "$work/report.json" 2> "$work/time.txt"
code=$?
set -e
kill "$sampler" 2>/dev/null || true
wait "$sampler" 2>/dev/null || true

field() { sed -n "s/^[[:space:]]*$1: //p" "$work/time.txt"; }
broken=$(jq '[.errors[] | select(.option == null or .option == "") | .host] | unique | length' "$work/report.json")
findings=$(jq '[.findings[] | select(.host as $h | ($h | ltrimstr("h") | tonumber) % 10 != 0)] | length' "$work/report.json")
findingHosts=$(jq '[.findings[].host] | unique | length' "$work/report.json")
echo "hosts:                 $hosts"
echo "exit code:             $code (want 2)"
echo "broken hosts reported: $broken (want $((hosts / 10)))"
echo "findings:              $findings on $findingHosts hosts (the other $((hosts - hosts / 10)))"
echo "wall time:             $(field 'Elapsed (wall clock) time (h:mm:ss or m:ss)')"
read -r selfkb nixkb < "$peaks"
echo "peak RSS (time -v):    $(field 'Maximum resident set size (kbytes)') KB (the largest of nixsec and its nix children)"
echo "peak RSS of nixsec:    $selfkb KB (sampled VmHWM)"
echo "peak RSS of one nix:   $nixkb KB (sampled VmHWM)"
echo "user/system CPU:       $(field 'User time (seconds)') s / $(field 'System time (seconds)') s"
ok=1
[ "$code" = 2 ] || ok=0
[ "$broken" = $((hosts / 10)) ] || ok=0
[ "$findingHosts" = $((hosts - hosts / 10)) ] || ok=0
if [ $ok = 1 ]; then echo "load-200: OK"; else echo "load-200: FAILED"; grep -v '^\s' "$work/time.txt" | head -20; exit 1; fi
