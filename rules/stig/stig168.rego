# METADATA
# title: The kernel does not run in FIPS mode
# description: |
#   DoD systems must protect data with FIPS-validated cryptography. The STIG
#   (V-268168, V1R1 check text: /proc/cmdline contains fips=1) requires the
#   kernel to boot with fips=1, which restricts the kernel's crypto API to
#   approved algorithms and runs their self-tests. NixOS adds no fips=1 by
#   default; boot.kernelParams is where a host adds it. Whether the modules
#   in use are actually validated is outside the configuration.
# custom:
#   id: STIG168
#   severity: critical
#   framework_only: true
#   frameworks:
#     stig:
#       - V-268168
#   options:
#     - boot.kernelParams
#   remediation: |
#     boot.kernelParams = [ "fips=1" ];
#   references:
#     - https://preview.stighub.com/stig/Anduril%20NixOS%20Security%20Technical%20Implementation%20Guide
#     - https://docs.kernel.org/admin-guide/kernel-parameters.html
package nixsec.rules.stig.stig168

import data.nixsec.lib

_comps := ["boot", "kernelParams"]

# The kernel reads its command line left to right; the last fips= wins.
_fips := [p | some p in lib.cfg(_comps, []); is_string(p); startswith(p, "fips=")]

deny contains v if {
	count(_fips) == 0
	p := lib.path(_comps)
	v := {
		"path": p,
		"msg": "boot.kernelParams has no fips=1: the kernel does not run in FIPS mode",
	}
}

deny contains v if {
	count(_fips) > 0
	last := _fips[count(_fips) - 1]
	last != "fips=1"
	p := lib.path(_comps)
	v := {
		"path": p,
		"msg": sprintf("boot.kernelParams ends with %s: the kernel does not run in FIPS mode", [lib.show(last)]),
	}
}
