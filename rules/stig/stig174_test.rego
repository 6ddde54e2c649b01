package nixsec.rules.stig.stig174_test

import data.nixsec.rules.stig.stig174

_tp := "environment.etc.\"default/useradd\".text"

_host(etc) := {"host": "web", "config": {"environment": {"etc": {"default/useradd": etc}}}, "defined": {}}

_none := "/etc/default/useradd sets no INACTIVE: accounts useradd creates are never disabled for inactivity (the STIG requires 35 days or less)"

test_nixos_file_fires if {
	stig174.deny == {{"path": _tp, "msg": _none}} with input as _host({"text": null, "source": {"_derivation": "useradd"}})
}

test_text_with_inactive_passes if {
	count(stig174.deny) == 0 with input as _host({"text": "GROUP=100\nHOME=/home\nINACTIVE=35\n", "source": {"_derivation": "etc-useradd"}})
	count(stig174.deny) == 0 with input as _host({"text": "INACTIVE=0\n"})
}

test_too_long_fires if {
	stig174.deny == {{
		"path": _tp,
		"msg": "INACTIVE=60 in /etc/default/useradd: the STIG requires 35 days or less",
	}} with input as _host({"text": "INACTIVE=60\n"})
}

test_never_fires if {
	count(stig174.deny) == 1 with input as _host({"text": "INACTIVE=-1\n"})
}

test_commented_fires if {
	stig174.deny == {{"path": _tp, "msg": _none}} with input as _host({"text": "GROUP=100\n#INACTIVE=35\n"})
}

test_unreadable_fires if {
	count(stig174.deny) == 1 with input as _host({"text": null, "source": "/persist/useradd"})
}
