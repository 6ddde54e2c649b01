# METADATA
# title: Secure Boot is not enforced
# description: |
#   Without Secure Boot the firmware runs whatever boot loader, kernel and
#   initrd it finds on the unencrypted EFI system partition. Someone with
#   brief physical access (or root once) can replace them with versions that
#   record the disk passphrase or plant a backdoor before the encrypted root
#   is opened (an "evil maid" attack). Lanzaboote signs the boot chain with
#   the host's own keys so the firmware refuses anything else; Limine's
#   secureBoot support does the same on newer nixpkgs. Lanzaboote is a flake
#   input, not part of nixpkgs: when its module is not imported, the option
#   is absent and Secure Boot is off. Reported for the workstation and
#   paranoid profiles.
# custom:
#   id: BOOT003
#   severity: medium
#   profiles: [workstation, paranoid]
#   options:
#     - boot.isContainer
#     - boot.lanzaboote.enable
#     - boot.loader.limine.secureBoot.enable
#     - boot.loader.systemd-boot.enable
#     - boot.loader.grub.enable
#     - boot.loader.limine.enable
#   remediation: |
#     # flake input: lanzaboote.url = "github:nix-community/lanzaboote";
#     imports = [ lanzaboote.nixosModules.lanzaboote ];
#     boot.loader.systemd-boot.enable = lib.mkForce false;
#     boot.lanzaboote = {
#       enable = true;
#       pkiBundle = "/var/lib/sbctl";
#     };
#   references:
#     - https://github.com/nix-community/lanzaboote
#     - https://wiki.nixos.org/wiki/Secure_Boot
#     - https://notashelf.dev/posts/insecurities-remedies-i
package nixsec.rules.boot.boot003

import data.nixsec.lib

_comps := ["boot", "lanzaboote", "enable"]

_bootloaders := [
	["boot", "loader", "systemd-boot", "enable"],
	["boot", "loader", "grub", "enable"],
	["boot", "loader", "limine", "enable"],
]

deny contains v if {
	not input.config.boot.isContainer == true
	not input.config.boot.lanzaboote.enable == true
	not input.config.boot.loader.limine.secureBoot.enable == true
	v := object.union(
		{
			"path": lib.path(_comps),
			"msg": _msg,
		},
		_anchor,
	)
}

_msg := "boot.lanzaboote is not imported: Secure Boot is not enforced" if {
	not lib.has(_comps)
} else := sprintf("boot.lanzaboote.enable is %s: Secure Boot is not enforced", [lib.show(object.get(input.config, _comps, null))])

_enabled_loaders := [lib.path(comps) | some comps in _bootloaders; lib.is_true(comps)]

_anchor := {"anchor": _enabled_loaders[0]} if {
	count(_enabled_loaders) > 0
} else := {}
