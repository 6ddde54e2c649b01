package nixsec.rules.dns.dns005_test

import data.nixsec.rules.dns.dns005

_host(services) := {"host": "web", "config": {"services": services}, "defined": {}}

test_unset_fires if {
	dns005.deny == {{
		"path": "services.dnscrypt-proxy.settings.require_dnssec",
		"msg": "require_dnssec is not set (dnscrypt-proxy default: false)",
		"anchor": "services.dnscrypt-proxy.enable",
		"fix": {"path": "services.dnscrypt-proxy.settings.require_dnssec", "value": true},
	}} with input as _host({"dnscrypt-proxy": {"enable": true, "settings": {"ipv6_servers": false}}})
}

test_false_fires if {
	some v in dns005.deny with input as _host({"dnscrypt-proxy": {"enable": true, "settings": {"require_dnssec": false}}})
	v.msg == "require_dnssec is false"
}

test_true_passes if {
	count(dns005.deny) == 0 with input as _host({"dnscrypt-proxy": {"enable": true, "settings": {"require_dnssec": true}}})
}

# Older nixpkgs: the module is services.dnscrypt-proxy2.
test_old_name_fires_at_old_path if {
	some v in dns005.deny with input as _host({"dnscrypt-proxy2": {"enable": true, "settings": {}}})
	v.path == "services.dnscrypt-proxy2.settings.require_dnssec"
	v.anchor == "services.dnscrypt-proxy2.enable"
}

test_disabled_passes if {
	count(dns005.deny) == 0 with input as _host({"dnscrypt-proxy": {"enable": false, "settings": {}}})
}

# Only dnscrypt-proxy has this setting; another local resolver is not checked.
test_other_resolver_passes if {
	count(dns005.deny) == 0 with input as _host({"unbound": {"enable": true}})
}

test_module_absent_passes if {
	count(dns005.deny) == 0 with input as {"config": {}, "defined": {}}
	count(dns005.deny) == 0 with input as _host({"dnscrypt-proxy": {"enable": true}})
}

# A look-alike services.dnscrypt-proxy with safe settings beside the real
# (25.05) services.dnscrypt-proxy2: the real one's settings are checked.
test_lookalike_does_not_hide_the_real_settings if {
	inp := _host({
		"dnscrypt-proxy": {"enable": true, "settings": {"require_dnssec": true}},
		"dnscrypt-proxy2": {"enable": true, "settings": {"require_dnssec": false}},
	})
	{v.path | some v in dns005.deny} == {"services.dnscrypt-proxy2.settings.require_dnssec"} with input as inp
}
