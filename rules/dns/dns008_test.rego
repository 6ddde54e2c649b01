package nixsec.rules.dns.dns008_test

import data.nixsec.rules.dns.dns008

_host(tor, client, dnscrypt) := {
	"host": "laptop",
	"config": {"services": {"tor": {"enable": tor, "client": {"enable": client}}, "dnscrypt-proxy": dnscrypt}},
	"defined": {},
}

test_tor_without_proxy_fires if {
	dns008.deny == {{
		"path": "services.dnscrypt-proxy.settings.proxy",
		"msg": "the Tor client runs but dnscrypt-proxy has no proxy: the network and the resolver see the host's address",
		"anchor": "services.dnscrypt-proxy.enable",
	}} with input as _host(true, true, {"enable": true, "settings": {}})
}

test_null_or_empty_proxy_fires if {
	count(dns008.deny) == 1 with input as _host(true, true, {"enable": true, "settings": {"proxy": null}})
	count(dns008.deny) == 1 with input as _host(true, true, {"enable": true, "settings": {"proxy": ""}})
}

test_proxy_set_passes if {
	settings := {"proxy": "socks5://127.0.0.1:9050", "force_tcp": true}
	count(dns008.deny) == 0 with input as _host(true, true, {"enable": true, "settings": settings})
}

# A relay-only Tor has no SOCKS port to go through.
test_tor_without_client_passes if {
	count(dns008.deny) == 0 with input as _host(true, false, {"enable": true, "settings": {}})
}

test_tor_off_passes if {
	count(dns008.deny) == 0 with input as _host(false, true, {"enable": true, "settings": {}})
}

test_dnscrypt_off_passes if {
	count(dns008.deny) == 0 with input as _host(true, true, {"enable": false, "settings": {}})
}

test_old_name if {
	inp := {
		"config": {"services": {"tor": {"enable": true, "client": {"enable": true}}, "dnscrypt-proxy2": {"enable": true, "settings": {}}}},
		"defined": {},
	}
	some v in dns008.deny with input as inp
	v.path == "services.dnscrypt-proxy2.settings.proxy"
}

test_modules_absent_pass if {
	count(dns008.deny) == 0 with input as {"config": {}, "defined": {}}
	count(dns008.deny) == 0 with input as {"config": {"services": {"dnscrypt-proxy": {"enable": true, "settings": {}}}}, "defined": {}}
}
