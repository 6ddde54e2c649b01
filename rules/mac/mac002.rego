# METADATA
# title: AppArmor leaves already-running processes unconfined
# description: |
#   A process started before its AppArmor profile was loaded keeps running
#   unconfined. security.apparmor.killUnconfinedConfinables makes the AppArmor
#   service kill such processes when it starts, so that every program with a
#   profile is actually confined (systemd restarts the services). With it off,
#   a daemon started early in boot, or before a rebuild added its profile,
#   escapes the policy until it is restarted by hand.
# custom:
#   id: MAC002
#   severity: low
#   options:
#     - security.apparmor.enable
#     - security.apparmor.killUnconfinedConfinables
#   remediation: |
#     security.apparmor.killUnconfinedConfinables = true;
#   references:
#     - https://wiki.nixos.org/wiki/AppArmor
#     - https://search.nixos.org/options?query=security.apparmor.killUnconfinedConfinables
package nixsec.rules.mac.mac002

import data.nixsec.lib

_comps := ["security", "apparmor", "killUnconfinedConfinables"]

deny contains v if {
	input.config.security.apparmor.enable == true
	input.config.security.apparmor.killUnconfinedConfinables == false
	p := lib.path(_comps)
	v := {
		"path": p,
		"msg": sprintf("killUnconfinedConfinables is false%s", [lib.default_note(p)]),
		"fix": {"path": p, "value": true},
	}
}
