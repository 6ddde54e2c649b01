package nixsec.rules.dns.dns006_test

import data.nixsec.rules.dns.dns006

_host(services) := {"host": "web", "config": {"services": services}, "defined": {}}

_key := "RWQf6LRCGA9i53mlYecO4IzT51TGPpvWucNSCh1CBM0QTaLn73Y7GFO3"

test_source_without_key_fires if {
	sources := {"public-resolvers": {"urls": ["https://example.org/public-resolvers.md"], "cache_file": "p.md"}}
	dns006.deny == {{
		"path": "services.dnscrypt-proxy.settings.sources.public-resolvers",
		"msg": "resolver source public-resolvers has no minisign_key: the downloaded resolver list is not verified",
		"anchor": "services.dnscrypt-proxy.enable",
	}} with input as _host({"dnscrypt-proxy": {"enable": true, "settings": {"sources": sources}}})
}

test_signed_source_passes if {
	sources := {"public-resolvers": {"urls": ["u"], "minisign_key": _key}}
	count(dns006.deny) == 0 with input as _host({"dnscrypt-proxy": {"enable": true, "settings": {"sources": sources}}})
}

test_empty_or_null_key_fires if {
	sources := {"a": {"minisign_key": ""}, "b": {"minisign_key": null}, "c": {"minisign_key": _key}}
	paths := {v.path | some v in dns006.deny} with input as _host({"dnscrypt-proxy": {"enable": true, "settings": {"sources": sources}}})
	paths == {"services.dnscrypt-proxy.settings.sources.a", "services.dnscrypt-proxy.settings.sources.b"}
}

test_source_name_needing_quotes if {
	sources := {"my.list": {"urls": ["u"]}}
	some v in dns006.deny with input as _host({"dnscrypt-proxy": {"enable": true, "settings": {"sources": sources}}})
	v.path == `services.dnscrypt-proxy.settings.sources."my.list"`
}

# No sources of its own: the upstream example's signed sources apply.
test_no_sources_passes if {
	count(dns006.deny) == 0 with input as _host({"dnscrypt-proxy": {"enable": true, "settings": {}}})
	count(dns006.deny) == 0 with input as _host({"dnscrypt-proxy": {"enable": true, "settings": {"sources": {}}}})
}

test_old_name_fires_at_old_path if {
	sources := {"relays": {"urls": ["u"]}}
	some v in dns006.deny with input as _host({"dnscrypt-proxy2": {"enable": true, "settings": {"sources": sources}}})
	v.path == "services.dnscrypt-proxy2.settings.sources.relays"
	v.anchor == "services.dnscrypt-proxy2.enable"
}

test_disabled_passes if {
	sources := {"public-resolvers": {"urls": ["u"]}}
	count(dns006.deny) == 0 with input as _host({"dnscrypt-proxy": {"enable": false, "settings": {"sources": sources}}})
}

test_module_absent_passes if {
	count(dns006.deny) == 0 with input as {"config": {}, "defined": {}}
}
