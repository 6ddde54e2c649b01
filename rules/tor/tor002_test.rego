package nixsec.rules.tor.tor002_test

import data.nixsec.rules.tor.tor002

_firefox(firefox) := {"host": "laptop", "config": {"programs": {"firefox": object.union({"enable": true}, firefox)}}, "defined": {}}

_socks := {"network.proxy.socks": "127.0.0.1", "network.proxy.socks_port": 9050}

test_remote_dns_unset_fires if {
	tor002.deny == {{
		"path": `programs.firefox.preferences."network.proxy.socks_remote_dns"`,
		"msg": "Firefox uses a SOCKS proxy but network.proxy.socks_remote_dns is not set (Firefox default: false): DNS queries leak outside the proxy",
		"anchor": `programs.firefox.preferences."network.proxy.socks"`,
		"fix": {"path": `programs.firefox.preferences."network.proxy.socks_remote_dns"`, "value": true},
	}} with input as _firefox({"preferences": _socks})
}

test_remote_dns_false_fires if {
	some v in tor002.deny with input as _firefox({"preferences": object.union(_socks, {"network.proxy.socks_remote_dns": false})})
	v.msg == "Firefox uses a SOCKS proxy but network.proxy.socks_remote_dns is false: DNS queries leak outside the proxy"
}

test_remote_dns_true_passes if {
	count(tor002.deny) == 0 with input as _firefox({"preferences": object.union(_socks, {"network.proxy.socks_remote_dns": true})})
}

test_policy_preferences_fix_keeps_policy_form if {
	prefs := {
		"network.proxy.socks": {"Value": "127.0.0.1", "Status": "locked"},
		"network.proxy.socks_remote_dns": {"Value": false, "Status": "locked"},
	}
	some v in tor002.deny with input as _firefox({"policies": {"Preferences": prefs}})
	v.fix == {
		"path": `programs.firefox.policies.Preferences."network.proxy.socks_remote_dns"`,
		"value": {"Value": true, "Status": "locked"},
	}
}

test_proxy_policy_without_dns_fires if {
	policies := {"Proxy": {"Mode": "manual", "SOCKSProxy": "127.0.0.1:9050"}}
	tor002.deny == {{
		"path": "programs.firefox.policies.Proxy.UseProxyForDNS",
		"msg": "the Firefox Proxy policy uses SOCKS but UseProxyForDNS is null: DNS queries leak outside the proxy",
		"anchor": "programs.firefox.policies.Proxy.SOCKSProxy",
		"fix": {"path": "programs.firefox.policies.Proxy.UseProxyForDNS", "value": true},
	}} with input as _firefox({"policies": policies})
}

test_proxy_policy_with_dns_passes if {
	policies := {"Proxy": {"Mode": "manual", "SOCKSProxy": "127.0.0.1:9050", "UseProxyForDNS": true}}
	count(tor002.deny) == 0 with input as _firefox({"policies": policies})
}

# The preference sends the proxy, the policy asks for remote DNS: covered.
test_use_proxy_for_dns_covers_preference if {
	firefox := {"preferences": _socks, "policies": {"Proxy": {"UseProxyForDNS": true}}}
	count(tor002.deny) == 0 with input as _firefox(firefox)
}

test_no_proxy_or_disabled_passes if {
	count(tor002.deny) == 0 with input as _firefox({"preferences": {}})
	count(tor002.deny) == 0 with input as {"config": {"programs": {"firefox": {"enable": false, "preferences": _socks}}}, "defined": {}}
	count(tor002.deny) == 0 with input as {"config": {}, "defined": {}}
}
