package nixsec.rules.stig.stig109_test

import data.nixsec.rules.stig.stig109

_host(enable, upload) := {"host": "web", "config": {"services": {"journald": {"upload": {"enable": enable, "settings": {"Upload": upload}}}}}, "defined": {}}

_tp := "services.journald.upload.settings.Upload.TrustedCertificateFile"

test_upload_off_fires if {
	stig109.deny == {{
		"path": "services.journald.upload.enable",
		"msg": "services.journald.upload.enable is false (NixOS default): there is no journal-upload.conf, so no TrustedCertificateFile",
		"fix": {"path": "services.journald.upload.enable", "value": true},
	}} with input as _host(false, {"TrustedCertificateFile": "/etc/ssl/ca.pem"})
}

test_null_fires if {
	stig109.deny == {{
		"path": _tp,
		"msg": "services.journald.upload.settings.Upload.TrustedCertificateFile is null (NixOS default): the log server's certificate is not checked against a CA",
	}} with input as _host(true, {"URL": "https://x", "TrustedCertificateFile": null})
}

test_all_fires if {
	some v in stig109.deny with input as _host(true, {"URL": "https://x", "TrustedCertificateFile": "all"})
	v.path == _tp
}

test_ca_passes if {
	count(stig109.deny) == 0 with input as _host(true, {"URL": "https://x", "TrustedCertificateFile": "/etc/ssl/ca.pem"})
}

test_absent_fires if {
	count(stig109.deny) == 1 with input as _host(true, {"URL": "https://x"})
}
