package nixsec.rules.stig.stig124_test

import data.nixsec.rules.stig.stig124

_src := "environment.etc.\"sssd/pki/sssd_auth_ca_db.pem\".source"

_host(etc) := {"host": "web", "config": {"environment": {"etc": etc}}, "defined": {}}

test_missing_fires if {
	stig124.deny == {{
		"path": _src,
		"msg": "the configuration provides no /etc/sssd/pki/sssd_auth_ca_db.pem: smart-card certificates cannot be validated to a DoD root CA",
	}} with input as _host({"sssd/sssd.conf": {"source": "/var/lib/sssd/sssd.conf"}})
}

test_source_passes if {
	count(stig124.deny) == 0 with input as _host({"sssd/pki/sssd_auth_ca_db.pem": {"enable": true, "text": null, "source": "/nix/store/abc-source/DOD_PKE_CA_chain.pem"}})
}

test_text_passes if {
	count(stig124.deny) == 0 with input as _host({"sssd/pki/sssd_auth_ca_db.pem": {"text": "-----BEGIN CERTIFICATE-----\n"}})
}

test_disabled_fires if {
	p := "environment.etc.\"sssd/pki/sssd_auth_ca_db.pem\".enable"
	stig124.deny == {{
		"path": p,
		"msg": sprintf("%s is false: there is no /etc/sssd/pki/sssd_auth_ca_db.pem, so smart-card certificates cannot be validated to a DoD root CA", [p]),
	}} with input as _host({"sssd/pki/sssd_auth_ca_db.pem": {"enable": false, "source": "/nix/store/abc-ca.pem"}})
}
