package nixsec.rules.ssh.ssh005_test

import data.nixsec.rules.ssh.ssh005

_nixos_ciphers := [
	"chacha20-poly1305@openssh.com", "aes256-gcm@openssh.com", "aes128-gcm@openssh.com",
	"aes256-ctr", "aes192-ctr", "aes128-ctr",
]

_nixos_kex := [
	"mlkem768x25519-sha256", "sntrup761x25519-sha512", "sntrup761x25519-sha512@openssh.com",
	"curve25519-sha256", "curve25519-sha256@libssh.org", "diffie-hellman-group-exchange-sha256",
]

_nixos_macs := ["hmac-sha2-512-etm@openssh.com", "hmac-sha2-256-etm@openssh.com", "umac-128-etm@openssh.com"]

_host(enable, openssh) := {
	"host": "web",
	"config": {"services": {"openssh": object.union({"enable": enable}, openssh)}},
	"defined": {},
}

_settings(over) := {"settings": object.union({"Ciphers": _nixos_ciphers, "KexAlgorithms": _nixos_kex, "Macs": _nixos_macs}, over)}

test_nixos_defaults_pass if {
	count(ssh005.deny) == 0 with input as _host(true, object.union(_settings({}), {"enableRecommendedAlgorithms": true}))
}

test_weak_cipher_fires_with_filtered_fix if {
	ssh005.deny == {{
		"path": "services.openssh.settings.Ciphers",
		"msg": "Ciphers allows aes256-cbc, 3des-cbc (outside the Mozilla modern profile)",
		"fix": {"path": "services.openssh.settings.Ciphers", "value": ["aes256-gcm@openssh.com"]},
	}} with input as _host(true, _settings({"Ciphers": ["aes256-gcm@openssh.com", "aes256-cbc", "3des-cbc"]}))
}

test_weak_kex_and_macs_fire_separately if {
	inp := _host(true, _settings({
		"KexAlgorithms": ["diffie-hellman-group1-sha1"],
		"Macs": ["hmac-sha1", "hmac-sha2-256"],
	}))
	{v.path | some v in ssh005.deny} == {
		"services.openssh.settings.KexAlgorithms",
		"services.openssh.settings.Macs",
	} with input as inp
	some v in ssh005.deny with input as inp
	v.path == "services.openssh.settings.KexAlgorithms"
	not v.fix
}

test_null_with_recommended_off_fires if {
	inp := _host(true, object.union(_settings({"Macs": null}), {"enableRecommendedAlgorithms": false}))
	ssh005.deny == {{
		"path": "services.openssh.settings.Macs",
		"msg": "Macs is null (enableRecommendedAlgorithms is false): OpenSSH's own wider default list applies",
		"anchor": "services.openssh.enableRecommendedAlgorithms",
		"fix": {"path": "services.openssh.enableRecommendedAlgorithms", "value": true},
	}} with input as inp
}

# Before 26.05 there is no enableRecommendedAlgorithms; an explicit null still
# falls back to OpenSSH's list.
test_null_without_recommended_option_fires if {
	some v in ssh005.deny with input as _host(true, _settings({"Ciphers": null}))
	v.msg == "Ciphers is null: OpenSSH's own wider default list applies"
	not v.fix
}

test_old_name_value_at_new_path_fires if {
	count(ssh005.deny) == 1 with input as _host(true, _settings({"Macs": ["hmac-md5"]}))
}

test_sshd_disabled_passes if {
	count(ssh005.deny) == 0 with input as _host(false, _settings({"Ciphers": ["3des-cbc"]}))
}

test_settings_absent_passes if {
	count(ssh005.deny) == 0 with input as _host(true, {})
	count(ssh005.deny) == 0 with input as {"config": {}, "defined": {}}
}
