package nixsec.rules.stig.stig170_test

import data.nixsec.rules.stig.stig170

_unix := "password sufficient /nix/store/x-linux-pam/lib/security/pam_unix.so nullok yescrypt # unix (order 10200)\n"

_pwq := "password requisite /nix/store/db96-libpwquality-1.4.5-lib/lib/security/pam_pwquality.so # pwquality (order 10190)\n"

_host(services) := {"host": "web", "config": {"security": {"pam": {"services": services}}}, "defined": {}}

test_generated_stacks_fire if {
	stig170.deny == {
		{"path": "security.pam.services.passwd.text", "msg": "/etc/pam.d/passwd has no \"password requisite pam_pwquality.so\" line: new passwords are not checked for quality"},
		{"path": "security.pam.services.chpasswd.text", "msg": "/etc/pam.d/chpasswd has no \"password requisite pam_pwquality.so\" line: new passwords are not checked for quality"},
		{"path": "security.pam.services.sudo.text", "msg": "/etc/pam.d/sudo has no \"password requisite pam_pwquality.so\" line: new passwords are not checked for quality"},
	} with input as _host({"passwd": {"text": _unix}, "chpasswd": {"text": _unix}, "sudo": {"text": _unix}, "login": {"text": _unix}})
}

test_all_checked_passes if {
	t := concat("", [_pwq, _unix])
	count(stig170.deny) == 0 with input as _host({"passwd": {"text": t}, "chpasswd": {"text": t}, "sudo": {"text": t}})
}

test_stig_bare_module_name_passes if {
	t := "password requisite pam_pwquality.so retry=3\npassword sufficient pam_unix.so\n"
	count(stig170.deny) == 0 with input as _host({"passwd": {"text": t}, "chpasswd": {"text": t}})
}

test_optional_or_other_type_fires if {
	t := "password optional pam_pwquality.so\nauth requisite pam_pwquality.so\n"
	count(stig170.deny) == 1 with input as _host({"passwd": {"text": t}})
}

test_one_service_missing_fires_once if {
	t := concat("", [_pwq, _unix])
	stig170.deny == {{
		"path": "security.pam.services.sudo.text",
		"msg": "/etc/pam.d/sudo has no \"password requisite pam_pwquality.so\" line: new passwords are not checked for quality",
	}} with input as _host({"passwd": {"text": t}, "chpasswd": {"text": t}, "sudo": {"text": _unix}})
}

test_undefined_service_passes if {
	count(stig170.deny) == 0 with input as _host({})
}
