# METADATA
# title: Default packages are installed
# description: |
#   environment.defaultPackages adds tools to every NixOS system (perl,
#   rsync and strace in recent releases) whether the host needs them or not.
#   Each one is more code an attacker can use once on the host (an
#   interpreter for scripts, a tracer for other processes, a file copier)
#   and more packages to patch. The paranoid NixOS guide starts from an empty
#   list and adds only what the host uses.
# custom:
#   id: MIN001
#   severity: info
#   options:
#     - environment.defaultPackages
#   remediation: |
#     environment.defaultPackages = [ ];
#   references:
#     - https://xeiaso.net/blog/paranoid-nixos-2021-07-18/
#     - https://search.nixos.org/options?query=environment.defaultPackages
package nixsec.rules.minimal.min001

import data.nixsec.lib

_comps := ["environment", "defaultPackages"]

deny contains v if {
	# lib.non_empty_list(_comps), read as a reference (issue 17)
	pkgs := input.config.environment.defaultPackages
	is_array(pkgs)
	count(pkgs) > 0
	p := lib.path(_comps)
	names := [_name(pkg) | some pkg in pkgs]
	v := {
		"path": p,
		"msg": sprintf("environment.defaultPackages installs %s%s", [concat(" ", names), lib.default_note(p)]),
		"fix": {"path": p, "value": []},
	}
}

# Packages arrive as {"_derivation": name}; anything else is shown as is.
_name(pkg) := pkg._derivation if {
	is_object(pkg)
	is_string(pkg._derivation)
} else := pkg if {
	is_string(pkg)
} else := json.marshal(pkg)
