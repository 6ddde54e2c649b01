# METADATA
# title: USBGuard allows every device
# description: |
#   USBGuard protects only if unknown devices are refused. With
#   implicitPolicyTarget = "allow", every device no rule matches is
#   authorized, and a rule "allow" with no attributes (or "allow id *:*")
#   matches every device: USBGuard runs but a malicious keyboard or network
#   adapter is accepted as before. The NixOS default target is "block"; the
#   option was first spelt implictPolicyTarget.
# custom:
#   id: USB002
#   severity: high
#   options:
#     - services.usbguard.enable
#     - path: services.usbguard.implicitPolicyTarget
#       aliases:
#         - services.usbguard.implictPolicyTarget
#     - services.usbguard.rules
#   remediation: |
#     services.usbguard.implicitPolicyTarget = "block";
#     # and list the allowed devices, e.g. from usbguard generate-policy:
#     services.usbguard.rules = ''
#       allow id 1d6b:0002 serial "0000:00:14.0" name "xHCI Host Controller"
#     '';
#   references:
#     - https://usbguard.github.io/documentation/rule-language.html
#     - https://search.nixos.org/options?query=services.usbguard
#     - https://wiki.nixos.org/wiki/USBGuard
package nixsec.rules.usb.usb002

import data.nixsec.lib

_target := ["services", "usbguard", "implicitPolicyTarget"]

_rules := ["services", "usbguard", "rules"]

deny contains v if {
	input.config.services.usbguard.enable == true
	object.get(input.config, _target, null) == "allow"
	p := lib.path(_target)
	v := {
		"path": p,
		"msg": "implicitPolicyTarget is \"allow\": every device no rule matches is authorized",
		"fix": {"path": p, "value": "block"},
	}
}

deny contains v if {
	input.config.services.usbguard.enable == true
	text := object.get(input.config, _rules, null)
	is_string(text)
	some line in split(text, "\n")
	_allows_everything(line)
	v := {
		"path": lib.path(_rules),
		"msg": sprintf("the rule %s allows every USB device", [lib.show(trim_space(line))]),
	}
}

# "allow" or "allow id *:*": no attribute narrows the match.
_allows_everything(line) if regex.match(`^\s*allow\s*(id\s+\*:\*\s*)?$`, line)
