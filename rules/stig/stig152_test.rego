package nixsec.rules.stig.stig152_test

import data.nixsec.rules.stig.stig152

_p := "nix.settings.allowed-users"

_host(users, defined) := {"config": {"nix": {"settings": {"allowed-users": users}}}, "defined": defined}

test_default_star_fires if {
	stig152.deny == {{
		"path": _p,
		"msg": "nix.settings.allowed-users is [ \"*\" ] (NixOS default): * may use the Nix daemon; the STIG allows only root and @wheel",
		"fix": {"path": _p, "value": ["root", "@wheel"]},
	}} with input as _host(["*"], {})
}

# NIX004's own suggestion is not enough for the STIG.
test_users_group_fires if {
	some v in stig152.deny with input as _host(["root", "@users"], {_p: true})
	v.msg == "nix.settings.allowed-users is [ \"root\" \"@users\" ]: @users may use the Nix daemon; the STIG allows only root and @wheel"
}

test_root_wheel_passes if {
	count(stig152.deny) == 0 with input as _host(["root", "@wheel"], {_p: true})
}

test_subset_passes if {
	count(stig152.deny) == 0 with input as _host(["@wheel"], {_p: true})
}

test_absent_passes if {
	count(stig152.deny) == 0 with input as {"config": {}, "defined": {}}
}
