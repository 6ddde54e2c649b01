package nixsec.rules.stig.stig108_test

import data.nixsec.rules.stig.stig108

_host(enable, upload) := {"host": "web", "config": {"services": {"journald": {"upload": {"enable": enable, "settings": {"Upload": upload}}}}}, "defined": {}}

test_default_off_fires if {
	stig108.deny == {{
		"path": "services.journald.upload.enable",
		"msg": "services.journald.upload.enable is false (NixOS default): no journal-upload.conf, audit records stay on this host",
		"fix": {"path": "services.journald.upload.enable", "value": true},
	}} with input as _host(false, {})
}

test_url_passes if {
	count(stig108.deny) == 0 with input as _host(true, {"URL": "https://logs.example.mil:19532"})
}

test_empty_url_fires if {
	stig108.deny == {{
		"path": "services.journald.upload.settings.Upload.URL",
		"msg": "services.journald.upload.settings.Upload.URL is \" \": journal upload has no destination",
	}} with input as _host(true, {"URL": " "})
}

test_url_absent_fires if {
	count(stig108.deny) == 1 with input as _host(true, {})
}

test_module_absent_fires if {
	count(stig108.deny) == 1 with input as {"host": "web", "config": {}, "defined": {}}
}
