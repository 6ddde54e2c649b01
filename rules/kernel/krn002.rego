# METADATA
# title: Kernel modules can be loaded at run time
# description: |
#   Without security.lockKernelModules root (or anything that can make the
#   kernel auto-load a module, such as opening a socket of a rare protocol
#   family) can load kernel modules after boot: a rootkit loads as a module,
#   and auto-loaded, rarely used drivers are a steady source of local
#   privilege escalations. Locking loads every module the configuration
#   needs at boot and then disables loading until the next reboot. Hardware
#   plugged in later (USB devices, file systems) needs its module listed in
#   boot.kernelModules. Reported for the paranoid profile.
# custom:
#   id: KRN002
#   severity: low
#   profiles: [paranoid]
#   options:
#     - security.lockKernelModules
#   remediation: |
#     security.lockKernelModules = true;
#     boot.kernelModules = [ "usb_storage" ];   # modules needed after boot
#   references:
#     - https://search.nixos.org/options?query=security.lockKernelModules
#     - https://docs.kernel.org/admin-guide/sysctl/kernel.html#modules-disabled
#     - https://madaidans-insecurities.github.io/guides/linux-hardening.html#kernel-modules
package nixsec.rules.kernel.krn002

import data.nixsec.lib

_comps := ["security", "lockKernelModules"]

deny contains v if {
	input.config.security.lockKernelModules == false
	p := lib.path(_comps)
	v := {
		"path": p,
		"msg": sprintf("security.lockKernelModules is false%s: kernel modules can be loaded after boot", [lib.default_note(p)]),
		"fix": {"path": p, "value": true},
	}
}
