package nixsec.rules.stig.stig179_test

import data.nixsec.rules.stig.stig179

_p := "environment.etc.\"pam_pkcs11/pam_pkcs11.conf\".text"

_host(text) := {"host": "web", "config": {"environment": {"etc": {"pam_pkcs11/pam_pkcs11.conf": {"text": text}}}}, "defined": {}}

test_stig_value_passes if {
	count(stig179.deny) == 0 with input as _host("cert_policy = ca,signature,ocsp_on, crl_auto;\n")
}

test_in_module_block_passes if {
	text := "pam_pkcs11 {\n  use_first_pass = false;\n  pkcs11_module opensc {\n    cert_policy = ca, signature, ocsp_on, crl_auto;\n  }\n}\n"
	count(stig179.deny) == 0 with input as _host(text)
}

test_missing_values_fire if {
	stig179.deny == {{
		"path": _p,
		"msg": "cert_policy \"ca,signature\" lacks ocsp_on, crl_auto",
	}} with input as _host("cert_policy = ca,signature;\n")
}

test_no_policy_fires if {
	stig179.deny == {{
		"path": _p,
		"msg": "/etc/pam_pkcs11/pam_pkcs11.conf sets no cert_policy: certificates are not checked for revocation",
	}} with input as _host("# cert_policy = ca,signature,ocsp_on,crl_auto;\nuse_first_pass = false;\n")
}

test_no_file_fires if {
	stig179.deny == {{
		"path": _p,
		"msg": "there is no /etc/pam_pkcs11/pam_pkcs11.conf: no cert_policy with ca, signature, ocsp_on and crl_auto",
	}} with input as {"host": "web", "config": {"environment": {"etc": {}}}, "defined": {}}
}

test_unreadable_fires if {
	inp := {"host": "web", "config": {"environment": {"etc": {"pam_pkcs11/pam_pkcs11.conf": {"text": null, "source": {"_derivation": "pam_pkcs11-0.6.12"}}}}}, "defined": {}}
	stig179.deny == {{
		"path": "environment.etc.\"pam_pkcs11/pam_pkcs11.conf\".source",
		"msg": "nixsec cannot read cert_policy in /etc/pam_pkcs11/pam_pkcs11.conf: environment.etc.\"pam_pkcs11/pam_pkcs11.conf\".source is a package (\"pam_pkcs11-0.6.12\"), not a text nixsec can read",
	}} with input as inp
}
