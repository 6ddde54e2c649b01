package nixsec.rules.services.svc002_test

import data.nixsec.rules.services.svc002

_p := "services.avahi.enable"

_host(avahi, defined) := {"host": "web", "config": {"services": {"avahi": avahi}}, "defined": defined}

test_enabled_fires if {
	svc002.deny == {{
		"path": _p,
		"msg": "services.avahi.enable is true: mDNS announces the host on the local network",
		"fix": {"path": _p, "value": false},
	}} with input as _host({"enable": true, "openFirewall": false, "publish": {"enable": false}}, {_p: true})
}

test_open_firewall_and_publish_named if {
	some v in svc002.deny with input as _host({"enable": true, "openFirewall": true, "publish": {"enable": true}}, {_p: true})
	v.msg == "services.avahi.enable is true: mDNS announces the host on the local network; it publishes the host's services (services.avahi.publish.enable) and opens UDP 5353 on every interface (services.avahi.openFirewall)"
}

test_open_firewall_only if {
	some v in svc002.deny with input as _host({"enable": true, "openFirewall": true}, {_p: true})
	v.msg == "services.avahi.enable is true: mDNS announces the host on the local network; it opens UDP 5353 on every interface (services.avahi.openFirewall)"
}

test_disabled_passes if {
	count(svc002.deny) == 0 with input as _host({"enable": false, "openFirewall": true, "publish": {"enable": true}}, {})
}

test_module_absent_passes if {
	count(svc002.deny) == 0 with input as {"config": {}, "defined": {}}
}
