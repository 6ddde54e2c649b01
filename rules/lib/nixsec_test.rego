package nixsec.lib_test

import data.nixsec.lib

test_path_plain if {
	lib.path(["services", "dnscrypt-proxy", "enable"]) == "services.dnscrypt-proxy.enable"
	lib.path(["a_b", "c'd", "e-1"]) == "a_b.c'd.e-1"
}

test_path_quotes_non_identifiers if {
	lib.path(["fileSystems", "/", "device"]) == `fileSystems."/".device`
	lib.path(["boot", "kernel", "sysctl", "kernel.kptr_restrict"]) == `boot.kernel.sysctl."kernel.kptr_restrict"`
	lib.path(["users", "users", "0day", "password"]) == `users.users."0day".password`
	lib.path(["x", ""]) == `x.""`
}

test_path_escapes_like_nix if {
	lib.path(["a", `q"b\c`]) == `a."q\"b\\c"`
	lib.path(["a", "${x}"]) == `a."\${x}"`
}

test_path_keeps_wildcard if {
	lib.path(["users", "users", "*", "password"]) == "users.users.*.password"
}

test_has_and_cfg if {
	inp := {"config": {"a": {"n": null, "f": false, "l": []}}}
	lib.has(["a", "n"]) with input as inp
	not lib.has(["a", "x"]) with input as inp
	not lib.has(["a", "n", "deeper"]) with input as inp
	lib.cfg(["a", "f"], true) == false with input as inp
	lib.cfg(["a", "x"], 7) == 7 with input as inp
	lib.is_false(["a", "f"]) with input as inp
	not lib.is_false(["a", "n"]) with input as inp
	not lib.is_true(["a", "x"]) with input as inp
	not lib.non_empty_list(["a", "l"]) with input as inp
}

test_default_note if {
	lib.default_note("a.b") == " (NixOS default)" with input as {"defined": {}}
	lib.default_note("a.b") == "" with input as {"defined": {"a.b": true}}
	lib.default_note("a.b") == " (NixOS default)" with input as {}
}

test_show if {
	lib.show("no") == `"no"`
	lib.show(true) == "true"
	lib.show(null) == "null"
	lib.show(22) == "22"
	lib.show([]) == "[ ]"
	lib.show(["a", 1]) == `[ "a" 1 ]`
}

test_no_local_resolver if {
	not lib.local_resolver_enabled with input as {"config": {}}
	not lib.local_resolver_enabled with input as {"config": {"services": {"unbound": {"enable": false}}}}
}

test_local_resolver_order if {
	inp := {"config": {"services": {"stubby": {"enable": true}, "dnscrypt-proxy": {"enable": true}}}}
	lib.local_resolver == {"name": "dnscrypt-proxy", "enable_path": "services.dnscrypt-proxy.enable"} with input as inp
}

test_dnscrypt_proxy_names if {
	lib.dnscrypt_proxy == ["services", "dnscrypt-proxy"] with input as {"config": {"services": {"dnscrypt-proxy": {"enable": false}}}}
	lib.dnscrypt_proxy == ["services", "dnscrypt-proxy2"] with input as {"config": {"services": {"dnscrypt-proxy2": {"enable": true}}}}
	lib.dnscrypt_proxy_enabled with input as {"config": {"services": {"dnscrypt-proxy2": {"enable": true}}}}

	# A look-alike of the other name cannot hide the real module.
	lib.dnscrypt_proxy_enabled with input as {"config": {"services": {"dnscrypt-proxy": {"enable": false}, "dnscrypt-proxy2": {"enable": true}}}}
	lib.dnscrypt_proxy == ["services", "dnscrypt-proxy2"] with input as {"config": {"services": {"dnscrypt-proxy": {"enable": false}, "dnscrypt-proxy2": {"enable": true}}}}
	not lib.dnscrypt_proxy_enabled with input as {"config": {}}
}

