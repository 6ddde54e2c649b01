# METADATA
# title: The flake's nixpkgs input is out of date
# description: |
#   A flake pins nixpkgs in flake.lock: the host gets the kernel, OpenSSH,
#   OpenSSL and every other package of that revision until someone runs
#   nix flake update, however many security fixes have landed in nixpkgs
#   since. A lock that has not moved in a month misses a month of them;
#   past 90 days it almost certainly lacks fixes for published
#   vulnerabilities. The check reads lastModified of the nixpkgs input (and
#   of any input named nixpkgs-* or fetching NixOS/nixpkgs) in flake.lock,
#   compares it with --now, and names the NixOS release the host runs
#   (system.nixos.release). A rule has one severity, so the finding is
#   medium whatever the age and the message gives the age in days and says
#   when it is past 90: CI that must fail on a stale lock runs with
#   --fail-on medium (or the default, low); --fail-on high lets it pass.
# custom:
#   id: UPD003
#   severity: medium
#   options:
#     - system.nixos.release
#   remediation: |
#     # in the flake's checkout, then commit flake.lock:
#     nix flake update nixpkgs
#     # or let a scheduled CI job open the update, e.g.
#     # DeterminateSystems/update-flake-lock
#   references:
#     - https://nix.dev/manual/nix/stable/command-ref/new-cli/nix3-flake-update
#     - https://wiki.nixos.org/wiki/Flakes
#     - https://nixos.org/manual/nixos/stable/#sec-upgrading
#     - https://github.com/DeterminateSystems/update-flake-lock
package nixsec.rules.updates.upd003

import data.nixsec.lib

# An input is stale when it is older than this many days.
max_age_days := 30

# Past this age the message says the input is badly out of date.
very_old_days := 90

_day := 86400

deny contains v if {
	some name, locked in object.get(input, ["flake", "inputs"], {})
	is_object(locked)
	_nixpkgs(name, locked)
	modified := object.get(locked, "lastModified", 0)
	is_number(modified)
	modified > 0
	now := input.now
	is_number(now)
	now - modified > max_age_days * _day
	days := floor((now - modified) / _day)
	v := {
		"file": "flake.lock",
		"path": lib.path(["inputs", name]),
		"msg": sprintf("input %s%s was last updated %d days ago (%s)%s: security fixes since then are missing%s", [
			name, _url(locked), days, _date(modified), _very_old(days), _release,
		]),
	}
}

_nixpkgs(name, _) if name == "nixpkgs"

_nixpkgs(name, _) if startswith(name, "nixpkgs-")

_nixpkgs(_, locked) if contains(lower(object.get(locked, "url", "")), "nixos/nixpkgs")

_url(locked) := sprintf(" (%s)", [locked.url]) if {
	is_string(locked.url)
	locked.url != ""
} else := ""

_date(seconds) := sprintf("%04d-%02d-%02d", time.date(seconds * 1000000000))

_very_old(days) := sprintf(", more than %d days", [very_old_days]) if {
	days > very_old_days
} else := ""

_release := sprintf(" (the host runs NixOS %s)", [r]) if {
	r := object.get(input.config, ["system", "nixos", "release"], null)
	is_string(r)
} else := ""
