# METADATA
# title: Nix builds run without the sandbox
# description: |
#   The build sandbox isolates each derivation's builder from the network,
#   the host's file system and other builds. Without it (sandbox = false) a
#   builder sees /home, /etc and the network as the nixbld user and can read
#   secrets or poison other builds' outputs; builds also stop being
#   reproducible. "relaxed" keeps the sandbox but lets derivations marked
#   __noChroot escape it. NixOS enables the sandbox by default on Linux; an
#   old hardened profile turned it off (nix.useSandbox).
# custom:
#   id: NIX002
#   severity: high
#   options:
#     - path: nix.settings.sandbox
#       aliases:
#         - nix.useSandbox
#   remediation: |
#     nix.settings.sandbox = true;
#   references:
#     - https://nix.dev/manual/nix/stable/command-ref/conf-file.html#conf-sandbox
#     - https://search.nixos.org/options?query=nix.settings.sandbox
package nixsec.rules.nix.nix002

import data.nixsec.lib

_comps := ["nix", "settings", "sandbox"]

deny contains v if {
	value := object.get(input.config, _comps, null)
	value in {false, "relaxed"}
	p := lib.path(_comps)
	v := {
		"path": p,
		"msg": sprintf("nix.settings.sandbox is %s: %s", [lib.show(value), _why[value]]),
		"fix": {"path": p, "value": true},
	}
}

_why := {
	false: "builders see the host's files and network",
	"relaxed": "derivations with __noChroot run outside the sandbox",
}
