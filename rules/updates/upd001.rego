# METADATA
# title: The system does not upgrade itself
# description: |
#   Without system.autoUpgrade a host gets security fixes only when someone
#   rebuilds it by hand: a server nobody touches for months keeps running
#   the vulnerable OpenSSH, kernel or libraries it was deployed with. The
#   auto-upgrade timer rebuilds from the flake (updating its inputs if asked)
#   on a schedule. Hosts updated by a deployment pipeline can ignore this
#   finding, as long as that pipeline actually runs.
# custom:
#   id: UPD001
#   severity: low
#   options:
#     - system.autoUpgrade.enable
#   remediation: |
#     system.autoUpgrade = {
#       enable = true;
#       flake = "github:example/infra";
#       dates = "04:40";
#       allowReboot = true;
#     };
#   references:
#     - https://nixos.org/manual/nixos/stable/#sec-upgrading-automatic
#     - https://search.nixos.org/options?query=system.autoUpgrade
#     - https://wiki.nixos.org/wiki/Automatic_system_upgrades
package nixsec.rules.updates.upd001

import data.nixsec.lib

_comps := ["system", "autoUpgrade", "enable"]

deny contains v if {
	input.config.system.autoUpgrade.enable == false
	p := lib.path(_comps)
	v := {
		"path": p,
		"msg": sprintf("system.autoUpgrade.enable is false%s: security fixes wait for a manual rebuild", [lib.default_note(p)]),
	}
}
