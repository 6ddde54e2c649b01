package nixsec.rules.ssh.ssh001_test

import data.nixsec.rules.ssh.ssh001

_p := "services.openssh.settings.PasswordAuthentication"

_host(enable, pa, defined) := {
	"host": "web",
	"config": {"services": {"openssh": {"enable": enable, "settings": {"PasswordAuthentication": pa}}}},
	"defined": defined,
}

test_default_true_fires if {
	ssh001.deny == {{
		"path": _p,
		"msg": "PasswordAuthentication is true (NixOS default)",
		"anchor": "services.openssh.enable",
		"fix": {"path": _p, "value": false},
	}} with input as _host(true, true, {"services.openssh.enable": true})
}

test_defined_true_fires_without_default_note if {
	some v in ssh001.deny with input as _host(true, true, {_p: true})
	v.msg == "PasswordAuthentication is true"
}

# An old-name definition (services.openssh.passwordAuthentication = true)
# arrives as the value of the new path.
test_old_name_value_at_new_path_fires if {
	count(ssh001.deny) == 1 with input as _host(true, true, {_p: true, "services.openssh.passwordAuthentication": true})
}

test_null_fires_with_openssh_default if {
	some v in ssh001.deny with input as _host(true, null, {_p: true})
	v.msg == "PasswordAuthentication is null (OpenSSH default: yes)"
}

test_false_passes if {
	count(ssh001.deny) == 0 with input as _host(true, false, {_p: true})
}

test_sshd_disabled_passes if {
	count(ssh001.deny) == 0 with input as _host(false, true, {})
}

test_module_absent_passes if {
	count(ssh001.deny) == 0 with input as {"host": "web", "config": {}, "defined": {}}
}

test_setting_absent_passes if {
	count(ssh001.deny) == 0 with input as {"config": {"services": {"openssh": {"enable": true}}}, "defined": {}}
}

_x := "services.openssh.extraConfig"

# NixOS appends extraConfig after the settings (sshd.nix); its own part
# (mkOrder 0) has no PasswordAuthentication.
_nixos_extra := "AddressFamily any\nPort 22\nAuthorizedKeysFile %h/.ssh/authorized_keys /etc/ssh/authorized_keys.d/%u\nHostKey /etc/ssh/ssh_host_ed25519_key"

_with_extra(settings, extra) := {
	"host": "web",
	"config": {"services": {"openssh": {"enable": true, "settings": settings, "extraConfig": concat("\n", [_nixos_extra, extra])}}},
	"defined": {_p: true},
}

# The attack: passwords off in settings, on again for every connection in
# a Match block of extraConfig.
test_extra_match_block_fires if {
	extra := "Match all\n  PasswordAuthentication yes\n  KbdInteractiveAuthentication yes\n"
	ssh001.deny == {{
		"path": _x,
		"msg": "services.openssh.extraConfig writes \"PasswordAuthentication yes\" inside \"Match all\"",
		"anchor": "services.openssh.enable",
	}} with input as _with_extra({"PasswordAuthentication": false}, extra)
}

# Any case, "=", quotes, indentation, comments; a block lasts until the
# next Match line, "Match all" included.
test_extra_spellings_fire if {
	cases := [
		["match user bob\n\tpasswordauthentication=yes", "services.openssh.extraConfig writes \"passwordauthentication=yes\" inside \"Match user bob\""],
		["MATCH Address 10.0.0.0/8 # office\n  PASSWORDAUTHENTICATION \"YES\" # temporary", "services.openssh.extraConfig writes \"PASSWORDAUTHENTICATION \\\"YES\\\" # temporary\" inside \"Match Address 10.0.0.0/8\""],
		["Match User sftp\n  ForceCommand internal-sftp\nMatch all\n  \"PasswordAuthentication\" = yes", "services.openssh.extraConfig writes \"\\\"PasswordAuthentication\\\" = yes\" inside \"Match all\""],
	]
	every c in cases {
		ssh001.deny == {{"path": _x, "msg": c[1], "anchor": "services.openssh.enable"}} with input as _with_extra({"PasswordAuthentication": false}, c[0])
	}
}

# Outside any block sshd takes the first value: the setting's line.
test_extra_global_line_after_setting_passes if {
	count(ssh001.deny) == 0 with input as _with_extra({"PasswordAuthentication": false}, "PasswordAuthentication yes")
}

