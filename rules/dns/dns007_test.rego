package nixsec.rules.dns.dns007_test

import data.nixsec.rules.dns.dns007

_host(services) := {"host": "web", "config": {"services": services}, "defined": {}}

_on(settings) := _host({"dnscrypt-proxy": {"enable": true, "settings": settings}})

_blocklist := {"blocked_names": {"blocked_names_file": "/etc/dnscrypt/blocked-names.txt"}}

test_ipv6_contradiction_fires if {
	dns007.deny == {{
		"path": "services.dnscrypt-proxy.settings.block_ipv6",
		"msg": "block_ipv6 is true while ipv6_servers is true: IPv6 resolvers are used but AAAA queries get empty answers",
		"anchor": "services.dnscrypt-proxy.settings.ipv6_servers",
	}} with input as _on({"ipv6_servers": true, "block_ipv6": true})
}

test_ipv6_consistent_passes if {
	count(dns007.deny) == 0 with input as _on({"ipv6_servers": true, "block_ipv6": false})
	count(dns007.deny) == 0 with input as _on({"ipv6_servers": false, "block_ipv6": true})
	count(dns007.deny) == 0 with input as _on({"ipv6_servers": true})
}

test_nofilter_false_with_blocklist_fires if {
	dns007.deny == {{
		"path": "services.dnscrypt-proxy.settings.require_nofilter",
		"msg": "require_nofilter is false while the host keeps its own blocklist (blocked_names): resolvers may filter on top of it",
		"fix": {"path": "services.dnscrypt-proxy.settings.require_nofilter", "value": true},
	}} with input as _on(object.union(_blocklist, {"require_nofilter": false}))
}

test_nofilter_false_with_ip_blocklist_fires if {
	settings := {"require_nofilter": false, "blocked_ips": {"blocked_ips_file": "/etc/ips.txt"}}
	count(dns007.deny) == 1 with input as _on(settings)
}

# Both lists: one finding, naming the first.
test_both_blocklists_one_finding if {
	settings := object.union(_blocklist, {"require_nofilter": false, "blocked_ips": {"blocked_ips_file": "/etc/ips.txt"}})
	count(dns007.deny) == 1 with input as _on(settings)
}

test_nofilter_false_without_blocklist_passes if {
	count(dns007.deny) == 0 with input as _on({"require_nofilter": false})
	count(dns007.deny) == 0 with input as _on({"require_nofilter": false, "blocked_names": {"blocked_names_file": ""}})
}

test_nofilter_true_or_unset_passes if {
	count(dns007.deny) == 0 with input as _on(object.union(_blocklist, {"require_nofilter": true}))
	count(dns007.deny) == 0 with input as _on(_blocklist)
}

test_both_findings if {
	settings := object.union(_blocklist, {"require_nofilter": false, "ipv6_servers": true, "block_ipv6": true})
	count(dns007.deny) == 2 with input as _on(settings)
}

test_old_name if {
	some v in dns007.deny with input as _host({"dnscrypt-proxy2": {"enable": true, "settings": {"ipv6_servers": true, "block_ipv6": true}}})
	v.path == "services.dnscrypt-proxy2.settings.block_ipv6"
}

test_disabled_or_absent_passes if {
	count(dns007.deny) == 0 with input as _host({"dnscrypt-proxy": {"enable": false, "settings": {"ipv6_servers": true, "block_ipv6": true}}})
	count(dns007.deny) == 0 with input as {"config": {}, "defined": {}}
}
