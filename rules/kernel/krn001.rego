# METADATA
# title: Kernel image and kernel pointers are not protected
# description: |
#   Three settings make a local kernel exploit harder. security.protectKernelImage
#   disables kexec (loading another kernel that skips every protection) and
#   hibernation (writing kernel memory to a resumable image). Kernel
#   pointers in /proc and logs (kernel.kptr_restrict ≥ 1; NixOS sets 1) and
#   the kernel log itself (kernel.dmesg_restrict = 1, left to the kernel's
#   build default otherwise) tell an attacker where the kernel's code and
#   data are, defeating address-space randomisation. The hardened profile
#   sets the first two. Reported for the paranoid profile.
# custom:
#   id: KRN001
#   severity: low
#   frameworks:
#     stig:
#       - V-268160
#   profiles: [paranoid]
#   options:
#     - security.protectKernelImage
#     - boot.kernel.sysctl
#     - boot.kernel.sysctl."kernel.kptr_restrict"
#     - boot.kernel.sysctl."kernel.dmesg_restrict"
#   remediation: |
#     security.protectKernelImage = true;
#     boot.kernel.sysctl = {
#       "kernel.kptr_restrict" = 2;
#       "kernel.dmesg_restrict" = 1;
#     };
#   references:
#     - https://search.nixos.org/options?query=security.protectKernelImage
#     - https://docs.kernel.org/admin-guide/sysctl/kernel.html
#     - https://madaidans-insecurities.github.io/guides/linux-hardening.html#sysctl-kernel
package nixsec.rules.kernel.krn001

import data.nixsec.lib

_image := ["security", "protectKernelImage"]

deny contains v if {
	input.config.security.protectKernelImage == false
	p := lib.path(_image)
	v := {
		"path": p,
		"msg": sprintf("security.protectKernelImage is false%s: kexec and hibernation can replace or dump the running kernel", [lib.default_note(p)]),
		"fix": {"path": p, "value": true},
	}
}

_sysctls := [
	{"key": "kernel.kptr_restrict", "min": 1, "fix": 2, "what": "kernel pointers are shown to unprivileged users"},
	{"key": "kernel.dmesg_restrict", "min": 1, "fix": 1, "what": "every user can read the kernel log"},
]

deny contains v if {
	sysctl := object.get(input.config, ["boot", "kernel", "sysctl"], null)
	is_object(sysctl)
	some s in _sysctls
	value := object.get(sysctl, s.key, null)
	not _at_least(value, s.min)
	p := lib.path(["boot", "kernel", "sysctl", s.key])
	v := {
		"path": p,
		"msg": sprintf("%s is %s: %s", [s.key, _shown(value), s.what]),
		"fix": {"path": p, "value": s.fix},
	}
}

# sysctl values are ints, strings or booleans (true is written as 1).
_number(v) := v if is_number(v)

_number(v) := to_number(trim_space(v)) if {
	is_string(v)
	regex.match(`^\s*[0-9]+\s*$`, v)
}

_number(true) := 1

_number(false) := 0

_at_least(value, least) if _number(value) >= least

_shown(null) := "not set (kernel default)"

_shown(value) := lib.show(value) if value != null
