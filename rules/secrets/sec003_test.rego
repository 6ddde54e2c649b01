package nixsec.rules.secrets.sec003_test

import data.nixsec.rules.secrets.sec003

_host(config, defined) := {"host": "laptop", "config": config, "defined": {p: true | some p in defined}}

test_wireless_psk_fires_and_hides_it if {
	config := {"networking": {"wireless": {"networks": {"home": {"psk": "correct horse battery staple"}}}}}
	sec003.deny == {{
		"path": "networking.wireless.networks.home.psk",
		"msg": "networking.wireless.networks.home.psk holds a literal secret: it is copied to the world-readable Nix store; use networking.wireless.secretsFile with pskRaw = \"ext:…\"",
	}} with input as _host(config, ["networking.wireless.networks.home.psk"])
	msgs := {v.msg | some v in sec003.deny} with input as _host(config, ["networking.wireless.networks.home.psk"])
	every m in msgs {
		not contains(m, "horse")
	}
}

# pskRaw refers: "ext:" (secretsFile, 24.11 on) or "@VAR@" (environmentFile,
# before 24.11; the 24.11 type rejects it).
test_wireless_references_pass if {
	networks := {
		"home": {"psk": null, "pskRaw": "@PSK_HOME@"},
		"work": {"psk": null, "pskRaw": "ext:psk_work"},
		"open": {"psk": null, "pskRaw": null},
	}
	defined := ["networking.wireless.networks.home.pskRaw", "networking.wireless.networks.work.pskRaw"]
	count(sec003.deny) == 0 with input as _host({"networking": {"wireless": {"networks": networks}}}, defined)
}

# psk is always the passphrase since 24.11: "@VAR@" and "ext:" in psk are
# literal, and only pskRaw refers.
test_wireless_any_psk_fires if {
	networks := {
		"env": {"psk": "@PSK_HOME@", "pskRaw": null},
		"ext": {"psk": "ext:psk_ext", "pskRaw": null},
		"plain": {"psk": "hunter22", "pskRaw": null},
		"ref": {"psk": null, "pskRaw": "ext:psk_ref"},
		"hex": {"psk": null, "pskRaw": "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"},
		"open": {"psk": null, "pskRaw": null},
	}
	config := {"networking": {"wireless": {"networks": networks}}}
	defined := [
		"networking.wireless.networks.env.psk",
		"networking.wireless.networks.ext.psk",
		"networking.wireless.networks.plain.psk",
		"networking.wireless.networks.ref.pskRaw",
		"networking.wireless.networks.hex.pskRaw",
	]
	paths := {v.path | some v in sec003.deny} with input as _host(config, defined)
	paths == {
		"networking.wireless.networks.env.psk",
		"networking.wireless.networks.ext.psk",
		"networking.wireless.networks.plain.psk",
		"networking.wireless.networks.hex.pskRaw",
	}
}

test_wireless_variable_psk_fires if {
	config := {"networking": {"wireless": {"networks": {"home": {"psk": "@PSK_HOME@", "pskRaw": null}}}}}
	sec003.deny == {{
		"path": "networking.wireless.networks.home.psk",
		"msg": "networking.wireless.networks.home.psk holds a literal secret: it is copied to the world-readable Nix store; use networking.wireless.secretsFile with pskRaw = \"ext:…\"",
	}} with input as _host(config, ["networking.wireless.networks.home.psk"])
}

# A psk only the default sets (null) is no finding.
test_wireless_psk_null_passes if {
	config := {"networking": {"wireless": {"networks": {"home": {"psk": null, "pskRaw": null}}}}}
	count(sec003.deny) == 0 with input as _host(config, [])
}

