package nixsec.rules.dns.dns001_test

import data.nixsec.rules.dns.dns001

_host(services) := {"host": "web", "config": {"services": services}, "defined": {}}

test_dnscrypt_with_resolved_fires if {
	dns001.deny == {{
		"path": "services.resolved.enable",
		"msg": "services.resolved.enable is true beside the local resolver dnscrypt-proxy",
		"anchor": "services.dnscrypt-proxy.enable",
		"fix": {"path": "services.resolved.enable", "value": false},
	}} with input as _host({"dnscrypt-proxy": {"enable": true}, "resolved": {"enable": true}})
}

test_unbound_with_resolved_fires if {
	some v in dns001.deny with input as _host({"unbound": {"enable": true}, "resolved": {"enable": true}})
	v.anchor == "services.unbound.enable"
	v.msg == "services.resolved.enable is true beside the local resolver unbound"
}

test_stubby_with_resolved_fires if {
	some v in dns001.deny with input as _host({"stubby": {"enable": true}, "resolved": {"enable": true}})
	v.anchor == "services.stubby.enable"
}

# Several resolvers: one finding, anchored at the first in preference order.
test_several_resolvers_one_finding if {
	inp := _host({
		"dnscrypt-proxy": {"enable": false},
		"unbound": {"enable": true},
		"stubby": {"enable": true},
		"resolved": {"enable": true},
	})
	count(dns001.deny) == 1 with input as inp
	some v in dns001.deny with input as inp
	v.anchor == "services.unbound.enable"
}

# Old nixpkgs: only services.dnscrypt-proxy2 is in the document.
test_old_name_only_fires if {
	some v in dns001.deny with input as _host({"dnscrypt-proxy2": {"enable": true}, "resolved": {"enable": true}})
	v.anchor == "services.dnscrypt-proxy2.enable"
}

# New nixpkgs: the alias' value equals the new one; the new name wins.
test_new_and_old_name_anchor_new if {
	inp := _host({"dnscrypt-proxy": {"enable": true}, "dnscrypt-proxy2": {"enable": true}, "resolved": {"enable": true}})
	count(dns001.deny) == 1 with input as inp
	some v in dns001.deny with input as inp
	v.anchor == "services.dnscrypt-proxy.enable"
}

# The two names disagree only when a module declared a look-alike of one:
# the real module is on under the other name, and counts.
test_either_name_on_counts if {
	inp := _host({"dnscrypt-proxy": {"enable": false}, "dnscrypt-proxy2": {"enable": true}, "resolved": {"enable": true}})
	some v in dns001.deny with input as inp
	v.anchor == "services.dnscrypt-proxy2.enable"
}

test_resolved_off_passes if {
	count(dns001.deny) == 0 with input as _host({"dnscrypt-proxy": {"enable": true}, "resolved": {"enable": false}})
}

test_no_local_resolver_passes if {
	count(dns001.deny) == 0 with input as _host({"dnscrypt-proxy": {"enable": false}, "resolved": {"enable": true}})
}

test_modules_absent_pass if {
	count(dns001.deny) == 0 with input as _host({"dnscrypt-proxy": {"enable": true}})
	count(dns001.deny) == 0 with input as _host({"resolved": {"enable": true}})
}
