# METADATA
# title: Every user may use the Nix daemon
# description: |
#   allowed-users decides who may connect to the Nix daemon at all. With "*"
#   (the NixOS default) every local account, service users included, can
#   make the root-run daemon evaluate, fetch and build: a compromised web
#   service can fill the store and the disk, reach the network through
#   fixed-output derivations, or exploit a flaw in the daemon's protocol.
#   The hardened profile limits it to @users; @wheel is stricter still.
# custom:
#   id: NIX004
#   severity: low
#   options:
#     - path: nix.settings.allowed-users
#       aliases:
#         - nix.allowedUsers
#   remediation: |
#     nix.settings.allowed-users = [ "@users" ];   # or [ "@wheel" ]
#   references:
#     - https://nix.dev/manual/nix/stable/command-ref/conf-file.html#conf-allowed-users
#     - https://search.nixos.org/options?query=nix.settings.allowed-users
#     - https://xeiaso.net/blog/paranoid-nixos-2021-07-18/
package nixsec.rules.nix.nix004

import data.nixsec.lib

_comps := ["nix", "settings", "allowed-users"]

deny contains v if {
	users := object.get(input.config, _comps, null)
	is_array(users)
	"*" in users
	p := lib.path(_comps)
	v := {
		"path": p,
		"msg": sprintf("nix.settings.allowed-users is %s%s: every local account may use the Nix daemon", [lib.show(users), lib.default_note(p)]),
		"fix": {"path": p, "value": ["@users"]},
	}
}
