# METADATA
# title: systemd-resolved runs beside the local encrypted-DNS resolver
# description: |
#   The point of a local resolver such as dnscrypt-proxy is that every DNS
#   query leaves the host encrypted, through it. When systemd-resolved is on as
#   well, /etc/resolv.conf points at resolved's stub (127.0.0.53), and resolved
#   forwards to the servers it learns from DHCP or its own fallback list in
#   clear text, so queries bypass the local resolver, and the two may fight over
#   port 53. systemd-networkd switches resolved on implicitly (mkDefault), so a
#   host can have it without ever writing it.
# custom:
#   id: DNS001
#   severity: high
#   options:
#     - path: services.dnscrypt-proxy.enable
#       aliases:
#         - services.dnscrypt-proxy2.enable
#     - services.unbound.enable
#     - services.stubby.enable
#     - services.resolved.enable
#   remediation: |
#     services.resolved.enable = false;
#   references:
#     - https://xeiaso.net/blog/paranoid-nixos-2021-07-18/
#     - https://wiki.nixos.org/wiki/Encrypted_DNS
#     - https://notashelf.dev/posts/insecurities-remedies-i
package nixsec.rules.dns.dns001

import data.nixsec.lib

_comps := ["services", "resolved", "enable"]

deny contains v if {
	lib.local_resolver_enabled
	input.config.services.resolved.enable == true
	p := lib.path(_comps)
	v := {
		"path": p,
		"msg": sprintf("services.resolved.enable is true beside the local resolver %s", [lib.local_resolver.name]),
		"anchor": lib.local_resolver.enable_path,
		"fix": {"path": p, "value": false},
	}
}