test_firefox_pref_sources if {
	prefs := {"programs": {"firefox": {
		"preferences": {"a.b": 1},
		"policies": {"Preferences": {"a.b": {"Value": 1, "Status": "locked"}, "c.d": {"Value": "x"}, "e": false}},
	}}}
	lib.firefox_pref("a.b") == {"value": 1, "path": `programs.firefox.preferences."a.b"`} with input as {"config": prefs}
	lib.firefox_pref("c.d") == {"value": "x", "path": `programs.firefox.policies.Preferences."c.d"`} with input as {"config": prefs}
	lib.firefox_pref("e") == {"value": false, "path": "programs.firefox.policies.Preferences.e"} with input as {"config": prefs}
	not lib.firefox_pref("x") with input as {"config": prefs}
	not lib.firefox_pref("x") with input as {"config": {}}
}

test_firefox_pref_fix if {
	inp := {"config": {"programs": {"firefox": {"policies": {"Preferences": {"c.d": {"Value": true}}}}}}}
	lib.firefox_pref_fix("c.d", false) == {"path": `programs.firefox.policies.Preferences."c.d"`, "value": {"Value": false, "Status": "locked"}} with input as inp
	lib.firefox_pref_fix("x.y", false) == {"path": `programs.firefox.preferences."x.y"`, "value": false} with input as inp
}

test_firefox_socks if {
	pref := {"programs": {"firefox": {"enable": true, "preferences": {"network.proxy.socks": "127.0.0.1"}}}}
	lib.firefox_socks == {"path": `programs.firefox.preferences."network.proxy.socks"`, "via": "preference"} with input as {"config": pref}
	policy := {"programs": {"firefox": {"enable": true, "policies": {"Proxy": {"Mode": "manual", "SOCKSProxy": "127.0.0.1:9050"}}}}}
	lib.firefox_socks == {"path": "programs.firefox.policies.Proxy.SOCKSProxy", "via": "policy"} with input as {"config": policy}
	not lib.firefox_socks with input as {"config": {"programs": {"firefox": {"enable": true, "policies": {"Proxy": {"Mode": "system", "SOCKSProxy": "h:1"}}}}}}
	not lib.firefox_socks with input as {"config": {"programs": {"firefox": {"enable": false, "preferences": {"network.proxy.socks": "127.0.0.1"}}}}}
	not lib.firefox_socks with input as {"config": {"programs": {"firefox": {"enable": true, "preferences": {"network.proxy.socks": ""}}}}}
}

test_own_service if {
	inp := {"config": {"systemd": {"services": {"app": {}, "job": {}, "a@": {}, "empty": {}, "nginx": {}}}}, "files": {
		"systemd.services.app.serviceConfig.ExecStart": ["hosts/web.nix"],
		"systemd.services.job.script": ["modules/job.nix"],
		"systemd.services.\"a@\".script": ["x.nix"],
		"systemd.services.empty.script": [],
	}}
	lib.own_service("app") with input as inp
	lib.own_service("job") with input as inp
	lib.own_service("a@") with input as inp
	not lib.own_service("empty") with input as inp
	not lib.own_service("nginx") with input as inp
	not lib.own_service("app") with input as {"config": {}}
}

test_systemd_bool if {
	lib.systemd_true(true)
	lib.systemd_true("yes")
	lib.systemd_true("On")
	lib.systemd_true(1)
	lib.systemd_true([false, true])
	lib.systemd_false(false)
	lib.systemd_false("no")
	lib.systemd_false("0")
	lib.systemd_false(0)
	not lib.systemd_true(null)
	not lib.systemd_false(null)
	not lib.systemd_true("strict")
	not lib.systemd_false("strict")
	not lib.systemd_true([])
	not lib.systemd_true(2)
}

