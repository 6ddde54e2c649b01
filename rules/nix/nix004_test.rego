package nixsec.rules.nix.nix004_test

import data.nixsec.rules.nix.nix004

_p := "nix.settings.allowed-users"

_host(users, defined) := {"host": "web", "config": {"nix": {"settings": {"allowed-users": users}}}, "defined": defined}

test_default_fires if {
	nix004.deny == {{
		"path": _p,
		"msg": "nix.settings.allowed-users is [ \"*\" ] (NixOS default): every local account may use the Nix daemon",
		"fix": {"path": _p, "value": ["@users"]},
	}} with input as _host(["*"], {})
}

test_star_among_others_fires if {
	some v in nix004.deny with input as _host(["@wheel", "*"], {_p: true})
	v.msg == "nix.settings.allowed-users is [ \"@wheel\" \"*\" ]: every local account may use the Nix daemon"
}

test_restricted_passes if {
	count(nix004.deny) == 0 with input as _host(["@users"], {_p: true})
	count(nix004.deny) == 0 with input as _host([], {_p: true})
}

test_module_absent_passes if {
	count(nix004.deny) == 0 with input as {"config": {}, "defined": {}}
}
