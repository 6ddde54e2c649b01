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
