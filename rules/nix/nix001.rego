# METADATA
# title: Nix trusts users other than root
# description: |
#   A trusted user of the Nix daemon may set any substituter and disable
#   signature checks, import unsigned store paths and change sandbox
#   settings: it can put a store path of its choosing into the system's
#   closure, which is root-equivalent. Every name in trusted-users, and every
#   member of a group listed with @ (commonly @wheel), is such a user, so an
#   exploit of any of those accounts becomes root without sudo. NixOS trusts
#   only root by default.
# custom:
#   id: NIX001
#   severity: high
#   options:
#     - path: nix.settings.trusted-users
#       aliases:
#         - nix.trustedUsers
#   remediation: |
#     nix.settings.trusted-users = [ "root" ];
#     # build or deploy as root (sudo nixos-rebuild, deploy-rs with sshUser = "root")
#   references:
#     - https://nix.dev/manual/nix/stable/command-ref/conf-file.html#conf-trusted-users
#     - https://search.nixos.org/options?query=nix.settings.trusted-users
#     - https://xeiaso.net/blog/paranoid-nixos-2021-07-18/
package nixsec.rules.nix.nix001

import data.nixsec.lib

_comps := ["nix", "settings", "trusted-users"]

deny contains v if {
	users := object.get(input.config, _comps, null)
	is_array(users)
	others := [u | some u in users; u != "root"]
	count(others) > 0
	p := lib.path(_comps)
	v := {
		"path": p,
		"msg": sprintf("nix.settings.trusted-users trusts %s: root-equivalent through the Nix daemon", [concat(" ", [lib.show(u) | some u in others])]),
		"fix": {"path": p, "value": [u | some u in users; u == "root"]},
	}
}
