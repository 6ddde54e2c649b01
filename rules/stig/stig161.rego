# METADATA
# title: Address space layout randomization is not full
# description: |
#   Full address space layout randomization (kernel.randomize_va_space = 2)
#   places the stack, mmap areas, the heap and the vDSO at random addresses,
#   so that an exploit cannot rely on where code and data are. The STIG
#   (V-268161, V1R1 check text) requires 2. Unset, the kernel's default (2)
#   applies; a host fails when boot.kernel.sysctl."kernel.randomize_va_space"
#   is set to anything else.
# custom:
#   id: STIG161
#   severity: high
#   framework_only: true
#   frameworks:
#     stig:
#       - V-268161
#   options:
#     - boot.kernel.sysctl
#     - boot.kernel.sysctl."kernel.randomize_va_space"
#   remediation: |
#     boot.kernel.sysctl."kernel.randomize_va_space" = 2;
#   references:
#     - https://preview.stighub.com/stig/Anduril%20NixOS%20Security%20Technical%20Implementation%20Guide
#     - https://docs.kernel.org/admin-guide/sysctl/
package nixsec.rules.stig.stig161

import data.nixsec.lib
import data.nixsec.rules.stig.misclib

_key := "kernel.randomize_va_space"

deny contains v if {
	sysctl := object.get(input.config, ["boot", "kernel", "sysctl"], null)
	is_object(sysctl)
	value := object.get(sysctl, _key, null)
	value != null
	not misclib.number(value) == 2
	p := lib.path(["boot", "kernel", "sysctl", _key])
	v := {
		"path": p,
		"msg": sprintf("%s is %s: address space layout randomization is not full (2)", [_key, lib.show(value)]),
		"fix": {"path": p, "value": 2},
	}
}
