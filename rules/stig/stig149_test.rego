package nixsec.rules.stig.stig149_test

import data.nixsec.rules.stig.stig149

_pool := ["0.nixos.pool.ntp.org", "1.nixos.pool.ntp.org", "2.nixos.pool.ntp.org", "3.nixos.pool.ntp.org"]

_host(servers, time_servers, defined) := {
	"config": {
		"services": {"timesyncd": {"enable": true, "servers": servers}},
		"networking": {"timeServers": time_servers},
	},
	"defined": defined,
}

test_nixos_default_pool_fires if {
	stig149.deny == {{
		"path": "networking.timeServers",
		"msg": "timesyncd's servers are [ \"0.nixos.pool.ntp.org\" \"1.nixos.pool.ntp.org\" \"2.nixos.pool.ntp.org\" \"3.nixos.pool.ntp.org\" ] (NixOS default): the public NTP pool, not an authorized authoritative time source",
		"anchor": "services.timesyncd.enable",
	}} with input as _host(null, _pool, {})
}

test_named_servers_pass if {
	count(stig149.deny) == 0 with input as _host(null, ["tick.usnogps.navy.mil", "tock.usnogps.navy.mil"], {"networking.timeServers": true})
}

# services.timesyncd.servers, when a non-empty list, is what timesyncd uses.
test_timesyncd_servers_win if {
	count(stig149.deny) == 0 with input as _host(["ntp.example.mil"], _pool, {})
	some v in stig149.deny with input as _host(["pool.ntp.org"], ["ntp.example.mil"], {})
	v.path == "services.timesyncd.servers"
}

test_empty_fires if {
	some v in stig149.deny with input as _host(null, [], {"networking.timeServers": true})
	v.msg == "no time servers are configured: timesyncd falls back to the servers systemd was built with"
}

test_timesyncd_off_not_applicable if {
	inp := {"config": {"services": {"timesyncd": {"enable": false}}, "networking": {"timeServers": _pool}}, "defined": {}}
	stig149.not_applicable with input as inp
	count(stig149.deny) == 0 with input as inp
}
