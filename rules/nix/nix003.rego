# METADATA
# title: Nix accepts unsigned store paths
# description: |
#   With require-sigs = false the Nix daemon accepts store paths from
#   substituters (binary caches) and imports that no trusted key signed.
#   Whoever can answer for a cache URL (a hostile network on an http cache,
#   a compromised mirror, a spoofed DNS name) can then substitute any
#   package, system closure included, with a build of their own. NixOS
#   requires signatures by default; nix.requireSignedBinaryCaches is the
#   option's old name.
# custom:
#   id: NIX003
#   severity: high
#   frameworks:
#     stig:
#       - V-268154
#   options:
#     - path: nix.settings.require-sigs
#       aliases:
#         - nix.requireSignedBinaryCaches
#   remediation: |
#     nix.settings.require-sigs = true;
#     nix.settings.trusted-public-keys = [ "cache.example.org-1:<public key>" ];
#   references:
#     - https://nix.dev/manual/nix/stable/command-ref/conf-file.html#conf-require-sigs
#     - https://search.nixos.org/options?query=nix.settings.require-sigs
package nixsec.rules.nix.nix003

import data.nixsec.lib

_comps := ["nix", "settings", "require-sigs"]

deny contains v if {
	input.config.nix.settings["require-sigs"] == false
	p := lib.path(_comps)
	v := {
		"path": p,
		"msg": "nix.settings.require-sigs is false: the Nix daemon accepts unsigned store paths from caches",
		"fix": {"path": p, "value": true},
	}
}
