package nixsec.rules.dns.dns002_test

import data.nixsec.rules.dns.dns002

_host(services, nameservers) := {
	"host": "web",
	"config": {"services": services, "networking": {"nameservers": nameservers}},
	"defined": {},
}

_dnscrypt := {"dnscrypt-proxy": {"enable": true}}

test_public_server_beside_loopback_fires if {
	dns002.deny == {{
		"path": "networking.nameservers",
		"msg": "networking.nameservers holds \"1.1.1.1\" \"9.9.9.9\" besides the local resolver dnscrypt-proxy",
		"anchor": "services.dnscrypt-proxy.enable",
		"fix": {"path": "networking.nameservers", "value": ["127.0.0.1", "::1"]},
	}} with input as _host(_dnscrypt, ["127.0.0.1", "1.1.1.1", "::1", "9.9.9.9"])
}

test_only_public_servers_fix_to_loopback if {
	some v in dns002.deny with input as _host({"unbound": {"enable": true}}, ["8.8.8.8"])
	v.fix.value == ["127.0.0.1"]
	v.anchor == "services.unbound.enable"
}

test_empty_fires_dhcp if {
	dns002.deny == {{
		"path": "networking.nameservers",
		"msg": "networking.nameservers is empty: the servers DHCP hands out are used, not stubby",
		"anchor": "services.stubby.enable",
		"fix": {"path": "networking.nameservers", "value": ["127.0.0.1"]},
	}} with input as _host({"stubby": {"enable": true}}, [])
}

# resolved's stub address is not the local resolver.
test_resolved_stub_address_fires if {
	count(dns002.deny) == 1 with input as _host(_dnscrypt, ["127.0.0.53"])
}

test_loopback_only_passes if {
	count(dns002.deny) == 0 with input as _host(_dnscrypt, ["127.0.0.1", "::1"])
	count(dns002.deny) == 0 with input as _host(_dnscrypt, ["127.0.0.1"])
}

# The old name's value (services.dnscrypt-proxy2.enable) on an old nixpkgs.
test_old_name_fires if {
	some v in dns002.deny with input as _host({"dnscrypt-proxy2": {"enable": true}}, ["1.1.1.1"])
	v.anchor == "services.dnscrypt-proxy2.enable"
}

test_no_local_resolver_passes if {
	count(dns002.deny) == 0 with input as _host({"dnscrypt-proxy": {"enable": false}}, ["1.1.1.1"])
	count(dns002.deny) == 0 with input as _host({}, [])
}

test_nameservers_absent_passes if {
	count(dns002.deny) == 0 with input as {"config": {"services": _dnscrypt}, "defined": {}}
}
