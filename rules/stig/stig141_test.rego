package nixsec.rules.stig.stig141_test

import data.nixsec.rules.stig.stig141

_p := "boot.kernel.sysctl.\"net.ipv4.tcp_syncookies\""

_host(sysctl) := {"config": {"boot": {"kernel": {"sysctl": sysctl}}}, "defined": {}}

test_bad_value_fires if {
	stig141.deny == {{
		"path": _p,
		"msg": "net.ipv4.tcp_syncookies is 0: SYN cookies are off: a SYN flood can exhaust the backlog of half-open connections",
		"fix": {"path": _p, "value": 1},
	}} with input as _host({"net.ipv4.tcp_syncookies": 0})
}

test_string_value_fires if {
	count(stig141.deny) == 1 with input as _host({"net.ipv4.tcp_syncookies": "0"})
}

test_required_value_passes if {
	count(stig141.deny) == 0 with input as _host({"net.ipv4.tcp_syncookies": 1})
}

test_required_string_passes if {
	count(stig141.deny) == 0 with input as _host({"net.ipv4.tcp_syncookies": " 1 "})
}

# Unset: the kernel's default (1) applies.
test_unset_passes if {
	count(stig141.deny) == 0 with input as _host({"kernel.kptr_restrict": 2})
}
