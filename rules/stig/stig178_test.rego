package nixsec.rules.stig.stig178_test

import data.nixsec.rules.stig.stig178

_nixos_default := `[sssd]
config_file_version = 2
services = nss, pam
domains = shadowutils

[nss]

[pam]

[domain/shadowutils]
id_provider = proxy
`

_host(enable, config) := {"host": "web", "config": {"services": {"sssd": {"enable": enable, "config": config}}}, "defined": {}}

test_sssd_off_fires if {
	stig178.deny == {{
		"path": "services.sssd.enable",
		"msg": "services.sssd.enable is false (NixOS default): there is no /etc/sssd/sssd.conf limiting cached credentials to one day",
	}} with input as _host(false, _nixos_default)
}

test_default_config_fires if {
	stig178.deny == {{
		"path": "services.sssd.config",
		"msg": "sssd.conf sets no offline_credentials_expiration in [pam] (SSSD's default, 0, never expires them): cached credentials stay valid longer than the STIG allows (1 day)",
	}} with input as _host(true, _nixos_default)
}

test_one_day_passes if {
	count(stig178.deny) == 0 with input as _host(true, replace(_nixos_default, "[pam]\n", "[pam]\noffline_credentials_expiration = 1\n"))
}

test_last_pam_section_at_end_passes if {
	count(stig178.deny) == 0 with input as _host(true, "[sssd]\nservices = pam\n[pam]\noffline_credentials_expiration=1")
}

test_other_value_fires if {
	stig178.deny == {{
		"path": "services.sssd.config",
		"msg": "offline_credentials_expiration is \"3\" in [pam] of sssd.conf: cached credentials stay valid longer than the STIG allows (1 day)",
	}} with input as _host(true, replace(_nixos_default, "[pam]\n", "[pam]\noffline_credentials_expiration = 3\n"))
}

test_setting_in_other_section_fires if {
	text := "[pam]\n\n[domain/x]\noffline_credentials_expiration = 1\n"
	count(stig178.deny) == 1 with input as _host(true, text)
}

test_commented_fires if {
	count(stig178.deny) == 1 with input as _host(true, "[pam]\n# offline_credentials_expiration = 1\n")
}

test_module_absent_passes if {
	count(stig178.deny) == 0 with input as {"host": "web", "config": {}, "defined": {}}
}