# With the setting null its line is left out and the extraConfig line is
# the first sshd reads.
test_extra_global_line_with_null_setting_fires if {
	ssh001.deny == {
		{
			"path": _p,
			"msg": "PasswordAuthentication is null (OpenSSH default: yes)",
			"anchor": "services.openssh.enable",
			"fix": {"path": _p, "value": false},
		},
		{
			"path": _x,
			"msg": "services.openssh.extraConfig writes \"PasswordAuthentication yes\" outside any Match block, the first PasswordAuthentication sshd reads (services.openssh.settings.PasswordAuthentication is null)",
			"anchor": "services.openssh.enable",
		},
	} with input as _with_extra({"PasswordAuthentication": null}, "PasswordAuthentication yes")
}

test_extra_no_and_other_keywords_pass if {
	every extra in [
		"Match all\n  PasswordAuthentication no",
		"Match User backup\n  ChrootDirectory /srv/backup\n  ForceCommand internal-sftp\n  X11Forwarding no",
		"Match all\n  # PasswordAuthentication yes\n  PubkeyAuthentication yes",
		"Match all\n  KbdInteractiveAuthentication yes",
		"",
	] {
		count(ssh001.deny) == 0 with input as _with_extra({"PasswordAuthentication": false}, extra)
	}
}

test_extra_sshd_disabled_passes if {
	inp := json.patch(_with_extra({"PasswordAuthentication": false}, "Match all\nPasswordAuthentication yes"), [{"op": "replace", "path": "/config/services/openssh/enable", "value": false}])
	count(ssh001.deny) == 0 with input as inp
}

# A setting that sorts before PasswordAuthentication and opens a block
# (settings are written in sorted order) makes false cover that block only.
test_settings_match_before_setting_fires if {
	inp := _with_extra({"Match": "User nobody", "PasswordAuthentication": false, "UsePAM": null}, "")
	ssh001.deny == {{
		"path": "services.openssh.settings.Match",
		"msg": "services.openssh.settings.Match opens \"Match User nobody\" before services.openssh.settings.PasswordAuthentication = false in sshd_config: the setting covers only that block, and every other connection gets OpenSSH's default (yes)",
		"anchor": "services.openssh.enable",
	}} with input as inp
	count(ssh001.deny) == 0 with input as _with_extra({"Match": "all", "PasswordAuthentication": false}, "")
}

# "match" sorts after every capitalised setting: extraConfig lines that look
# global are inside its block.
test_settings_lowercase_match_wraps_extra if {
	some v in ssh001.deny with input as _with_extra({"match": "all", "PasswordAuthentication": false}, "PasswordAuthentication yes")
	v.msg == "services.openssh.extraConfig writes \"PasswordAuthentication yes\" inside \"Match all\" (opened by services.openssh.settings.match)"
}

# A settings value with a newline writes a line ahead of the setting's.
test_settings_value_newline_fires if {
	inp := _with_extra({"AuthorizedPrincipalsFile": "none\nPasswordAuthentication yes", "PasswordAuthentication": false}, "")
	ssh001.deny == {{
		"path": "services.openssh.settings.AuthorizedPrincipalsFile",
		"msg": "services.openssh.settings.AuthorizedPrincipalsFile writes \"PasswordAuthentication yes\" outside any Match block, the first PasswordAuthentication sshd reads (services.openssh.settings.PasswordAuthentication is false)",
		"anchor": "services.openssh.enable",
	}} with input as inp
}

# nixsec cannot see an included file, nor what the build's shell expands.
test_extra_unreadable_fires if {
	ssh001.deny == {{
		"path": _x,
		"msg": "services.openssh.extraConfig writes \"Include /etc/ssh/sshd_config.d/*.conf\" (nixsec does not read included files): PasswordAuthentication may be on",
		"anchor": "services.openssh.enable",
	}} with input as _with_extra({"PasswordAuthentication": false}, "Include /etc/ssh/sshd_config.d/*.conf")
	some v in ssh001.deny with input as _with_extra({"PasswordAuthentication": false}, "Match all\n  Pass${x}wordAuthentication yes")
	contains(v.msg, "which the build's shell expands")
	count(ssh001.deny) == 0 with input as _with_extra({"PasswordAuthentication": false}, "Match User git\n  ForceCommand /run/git-shell \\$SSH_ORIGINAL_COMMAND")
}