# The last valid assignment counts: invalid and empty ones are ignored; a
# line break ends the value NixOS writes.
test_systemd_bool_assignments if {
	lib.systemd_true(["yes", "bogus"])
	lib.systemd_false(["on", "no", ""])
	lib.systemd_true([[true]])
	not lib.systemd_true("\nyes")
	not lib.systemd_false("\nyes")
	lib.systemd_bool(" On ") == true
	lib.systemd_bool(["off", null]) == false
	not lib.systemd_bool("strict")
	not lib.systemd_bool({})
}

test_runs_as_root if {
	lib.runs_as_root({})
	lib.runs_as_root({"User": "root"})
	lib.runs_as_root({"User": "0"})
	lib.runs_as_root({"User": ""})
	lib.runs_as_root({"DynamicUser": false})
	lib.runs_as_root({"User": "root", "DynamicUser": true})
	not lib.runs_as_root({"User": "app"})
	not lib.runs_as_root({"DynamicUser": true})
	not lib.runs_as_root({"DynamicUser": "yes"})
	not lib.runs_as_root({"User": ["root", "app"]})
}

# As systemd reads the unit NixOS writes: an empty last User resets it, a
# list writes nothing, values and names are stripped, DynamicUser is its
# last valid assignment.
test_runs_as_root_assignments if {
	lib.runs_as_root({"User": ["app", ""]})
	lib.runs_as_root({"User": ["app", null]})
	lib.runs_as_root({"User": []})
	lib.runs_as_root({"User": " root "})
	lib.runs_as_root({"User ": "0"})
	lib.runs_as_root({"User": 0, "DynamicUser": true})
	lib.runs_as_root({"User": [["root"]]})
	lib.runs_as_root({"DynamicUser": "\nyes"})
	not lib.runs_as_root({"User": ["", "app"]})
	not lib.runs_as_root({"User": ["app", ""], "DynamicUser": ["yes", "bogus"]})
	not lib.runs_as_root({" DynamicUser": "on"})
	not lib.runs_as_root({"User": "ROOT"})
}

# sshd_config as NixOS writes it: the settings, sorted, then extraConfig.
_sshd(settings, extra) := {"config": {"services": {"openssh": {"enable": true, "settings": settings, "extraConfig": extra}}}}

_sshd_values(name, inp) := v if {
	v := {[e.value, e.match] | some e in lib.sshd_extra(name)} with input as inp
}

# NixOS's own part of extraConfig (sshd.nix, mkOrder 0) and a module's
# sftp block: nothing for the keywords the rules read.
test_sshd_extra_nixos_default_is_empty if {
	extra := concat("\n", [
		"AddressFamily any", "Port 22", "Subsystem sftp /nix/store/0123456789abcdfghijklmnpqrsvwxyz-openssh/libexec/sftp-server ",
		"AuthorizedKeysFile %h/.ssh/authorized_keys /etc/ssh/authorized_keys.d/%u", "HostKey /etc/ssh/ssh_host_ed25519_key",
		"Match User backup", "  ChrootDirectory /srv/backup", "  ForceCommand internal-sftp", "",
	])
	inp := _sshd({"PasswordAuthentication": false, "PermitRootLogin": "no"}, extra)
	count(lib.sshd_extra("PasswordAuthentication")) == 0 with input as inp
	count(lib.sshd_extra("PermitRootLogin")) == 0 with input as inp
	count(lib.sshd_extra_unreadable) == 0 with input as inp
	not lib.sshd_setting_match("PasswordAuthentication") with input as inp
}

# Match lines and directives as sshd reads them: any case, "=" or blanks,
# indentation, quotes, comments.
test_sshd_extra_match_spellings if {
	cases := [
		["Match all\n  PasswordAuthentication yes", {["yes", "all"]}],
		["match ALL\npasswordauthentication YES", {["YES", "ALL"]}],
		["MATCH=User bob # the backup user\n\tPasswordAuthentication=yes", {["yes", "User bob"]}],
		["Match Address 10.0.0.0/8\n  PasswordAuthentication = \"yes\" # why not", {["yes", "Address 10.0.0.0/8"]}],
		["  Match User \"bob\"\r\n  \"PasswordAuthentication\" 'yes'\f", {["yes", "User bob"]}],
		["Match Group admins\n# PasswordAuthentication yes\n  #PasswordAuthentication yes", set()],
		["Match User bob\n  PasswordAuthentication no", {["no", "User bob"]}],
	]
	every c in cases {
		_sshd_values("PasswordAuthentication", _sshd({"PasswordAuthentication": false}, c[0])) == c[1]
	}
}