test_several_networks_and_quoted_ssid if {
	networks := {
		"Cafe Wifi": {"psk": "secret1"},
		"lab": {"pskRaw": "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"},
		"home": {"psk": "@PSK_HOME@"},
	}
	defined := [
		`networking.wireless.networks."Cafe Wifi".psk`,
		"networking.wireless.networks.lab.pskRaw",
		"networking.wireless.networks.home.psk",
	]
	paths := {v.path | some v in sec003.deny} with input as _host({"networking": {"wireless": {"networks": networks}}}, defined)
	paths == {
		`networking.wireless.networks."Cafe Wifi".psk`,
		"networking.wireless.networks.lab.pskRaw",
		"networking.wireless.networks.home.psk",
	}
}

test_networkmanager_profiles if {
	profiles := {
		"home": {"wifi-security": {"psk": "$HOME_PSK"}},
		"office": {"wifi-security": {"psk": "plain-secret"}},
		"wired": {"ethernet": {}},
	}
	config := {"networking": {"networkmanager": {"ensureProfiles": {"profiles": profiles}}}}
	defined := [
		"networking.networkmanager.ensureProfiles.profiles.home.wifi-security.psk",
		"networking.networkmanager.ensureProfiles.profiles.office.wifi-security.psk",
	]
	paths := {v.path | some v in sec003.deny} with input as _host(config, defined)
	paths == {"networking.networkmanager.ensureProfiles.profiles.office.wifi-security.psk"}
}

test_grafana if {
	config := {"services": {"grafana": {"settings": {
		"security": {"admin_password": "$__file{/run/secrets/grafana-admin}"},
		"database": {"password": "dbsecret"},
	}}}}
	defined := ["services.grafana.settings.security.admin_password", "services.grafana.settings.database.password"]
	paths := {v.path | some v in sec003.deny} with input as _host(config, defined)
	paths == {"services.grafana.settings.database.password"}
}

# grafana's own default admin password is not the user's literal.
test_default_value_passes if {
	config := {"services": {"grafana": {"settings": {"security": {"admin_password": "admin"}}}}}
	count(sec003.deny) == 0 with input as _host(config, [])
}

test_redis_servers if {
	servers := {"cache": {"requirePass": "r3dis"}, "queue": {"requirePass": null}, "": {"requirePass": "x"}}
	defined := ["services.redis.servers.cache.requirePass", `services.redis.servers."".requirePass`]
	paths := {v.path | some v in sec003.deny} with input as _host({"services": {"redis": {"servers": servers}}}, defined)
	paths == {
		"services.redis.servers.cache.requirePass",
		`services.redis.servers."".requirePass`,
	}
}

test_hashes_pass if {
	config := {"services": {
		"transmission": {"settings": {"rpc-password": "{4d3b1c2a0e9f8d7c6b5a4f3e2d1c0b9a8f7e6d5cXyZ12345"}},
		"syncthing": {"settings": {"gui": {"password": "$2a$10$abcdefghijklmnopqrstuv"}}},
	}}
	defined := ["services.transmission.settings.rpc-password", "services.syncthing.settings.gui.password"]
	count(sec003.deny) == 0 with input as _host(config, defined)
}

test_plain_service_passwords_fire if {
	config := {"services": {
		"transmission": {"settings": {"rpc-password": "t"}},
		"syncthing": {"settings": {"gui": {"password": "s"}}},
		"gitea": {"database": {"password": "g"}},
		"matrix-synapse": {"settings": {"registration_shared_secret": "m"}},
	}}
	defined := [
		"services.transmission.settings.rpc-password",
		"services.syncthing.settings.gui.password",
		"services.gitea.database.password",
		"services.matrix-synapse.settings.registration_shared_secret",
	]
	count(sec003.deny) == 4 with input as _host(config, defined)
}

test_empty_passes if {
	config := {"services": {"gitea": {"database": {"password": ""}}}}
	count(sec003.deny) == 0 with input as _host(config, ["services.gitea.database.password"])
}

test_modules_absent_pass if {
	count(sec003.deny) == 0 with input as {"config": {}, "defined": {}}
}
