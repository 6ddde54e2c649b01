# METADATA
# title: The firewall does not rate-limit incoming connections
# description: |
#   Rate limits per source address keep one client from exhausting a
#   service's connections or bandwidth. The STIG (V-268158, V1R2) looks
#   for limit rules in the running iptables ruleset (its examples: SSH
#   above 1 MB/s and HTTP/HTTPS above 1000 connections a minute per source
#   address, with hashlimit). NixOS's firewall has no rate limits of its
#   own; a host adds them through networking.firewall.extraCommands
#   (iptables backend), networking.firewall.extraInputRules (nftables
#   backend) or a networking.nftables.ruleset of its own. This rule reports
#   a host whose configuration holds none of hashlimit, -m limit, limit rate
#   or a meter; whether the limits fit the services is for the ISSO, and the
#   live ruleset needs the running system.
# custom:
#   id: STIG158
#   severity: high
#   framework_only: true
#   frameworks:
#     stig:
#       - V-268158
#   options:
#     - networking.firewall.enable
#     - networking.nftables.enable
#     - networking.firewall.extraCommands
#     - networking.firewall.extraInputRules
#     - networking.nftables.ruleset
#   remediation: |
#     networking.firewall.extraCommands = ''
#       iptables -I nixos-fw -p tcp --dport 22 -m hashlimit --hashlimit-name ssh \
#         --hashlimit-above 1000000b/s --hashlimit-mode srcip -j nixos-fw-refuse
#     '';
#   references:
#     - https://preview.stighub.com/check/8e82b9bf-a69c-4f2b-b0de-e28e0d61265d
#     - https://github.com/NixOS/nixpkgs/blob/master/nixos/modules/services/networking/firewall-nftables.nix
package nixsec.rules.stig.stig158

import data.nixsec.lib

_texts := [
	["networking", "firewall", "extraCommands"],
	["networking", "firewall", "extraInputRules"],
	["networking", "nftables", "ruleset"],
]

_limit_patterns := [`hashlimit`, `-m\s+limit\b`, `\blimit\s+rate\b`, `\bmeter\b`]

_limited if {
	some comps in _texts
	text := lib.cfg(comps, "")
	is_string(text)
	some pat in _limit_patterns
	regex.match(pat, text)
}

# Where to add the limits: the nftables firewall's input rules when
# nftables is on, else the iptables script.
_where := ["networking", "firewall", "extraInputRules"] if {
	lib.is_true(["networking", "nftables", "enable"])
} else := ["networking", "firewall", "extraCommands"]

deny contains v if {
	not _limited
	p := lib.path(_where)
	v := {
		"path": p,
		"msg": "no rate limit in the firewall configuration (hashlimit, -m limit, limit rate or a meter): one source can exhaust a service's connections",
	}
}
