# METADATA
# title: dnscrypt-proxy accepts resolvers without DNSSEC
# description: |
#   With require_dnssec off, dnscrypt-proxy may pick a resolver that does not
#   validate DNSSEC, so forged answers for signed zones are accepted as long
#   as the (encrypted) resolver itself passes them on. The upstream example
#   configuration leaves it false, and NixOS only adds what the host sets in
#   services.dnscrypt-proxy.settings. Requiring it limits the server list to
#   validating resolvers.
# custom:
#   id: DNS005
#   severity: medium
#   options:
#     - path: services.dnscrypt-proxy.enable
#       aliases:
#         - services.dnscrypt-proxy2.enable
#     - path: services.dnscrypt-proxy.settings
#       aliases:
#         - services.dnscrypt-proxy2.settings
#   remediation: |
#     services.dnscrypt-proxy.settings.require_dnssec = true;
#   references:
#     - https://xeiaso.net/blog/paranoid-nixos-2021-07-18/
#     - https://github.com/DNSCrypt/dnscrypt-proxy/wiki/Configuration
#     - https://wiki.nixos.org/wiki/Encrypted_DNS
package nixsec.rules.dns.dns005

import data.nixsec.lib

deny contains v if {
	some dp in lib.dnscrypt_proxies
	settings := object.get(input.config, array.concat(dp, ["settings"]), null)
	is_object(settings)
	value := object.get(settings, "require_dnssec", null)
	value != true
	p := lib.path(array.concat(dp, ["settings", "require_dnssec"]))
	v := {
		"path": p,
		"msg": _msg(value),
		"anchor": lib.path(array.concat(dp, ["enable"])),
		"fix": {"path": p, "value": true},
	}
}

_msg(value) := "require_dnssec is not set (dnscrypt-proxy default: false)" if value == null

_msg(value) := sprintf("require_dnssec is %s", [lib.show(value)]) if value != null
