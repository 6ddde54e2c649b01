package nixsec.rules.stig.stig089_test

import data.nixsec.rules.stig.stig089

_p := "services.openssh.settings.Ciphers"

_want := ["aes256-ctr", "aes192-ctr", "aes128-ctr"]

_nixos_default := [
	"chacha20-poly1305@openssh.com", "aes256-gcm@openssh.com", "aes128-gcm@openssh.com",
	"aes256-ctr", "aes192-ctr", "aes128-ctr",
]

_host(enable, settings, extra) := {
	"config": {"services": {"openssh": {
		"enable": enable,
		"settings": settings,
		"extraConfig": extra,
	}}},
	"defined": {},
}

test_nixos_default_fires if {
	stig089.deny == {{
		"path": _p,
		"msg": "sshd's Ciphers are chacha20-poly1305@openssh.com,aes256-gcm@openssh.com,aes128-gcm@openssh.com,aes256-ctr,aes192-ctr,aes128-ctr (NixOS default): the STIG allows exactly aes256-ctr,aes192-ctr,aes128-ctr in that order",
		"anchor": "services.openssh.enable",
		"fix": {"path": _p, "value": _want},
	}} with input as _host(true, {"Ciphers": _nixos_default}, "")
}

test_stig_list_passes if {
	count(stig089.deny) == 0 with input as _host(true, {"Ciphers": _want}, "")
}

test_wrong_order_fires if {
	count(stig089.deny) == 1 with input as _host(true, {"Ciphers": ["aes128-ctr", "aes192-ctr", "aes256-ctr"]}, "")
}

test_null_fires if {
	some v in stig089.deny with input as _host(true, {"Ciphers": null}, "")
	v.msg == "sshd_config has no Ciphers line (services.openssh.settings.Ciphers is null): OpenSSH's own default list applies, not the STIG's AES-CTR list"
}

# With the setting null, the first global extraConfig line decides.
test_extra_config_passes if {
	count(stig089.deny) == 0 with input as _host(true, {"Ciphers": null}, "Ciphers aes256-ctr,aes192-ctr,aes128-ctr\n")
}

test_extra_config_fires_without_fix if {
	some v in stig089.deny with input as _host(true, {"Ciphers": null}, "Ciphers aes256-gcm@openssh.com\n")
	v.path == "services.openssh.extraConfig"
	not v.fix
}

test_match_block_fires if {
	some v in stig089.deny with input as _host(true, {"Ciphers": _want}, "Match User backup\n  Ciphers aes128-gcm@openssh.com\n")
	v.path == "services.openssh.extraConfig"
}

test_sshd_off_not_applicable if {
	stig089.not_applicable with input as _host(false, {"Ciphers": _nixos_default}, "")
	count(stig089.deny) == 0 with input as _host(false, {"Ciphers": _nixos_default}, "")
}

test_extra_config_message_has_no_default_note if {
	some v in stig089.deny with input as _host(true, {"Ciphers": null}, "Ciphers aes128-ctr\n")
	v.msg == "sshd's Ciphers are aes128-ctr: the STIG allows exactly aes256-ctr,aes192-ctr,aes128-ctr in that order"
}
