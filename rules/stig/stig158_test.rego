package nixsec.rules.stig.stig158_test

import data.nixsec.rules.stig.stig158

_host(nft, fw, ruleset) := {
	"config": {"networking": {
		"nftables": {"enable": nft, "ruleset": ruleset},
		"firewall": object.union({"enable": true}, fw),
	}},
	"defined": {},
}

test_iptables_no_limit_fires if {
	stig158.deny == {{
		"path": "networking.firewall.extraCommands",
		"msg": "no rate limit in the firewall configuration (hashlimit, -m limit, limit rate or a meter): one source can exhaust a service's connections",
	}} with input as _host(false, {"extraCommands": "iptables -A nixos-fw -p icmp -j ACCEPT\n"}, "")
}

test_hashlimit_passes if {
	count(stig158.deny) == 0 with input as _host(false, {"extraCommands": "iptables -I nixos-fw -p tcp --dport 22 -m hashlimit --hashlimit-above 1000000b/s --hashlimit-mode srcip -j DROP\n"}, "")
}

test_m_limit_passes if {
	count(stig158.deny) == 0 with input as _host(false, {"extraCommands": "iptables -A INPUT -p tcp --syn -m limit --limit 1000/minute -j ACCEPT\n"}, "")
}

test_nftables_no_limit_fires_at_input_rules if {
	some v in stig158.deny with input as _host(true, {"extraInputRules": "tcp dport 22 accept"}, "")
	v.path == "networking.firewall.extraInputRules"
}

test_nftables_limit_rate_passes if {
	count(stig158.deny) == 0 with input as _host(true, {"extraInputRules": "tcp dport 443 limit rate over 1000/minute drop"}, "")
}

test_ruleset_meter_passes if {
	count(stig158.deny) == 0 with input as _host(true, {}, "table inet f { chain i { tcp dport 22 meter ssh { ip saddr limit rate 10/second } accept } }")
}
