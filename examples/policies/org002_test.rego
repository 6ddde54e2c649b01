package nixsec.rules.org.org002_test

import data.nixsec.rules.org.org002

_host(tz) := {"host": "web", "config": {"time": {"timeZone": tz}}}

test_utc_passes if {
	count(org002.deny) == 0 with input as _host("UTC")
}

test_other_zone_fires_with_a_fix if {
	org002.deny == {{
		"path": "time.timeZone",
		"msg": "time.timeZone is \"Europe/Berlin\", not \"UTC\"",
		"fix": {"path": "time.timeZone", "value": "UTC"},
	}} with input as _host("Europe/Berlin")
}

test_null_fires if {
	some v in org002.deny with input as _host(null)
	v.msg == "time.timeZone is null (set imperatively, if at all), not \"UTC\""
}

# Not NixOS as we know it: say nothing rather than guess.
test_option_absent_passes if {
	count(org002.deny) == 0 with input as {"host": "web", "config": {}}
}
