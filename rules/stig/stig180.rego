# METADATA
# title: The NixOS release is past its end of support
# description: |
#   A release that no longer gets security updates keeps every flaw found
#   after its end of life. The STIG (V-268180, V1R1 check text) requires a
#   supported NixOS release. A NixOS stable release is supported until the
#   end of the month after the next one comes out: YY.05 until 31 December
#   of that year, YY.11 until 30 June of the next (25.05: 2025-12-31; 25.11:
#   2026-06-30). The rule compares system.nixos.release
#   (nixos/modules/misc/version.nix) with the run's date; a release it
#   cannot parse (unstable names) is left to the reviewer.
# custom:
#   id: STIG180
#   severity: high
#   framework_only: true
#   frameworks:
#     stig:
#       - V-268180
#   options:
#     - system.nixos.release
#   remediation: |
#     # move the flake's nixpkgs input to a supported release, e.g.
#     inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-25.11";
#   references:
#     - https://preview.stighub.com/stig/Anduril%20NixOS%20Security%20Technical%20Implementation%20Guide
#     - https://endoflife.date/nixos
package nixsec.rules.stig.stig180

import data.nixsec.lib

_comps := ["system", "nixos", "release"]

# End of support, as a date string, for a "YY.MM" release.
_eol(release) := sprintf("%d-12-31", [2000 + to_number(m[1])]) if {
	m := regex.find_all_string_submatch_n(`^([0-9]{2})\.05$`, release, 1)[0]
}

_eol(release) := sprintf("%d-06-30", [2001 + to_number(m[1])]) if {
	m := regex.find_all_string_submatch_n(`^([0-9]{2})\.11$`, release, 1)[0]
}

deny contains v if {
	release := lib.cfg(_comps, null)
	is_string(release)
	eol := _eol(release)
	now := object.get(input, "now", null)
	is_number(now)

	# supported through the whole last day (UTC)
	now * 1000000000 >= time.parse_ns("2006-01-02", eol) + 86400000000000
	v := {
		"path": lib.path(_comps),
		"msg": sprintf("NixOS %s has been out of support since %s: it gets no security updates", [release, eol]),
	}
}
