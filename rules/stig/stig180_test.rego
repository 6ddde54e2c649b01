package nixsec.rules.stig.stig180_test

import data.nixsec.rules.stig.stig180

# 2026-07-01T00:00:00Z and 2026-06-30T12:00:00Z.
_july := 1782864000

_june30 := 1782820800

_host(release, now) := {"config": {"system": {"nixos": {"release": release}}}, "defined": {}, "now": now}

test_expired_11_fires if {
	stig180.deny == {{
		"path": "system.nixos.release",
		"msg": "NixOS 25.11 has been out of support since 2026-06-30: it gets no security updates",
	}} with input as _host("25.11", _july)
}

test_last_day_passes if {
	count(stig180.deny) == 0 with input as _host("25.11", _june30)
}

test_expired_05_fires if {
	some v in stig180.deny with input as _host("25.05", _july)
	v.msg == "NixOS 25.05 has been out of support since 2025-12-31: it gets no security updates"
}

test_supported_05_passes if {
	count(stig180.deny) == 0 with input as _host("26.05", _july)
}

test_unparsable_passes if {
	count(stig180.deny) == 0 with input as _host("26.11pre-git", _july)
}

test_no_now_passes if {
	count(stig180.deny) == 0 with input as {"config": {"system": {"nixos": {"release": "20.09"}}}, "defined": {}}
}