# A block lasts until the next Match line: "Match all" ends a User block,
# and every block counts, whatever its condition.
test_sshd_extra_blocks_until_next_match if {
	extra := "Match User bob\n  X11Forwarding yes\nMatch all\n  PasswordAuthentication yes\nMatch Host nothing.invalid\n  PasswordAuthentication yes\n"
	_sshd_values("PasswordAuthentication", _sshd({"PasswordAuthentication": false}, extra)) == {["yes", "all"], ["yes", "Host nothing.invalid"]}
	some e in lib.sshd_extra("PasswordAuthentication") with input as _sshd({"PasswordAuthentication": false}, extra)
	e.match == "all"
	e.where == "inside \"Match all\""
	e.path == "services.openssh.extraConfig"
	e.text == "PasswordAuthentication yes"
}

# Outside any block the first value wins: the setting's line comes first,
# so a global extraConfig line counts only when the setting is null (its
# line left out), and then only the first.
test_sshd_extra_global_lines if {
	extra := "PasswordAuthentication yes\nPasswordAuthentication no\n"
	_sshd_values("PasswordAuthentication", _sshd({"PasswordAuthentication": false}, extra)) == set()
	_sshd_values("PasswordAuthentication", _sshd({"PasswordAuthentication": true}, extra)) == set()
	_sshd_values("PasswordAuthentication", _sshd({"PasswordAuthentication": null}, extra)) == {["yes", null]}
	_sshd_values("PasswordAuthentication", _sshd({"PasswordAuthentication": null}, "PasswordAuthentication no\nPasswordAuthentication yes")) == {["no", null]}
	_sshd_values("PasswordAuthentication", _sshd({}, "Port 22\npasswordauthentication=yes")) == {["yes", null]}
}

# sshd reads ChallengeResponseAuthentication and SkeyAuthentication as
# KbdInteractiveAuthentication.
test_sshd_extra_aliases if {
	extra := "Match all\n  ChallengeResponseAuthentication yes\n  skeyauthentication yes\n  KbdInteractiveAuthentication yes"
	count(lib.sshd_extra("KbdInteractiveAuthentication")) == 3 with input as _sshd({"KbdInteractiveAuthentication": false}, extra)
	_sshd_values("KbdInteractiveAuthentication", _sshd({"KbdInteractiveAuthentication": null}, "ChallengeResponseAuthentication yes")) == {["yes", null]}
	_sshd_values("KbdInteractiveAuthentication", _sshd({"KbdInteractiveAuthentication": false}, "ChallengeResponseAuthentication yes")) == set()
}

# Settings are written in sorted order: "Match" (before "P") opens a block
# around PasswordAuthentication and PermitRootLogin; "match" (after every
# capitalised name) around extraConfig alone.
test_sshd_settings_match if {
	inp := _sshd({"Match": "User nobody", "PasswordAuthentication": false, "KbdInteractiveAuthentication": false}, "")
	lib.sshd_setting_match("PasswordAuthentication") == {"condition": "User nobody", "path": "services.openssh.settings.Match"} with input as inp
	not lib.sshd_setting_match("KbdInteractiveAuthentication") with input as inp
	not lib.sshd_setting_match("PasswordAuthentication") with input as _sshd({"Match": "all", "PasswordAuthentication": false}, "")
	not lib.sshd_setting_match("PasswordAuthentication") with input as _sshd({"match": "User nobody", "PasswordAuthentication": false}, "")

	# A global-looking extraConfig line inside the block the settings open.
	lower_inp := _sshd({"match": "all", "PasswordAuthentication": false}, "PasswordAuthentication yes")
	some e in lib.sshd_extra("PasswordAuthentication") with input as lower_inp
	e.match == "all"
	e.where == "inside \"Match all\" (opened by services.openssh.settings.match)"
}

