package nixsec.rules.dns.dns003_test

import data.nixsec.rules.dns.dns003

_p := "networking.networkmanager.dns"

_host(resolver, nm, defined) := {
	"host": "laptop",
	"config": {"services": resolver, "networking": {"networkmanager": nm}},
	"defined": defined,
}

_dnscrypt := {"dnscrypt-proxy": {"enable": true}}

test_default_fires if {
	dns003.deny == {{
		"path": _p,
		"msg": "networking.networkmanager.dns is \"default\" (NixOS default): NetworkManager bypasses the local resolver dnscrypt-proxy",
		"anchor": "services.dnscrypt-proxy.enable",
		"fix": {"path": _p, "value": "none"},
	}} with input as _host(_dnscrypt, {"enable": true, "dns": "default"}, {})
}

test_forced_by_resolved_fires if {
	some v in dns003.deny with input as _host({"unbound": {"enable": true}}, {"enable": true, "dns": "systemd-resolved"}, {_p: true})
	v.msg == "networking.networkmanager.dns is \"systemd-resolved\": NetworkManager bypasses the local resolver unbound"
}

test_none_passes if {
	count(dns003.deny) == 0 with input as _host(_dnscrypt, {"enable": true, "dns": "none"}, {_p: true})
}

test_networkmanager_off_passes if {
	count(dns003.deny) == 0 with input as _host(_dnscrypt, {"enable": false, "dns": "default"}, {})
}

test_no_local_resolver_passes if {
	count(dns003.deny) == 0 with input as _host({"dnscrypt-proxy": {"enable": false}}, {"enable": true, "dns": "default"}, {})
}

test_old_dnscrypt_name_fires if {
	some v in dns003.deny with input as _host({"dnscrypt-proxy2": {"enable": true}}, {"enable": true, "dns": "dnsmasq"}, {_p: true})
	v.anchor == "services.dnscrypt-proxy2.enable"
}

test_module_absent_passes if {
	count(dns003.deny) == 0 with input as {"config": {"services": _dnscrypt}, "defined": {}}
}
