package nixsec.rules.updates.upd003_test

import data.nixsec.rules.updates.upd003

# 2026-01-01T00:00:00Z
_now := 1767225600

_day := 86400

_host(inputs) := {
	"host": "web",
	"config": {"system": {"nixos": {"release": "25.11"}}},
	"defined": {},
	"flake": {"inputs": inputs},
	"now": _now,
}

_github(days) := {"type": "github", "url": "github:NixOS/nixpkgs", "rev": "abc", "lastModified": _now - (days * _day)}

test_31_days_fires if {
	upd003.deny == {{
		"file": "flake.lock",
		"path": "inputs.nixpkgs",
		"msg": "input nixpkgs (github:NixOS/nixpkgs) was last updated 31 days ago (2025-12-01): security fixes since then are missing (the host runs NixOS 25.11)",
	}} with input as _host({"nixpkgs": _github(31)})
}

test_29_days_passes if {
	count(upd003.deny) == 0 with input as _host({"nixpkgs": _github(29)})
}

test_exactly_30_days_passes if {
	count(upd003.deny) == 0 with input as _host({"nixpkgs": _github(30)})
	count(upd003.deny) == 1 with input as _host({"nixpkgs": {"lastModified": (_now - (30 * _day)) - 1}})
}

test_100_days_says_more_than_90 if {
	some v in upd003.deny with input as _host({"nixpkgs": _github(100)})
	v.msg == "input nixpkgs (github:NixOS/nixpkgs) was last updated 100 days ago (2025-09-23), more than 90 days: security fixes since then are missing (the host runs NixOS 25.11)"
}

test_other_nixpkgs_inputs if {
	inputs := {
		"nixpkgs": _github(10),
		"nixpkgs-unstable": _github(40),
		"pkgs": {"type": "tarball", "url": "https://github.com/NixOS/nixpkgs/archive/abc.tar.gz", "lastModified": _now - (50 * _day)},
		"home-manager": {"type": "github", "url": "github:nix-community/home-manager", "lastModified": _now - (200 * _day)},
		"nixpkgs-25.05": {"type": "github", "url": "github:NixOS/nixpkgs", "lastModified": _now - (35 * _day)},
	}
	paths := {v.path | some v in upd003.deny} with input as _host(inputs)
	paths == {"inputs.nixpkgs-unstable", "inputs.pkgs", "inputs.\"nixpkgs-25.05\""}
}

test_no_url_and_no_release if {
	inp := {"config": {}, "flake": {"inputs": {"nixpkgs": {"type": "path", "lastModified": _now - (45 * _day)}}}, "now": _now}
	some v in upd003.deny with input as inp
	v.msg == "input nixpkgs was last updated 45 days ago (2025-11-17): security fixes since then are missing"
}

test_no_last_modified_passes if {
	count(upd003.deny) == 0 with input as _host({"nixpkgs": {"type": "path", "url": "path:/src/nixpkgs"}})
	count(upd003.deny) == 0 with input as _host({"nixpkgs": {"type": "github", "url": "github:NixOS/nixpkgs", "lastModified": 0}})
	count(upd003.deny) == 0 with input as _host({"nixpkgs": {"lastModified": null}})
}

test_no_nixpkgs_input_passes if {
	count(upd003.deny) == 0 with input as _host({})
	count(upd003.deny) == 0 with input as _host({"home-manager": {"url": "github:nix-community/home-manager", "lastModified": 1}})
	count(upd003.deny) == 0 with input as {"config": {}, "defined": {}, "now": _now}
}

test_no_clock_passes if {
	count(upd003.deny) == 0 with input as {"config": {}, "flake": {"inputs": {"nixpkgs": _github(100)}}}
}

test_lock_newer_than_now_passes if {
	count(upd003.deny) == 0 with input as _host({"nixpkgs": {"lastModified": _now + _day}})
}
