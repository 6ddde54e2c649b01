# METADATA
# title: dhcpcd rewrites resolv.conf beside the local resolver
# description: |
#   dhcpcd's resolv.conf hook writes the DNS servers from every DHCP lease
#   into /etc/resolv.conf (through resolvconf), so the network's resolver is
#   asked in clear text next to, or instead of, the local encrypted resolver.
#   The hook stays on unless networking.dhcpcd.extraConfig holds
#   "nohook resolv.conf". dhcpcd is NixOS's DHCP client unless systemd-networkd
#   or NetworkManager replaces it.
# custom:
#   id: DNS004
#   severity: medium
#   options:
#     - path: services.dnscrypt-proxy.enable
#       aliases:
#         - services.dnscrypt-proxy2.enable
#     - services.unbound.enable
#     - services.stubby.enable
#     - networking.dhcpcd.enable
#     - networking.dhcpcd.extraConfig
#   remediation: |
#     networking.dhcpcd.extraConfig = "nohook resolv.conf";
#   references:
#     - https://xeiaso.net/blog/paranoid-nixos-2021-07-18/
#     - https://wiki.nixos.org/wiki/Encrypted_DNS
#     - https://man.archlinux.org/man/dhcpcd.conf.5
package nixsec.rules.dns.dns004

import data.nixsec.lib

_comps := ["networking", "dhcpcd", "extraConfig"]

deny contains v if {
	lib.local_resolver_enabled
	input.config.networking.dhcpcd.enable == true
	config := object.get(input.config, _comps, null)
	is_string(config)
	not regex.match(`(?m)^[ \t]*nohook[ \t][^#\n]*\bresolv\.conf\b`, config)
	v := {
		"path": lib.path(_comps),
		"msg": sprintf("networking.dhcpcd.extraConfig lacks \"nohook resolv.conf\": DHCP's servers bypass the local resolver %s", [lib.local_resolver.name]),
		"anchor": lib.local_resolver.enable_path,
	}
}
