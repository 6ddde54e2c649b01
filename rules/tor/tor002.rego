# METADATA
# title: Firefox resolves names outside its SOCKS proxy
# description: |
#   With a SOCKS proxy and network.proxy.socks_remote_dns left false (the
#   Firefox default for SOCKS 5), Firefox resolves every host name itself,
#   through the system resolver, and sends only the address through the
#   proxy: the network, the ISP and the DNS resolver see every site visited
#   even though the traffic goes through Tor. socks_remote_dns = true (or
#   UseProxyForDNS in a Proxy policy) lets the proxy resolve the names.
# custom:
#   id: TOR002
#   severity: high
#   options:
#     - programs.firefox.enable
#     - programs.firefox.preferences
#     - programs.firefox.policies.Preferences
#     - programs.firefox.policies.Proxy
#   remediation: |
#     programs.firefox.preferences."network.proxy.socks_remote_dns" = true;
#   references:
#     - https://xeiaso.net/blog/paranoid-nixos-2021-07-18/
#     - https://mozilla.github.io/policy-templates/#proxy
#     - https://support.torproject.org/tbb/tbb-editing-need-to-configure-proxy/
package nixsec.rules.tor.tor002

import data.nixsec.lib

_name := "network.proxy.socks_remote_dns"

_use_proxy_for_dns := ["programs", "firefox", "policies", "Proxy", "UseProxyForDNS"]

deny contains v if {
	socks := lib.firefox_socks
	socks.via == "preference"
	not _remote_dns
	fix := lib.firefox_pref_fix(_name, true)
	v := {
		"path": fix.path,
		"msg": sprintf("Firefox uses a SOCKS proxy but %s: DNS queries leak outside the proxy", [_state]),
		"anchor": socks.path,
		"fix": fix,
	}
}

deny contains v if {
	socks := lib.firefox_socks
	socks.via == "policy"
	not _remote_dns
	p := lib.path(_use_proxy_for_dns)
	v := {
		"path": p,
		"msg": sprintf("the Firefox Proxy policy uses SOCKS but UseProxyForDNS is %s: DNS queries leak outside the proxy", [lib.show(object.get(input.config, _use_proxy_for_dns, null))]),
		"anchor": socks.path,
		"fix": {"path": p, "value": true},
	}
}

_remote_dns if lib.firefox_pref(_name).value == true

_remote_dns if input.config.programs.firefox.policies.Proxy.UseProxyForDNS == true

_state := sprintf("%s is %s", [_name, lib.show(lib.firefox_pref(_name).value)]) if {
	lib.firefox_pref(_name)
} else := sprintf("%s is not set (Firefox default: false)", [_name])
