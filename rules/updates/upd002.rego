# METADATA
# title: Old generations are never garbage-collected
# description: |
#   Without nix.gc.automatic every old system generation stays in the store
#   and in the boot menu: the vulnerable packages an upgrade replaced remain
#   on disk and bootable (a rollback, deliberate or by someone at the
#   console, brings them back), and the store grows until the disk fills,
#   which can stop logging and updates. A periodic collection with
#   --delete-older-than keeps a few recent generations for rollbacks.
# custom:
#   id: UPD002
#   severity: low
#   options:
#     - nix.gc.automatic
#   remediation: |
#     nix.gc = {
#       automatic = true;
#       dates = "weekly";
#       options = "--delete-older-than 30d";
#     };
#   references:
#     - https://search.nixos.org/options?query=nix.gc
#     - https://wiki.nixos.org/wiki/Storage_optimization
package nixsec.rules.updates.upd002

import data.nixsec.lib

_comps := ["nix", "gc", "automatic"]

deny contains v if {
	input.config.nix.gc.automatic == false
	p := lib.path(_comps)
	v := {
		"path": p,
		"msg": sprintf("nix.gc.automatic is false%s: old generations and the packages they hold are kept forever", [lib.default_note(p)]),
		"fix": {"path": p, "value": true},
	}
}
