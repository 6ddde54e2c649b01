package nixsec.rules.dns.dns004_test

import data.nixsec.rules.dns.dns004

_host(resolver, dhcpcd) := {
	"host": "web",
	"config": {"services": resolver, "networking": {"dhcpcd": dhcpcd}},
	"defined": {},
}

_stubby := {"stubby": {"enable": true}}

test_empty_extra_config_fires if {
	dns004.deny == {{
		"path": "networking.dhcpcd.extraConfig",
		"msg": "networking.dhcpcd.extraConfig lacks \"nohook resolv.conf\": DHCP's servers bypass the local resolver stubby",
		"anchor": "services.stubby.enable",
	}} with input as _host(_stubby, {"enable": true, "extraConfig": ""})
}

test_other_hook_fires if {
	count(dns004.deny) == 1 with input as _host(_stubby, {"enable": true, "extraConfig": "nohook ntp\n# nohook resolv.conf\n"})
}

test_nohook_passes if {
	count(dns004.deny) == 0 with input as _host(_stubby, {"enable": true, "extraConfig": "noipv6rs\nnohook resolv.conf\n"})
	count(dns004.deny) == 0 with input as _host(_stubby, {"enable": true, "extraConfig": "  nohook ntp, resolv.conf"})
}

test_dhcpcd_off_passes if {
	count(dns004.deny) == 0 with input as _host(_stubby, {"enable": false, "extraConfig": ""})
}

test_no_local_resolver_passes if {
	count(dns004.deny) == 0 with input as _host({"stubby": {"enable": false}}, {"enable": true, "extraConfig": ""})
}

test_module_absent_passes if {
	count(dns004.deny) == 0 with input as {"config": {"services": _stubby}, "defined": {}}
}
