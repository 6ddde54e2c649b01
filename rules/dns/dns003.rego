# METADATA
# title: NetworkManager rewrites resolv.conf beside the local resolver
# description: |
#   NetworkManager manages /etc/resolv.conf itself unless
#   networking.networkmanager.dns is "none": on every connection it writes the
#   servers the network hands out (or points at dnsmasq or systemd-resolved),
#   replacing the local encrypted resolver, so DNS queries leave the host in
#   clear text to whatever network the laptop joined. NixOS's default is
#   "default" (NetworkManager writes resolv.conf), and enabling
#   systemd-resolved forces "systemd-resolved".
# custom:
#   id: DNS003
#   severity: medium
#   options:
#     - path: services.dnscrypt-proxy.enable
#       aliases:
#         - services.dnscrypt-proxy2.enable
#     - services.unbound.enable
#     - services.stubby.enable
#     - networking.networkmanager.enable
#     - networking.networkmanager.dns
#   remediation: |
#     networking.networkmanager.dns = "none";
#   references:
#     - https://xeiaso.net/blog/paranoid-nixos-2021-07-18/
#     - https://wiki.nixos.org/wiki/Encrypted_DNS
#     - https://search.nixos.org/options?query=networking.networkmanager.dns
package nixsec.rules.dns.dns003

import data.nixsec.lib

_comps := ["networking", "networkmanager", "dns"]

deny contains v if {
	lib.local_resolver_enabled
	input.config.networking.networkmanager.enable == true
	lib.has(_comps)
	value := object.get(input.config, _comps, null)
	value != "none"
	p := lib.path(_comps)
	v := {
		"path": p,
		"msg": sprintf(
			"networking.networkmanager.dns is %s%s: NetworkManager bypasses the local resolver %s",
			[lib.show(value), lib.default_note(p), lib.local_resolver.name],
		),
		"anchor": lib.local_resolver.enable_path,
		"fix": {"path": p, "value": "none"},
	}
}
