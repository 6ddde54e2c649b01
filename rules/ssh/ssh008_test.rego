package nixsec.rules.ssh.ssh008_test

import data.nixsec.rules.ssh.ssh008

_p := "services.openssh.settings.LogLevel"

_host(enable, level, defined) := {
	"host": "web",
	"config": {"services": {"openssh": {"enable": enable, "settings": {"LogLevel": level}}}},
	"defined": defined,
}

test_default_info_fires if {
	ssh008.deny == {{
		"path": _p,
		"msg": "LogLevel is \"INFO\" (NixOS default)",
		"anchor": "services.openssh.enable",
		"fix": {"path": _p, "value": "VERBOSE"},
	}} with input as _host(true, "INFO", {})
}

test_defined_debug_fires if {
	some v in ssh008.deny with input as _host(true, "DEBUG3", {_p: true})
	v.msg == "LogLevel is \"DEBUG3\""
}

test_null_fires if {
	some v in ssh008.deny with input as _host(true, null, {_p: true})
	v.msg == "LogLevel is null (OpenSSH default: INFO)"
}

# services.openssh.logLevel = "VERBOSE" (old name) arrives at the new path.
test_verbose_passes if {
	count(ssh008.deny) == 0 with input as _host(true, "VERBOSE", {_p: true, "services.openssh.logLevel": true})
}

test_sshd_disabled_passes if {
	count(ssh008.deny) == 0 with input as _host(false, "INFO", {})
}

test_module_absent_passes if {
	count(ssh008.deny) == 0 with input as {"config": {"services": {"openssh": {"enable": true}}}, "defined": {}}
}
