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
	not lib.dnscrypt_proxy_enabled with input as {"config": {"services": {"dnscrypt-proxy": {"enable": false}, "dnscrypt-proxy2": {"enable": true}}}}
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
