package nixsec.rules.ssh.ssh002_test

import data.nixsec.rules.ssh.ssh002

_p := "services.openssh.settings.PermitRootLogin"

_host(prl, keys, defined) := {
	"host": "web",
	"config": {
		"services": {"openssh": {"enable": true, "settings": {"PermitRootLogin": prl}}},
		"users": {"users": {"root": {"openssh": {"authorizedKeys": {"keys": keys, "keyFiles": []}}}}},
	},
	"defined": defined,
}

test_default_without_keys_fires if {
	ssh002.deny == {{
		"path": _p,
		"msg": "PermitRootLogin is \"prohibit-password\" (NixOS default); root has no authorized keys",
		"anchor": "services.openssh.enable",
		"fix": {"path": _p, "value": "no"},
	}} with input as _host("prohibit-password", [], {})
}

test_defined_yes_with_keys_names_key_count if {
	some v in ssh002.deny with input as _host("yes", ["ssh-ed25519 AAAA a", "ssh-ed25519 AAAA b"], {_p: true})
	v.msg == "PermitRootLogin is \"yes\"; root has 2 authorized keys"
}

test_one_key_singular if {
	some v in ssh002.deny with input as _host("without-password", ["ssh-ed25519 AAAA a"], {_p: true})
	v.msg == "PermitRootLogin is \"without-password\"; root has 1 authorized key"
}

test_key_files_count_as_keys if {
	inp := {
		"config": {
			"services": {"openssh": {"enable": true, "settings": {"PermitRootLogin": "prohibit-password"}}},
			"users": {"users": {"root": {"openssh": {"authorizedKeys": {"keys": [], "keyFiles": ["/etc/keys/root.pub"]}}}}},
		},
		"defined": {},
	}
	some v in ssh002.deny with input as inp
	endswith(v.msg, "root has 1 authorized key")
}

test_null_fires_with_openssh_default if {
	some v in ssh002.deny with input as _host(null, [], {_p: true})
	v.msg == "PermitRootLogin is null (OpenSSH default: prohibit-password); root has no authorized keys"
}

# The old name (services.openssh.permitRootLogin = "no") arrives at the new path.
test_no_passes if {
	count(ssh002.deny) == 0 with input as _host("no", ["ssh-ed25519 AAAA a"], {_p: true, "services.openssh.permitRootLogin": true})
}

test_root_user_absent_counts_no_keys if {
	inp := {"config": {"services": {"openssh": {"enable": true, "settings": {"PermitRootLogin": "yes"}}}}, "defined": {_p: true}}
	some v in ssh002.deny with input as inp
	v.msg == "PermitRootLogin is \"yes\"; root has no authorized keys"
}

test_sshd_disabled_passes if {
	inp := {"config": {"services": {"openssh": {"enable": false, "settings": {"PermitRootLogin": "yes"}}}}, "defined": {}}
	count(ssh002.deny) == 0 with input as inp
}

test_module_absent_passes if {
	count(ssh002.deny) == 0 with input as {"config": {}, "defined": {}}
}

_x := "services.openssh.extraConfig"

_with_extra(settings, extra) := {
	"host": "web",
	"config": {
		"services": {"openssh": {"enable": true, "settings": settings, "extraConfig": concat("\n", ["AddressFamily any", "Port 22", extra])}},
		"users": {"users": {"root": {"openssh": {"authorizedKeys": {"keys": ["ssh-ed25519 AAAA a"], "keyFiles": []}}}}},
	},
	"defined": {_p: true},
}

# "no" in settings, root let in again inside a Match block of extraConfig.
test_extra_match_block_fires if {
	extra := "Match Address 10.0.0.0/8\n  PermitRootLogin prohibit-password"
	ssh002.deny == {{
		"path": _x,
		"msg": "services.openssh.extraConfig writes \"PermitRootLogin prohibit-password\" inside \"Match Address 10.0.0.0/8\"; root has 1 authorized key",
		"anchor": "services.openssh.enable",
	}} with input as _with_extra({"PermitRootLogin": "no"}, extra)
}

test_extra_spellings_fire if {
	every extra in [
		"match ALL\n\tpermitrootlogin=YES",
		"MATCH User root # break-glass\n  \"PermitRootLogin\" \"forced-commands-only\"",
		"Match User alice\n  X11Forwarding no\nMatch all\n  PermitRootLogin = without-password",
	] {
		count(ssh002.deny) == 1 with input as _with_extra({"PermitRootLogin": "no"}, extra)
	}
}

test_extra_global_lines if {
	count(ssh002.deny) == 0 with input as _with_extra({"PermitRootLogin": "no"}, "PermitRootLogin yes")
	ssh002.deny == {
		{
			"path": _p,
			"msg": "PermitRootLogin is null (OpenSSH default: prohibit-password); root has 1 authorized key",
			"anchor": "services.openssh.enable",
			"fix": {"path": _p, "value": "no"},
		},
		{
			"path": _x,
			"msg": "services.openssh.extraConfig writes \"PermitRootLogin yes\" outside any Match block, the first PermitRootLogin sshd reads (services.openssh.settings.PermitRootLogin is null); root has 1 authorized key",
			"anchor": "services.openssh.enable",
		},
	} with input as _with_extra({"PermitRootLogin": null}, "PermitRootLogin yes")
}

test_extra_no_passes if {
	every extra in ["Match all\n  PermitRootLogin no", "Match User backup\n  ForceCommand internal-sftp", "Match all\n  #PermitRootLogin yes"] {
		count(ssh002.deny) == 0 with input as _with_extra({"PermitRootLogin": "no"}, extra)
	}
}

# settings.Match sorts before PermitRootLogin: "no" covers that block only.
test_settings_match_before_setting_fires if {
	some v in ssh002.deny with input as _with_extra({"Match": "Group wheel", "PermitRootLogin": "no"}, "")
	v.path == "services.openssh.settings.Match"
	v.msg == "services.openssh.settings.Match opens \"Match Group wheel\" before services.openssh.settings.PermitRootLogin = \"no\" in sshd_config: the setting covers only that block, and every other connection gets OpenSSH's default (prohibit-password); root has 1 authorized key"
	count(ssh002.deny) == 0 with input as _with_extra({"MATCH": "all", "PermitRootLogin": "no"}, "")
}

test_extra_unreadable_fires if {
	ssh002.deny == {{
		"path": _x,
		"msg": "services.openssh.extraConfig writes \"Include extra.conf\" (nixsec does not read included files): root may log in; root has 1 authorized key",
		"anchor": "services.openssh.enable",
	}} with input as _with_extra({"PermitRootLogin": "no"}, "Include extra.conf")
}