# A settings value with a newline writes lines of its own.
test_sshd_settings_newline if {
	inp := _sshd({"AuthorizedPrincipalsFile": "none\nPasswordAuthentication yes", "PasswordAuthentication": false}, "")
	lib.sshd_extra("PasswordAuthentication") == {{
		"path": "services.openssh.settings.AuthorizedPrincipalsFile", "text": "PasswordAuthentication yes", "args": ["yes"],
		"value": "yes", "match": null, "where": "outside any Match block",
	}} with input as inp
	m := lib.sshd_setting_match("PasswordAuthentication") with input as _sshd({"Banner": "none\nMatch User nobody", "PasswordAuthentication": false}, "")
	m == {"condition": "User nobody", "path": "services.openssh.settings.Banner"}
	some x in lib.sshd_extra("PasswordAuthentication") with input as _sshd({"AllowUsers": ["bob\nMatch all\nPasswordAuthentication yes"], "PasswordAuthentication": false}, "")
	x.path == "services.openssh.settings.AllowUsers"
}

# The build writes extraConfig through an unquoted here-document: "\" +
# newline joins lines, \\ \$ \` are unescaped.
test_sshd_extra_heredoc_escapes if {
	_sshd_values("PasswordAuthentication", _sshd({"PasswordAuthentication": false}, "Match all\n  Password\\\nAuthentication yes")) == {["yes", "all"]}
	_sshd_values("PasswordAuthentication", _sshd({"PasswordAuthentication": false}, "Match all\n  PasswordAuthentication \\\\\nyes")) == {["\\", "all"]}
	count(lib.sshd_extra_unreadable) == 0 with input as _sshd({}, "ForceCommand echo \\$SSH_ORIGINAL_COMMAND \\`x\\` 5$ $")
}

# What nixsec cannot read: an Include, shell syntax, the delimiter line.
test_sshd_extra_unreadable if {
	cases := [
		["Include /etc/ssh/sshd_config.d/*.conf", "writes \"Include /etc/ssh/sshd_config.d/*.conf\" (nixsec does not read included files)"],
		["Match all\n  include=/nix/store/0123456789abcdfghijklmnpqrsvwxyz-extra.conf", "writes \"include=/nix/store/…-extra.conf\" (nixsec does not read included files)"],
		["Match all\n  Pass${x}wordAuthentication yes", "has \"Pass${x}wordAuthentication yes\", which the build's shell expands (write \\$ and \\` for the characters)"],
		["$(printf PasswordAuthentication) yes", "has \"$(printf PasswordAuthentication) yes\", which the build's shell expands (write \\$ and \\` for the characters)"],
		["`echo Match all`", "has \"`echo Match all`\", which the build's shell expands (write \\$ and \\` for the characters)"],
		["\\\\$x", "has \"\\\\\\\\$x\", which the build's shell expands (write \\$ and \\` for the characters)"],
		["X11Forwarding no\nEOL\necho PasswordAuthentication yes >> $out", "has a line \"EOL\", which ends the build's here-document and runs the lines after it as shell commands"],
		["EO\\\nL", "has a line \"EOL\", which ends the build's here-document and runs the lines after it as shell commands"],
	]
	every c in cases {
		some u in lib.sshd_extra_unreadable with input as _sshd({}, c[0])
		u.why == c[1]
	}
	some s in lib.sshd_extra_unreadable with input as _sshd({"Include": "/etc/x.conf"}, "")
	s.path == "services.openssh.settings.Include"
}
