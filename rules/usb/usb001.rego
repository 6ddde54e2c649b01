# METADATA
# title: USBGuard is not enabled
# description: |
#   Without USBGuard the kernel accepts every USB device plugged in: a
#   "BadUSB" stick that poses as a keyboard types commands into the logged-in
#   session in seconds, and a rogue network adapter can take over the host's
#   traffic. USBGuard authorizes only the devices its rules allow (by
#   default blocking everything not listed), so an unattended or lost
#   machine does not trust whatever is plugged into it. NixOS leaves it off.
#   Reported for the workstation and paranoid profiles.
# custom:
#   id: USB001
#   severity: medium
#   frameworks:
#     stig:
#       - V-268139
#   profiles: [workstation, paranoid]
#   options:
#     - services.usbguard.enable
#   remediation: |
#     # generate the rules from the devices present: usbguard generate-policy
#     services.usbguard = {
#       enable = true;
#       rules = builtins.readFile ./usbguard-rules.conf;
#     };
#   references:
#     - https://usbguard.github.io/
#     - https://wiki.nixos.org/wiki/USBGuard
#     - https://xeiaso.net/blog/paranoid-nixos-2021-07-18/
package nixsec.rules.usb.usb001

import data.nixsec.lib

_comps := ["services", "usbguard", "enable"]

deny contains v if {
	input.config.services.usbguard.enable == false
	p := lib.path(_comps)
	v := {
		"path": p,
		"msg": sprintf("services.usbguard.enable is false%s: every USB device plugged in is trusted", [lib.default_note(p)]),
		"fix": {"path": p, "value": true},
	}
}
