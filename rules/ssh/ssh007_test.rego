package nixsec.rules.ssh.ssh007_test

import data.nixsec.rules.ssh.ssh007

_p := "services.openssh.settings.X11Forwarding"

_host(enable, x11) := {
	"host": "web",
	"config": {"services": {"openssh": {"enable": enable, "settings": {"X11Forwarding": x11}}}},
	"defined": {_p: true},
}

test_true_fires if {
	ssh007.deny == {{"path": _p, "msg": "X11Forwarding is true", "fix": {"path": _p, "value": false}}} with input as _host(true, true)
}

test_false_and_null_pass if {
	count(ssh007.deny) == 0 with input as _host(true, false)
	count(ssh007.deny) == 0 with input as _host(true, null)
}

test_sshd_disabled_passes if {
	count(ssh007.deny) == 0 with input as _host(false, true)
}

test_module_absent_passes if {
	count(ssh007.deny) == 0 with input as {"config": {}, "defined": {}}
}
