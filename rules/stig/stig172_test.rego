package nixsec.rules.stig.stig172_test

import data.nixsec.rules.stig.stig172

_user := "services.displayManager.autoLogin.user"

_getty := "services.getty.autologinUser"

_host(dm, getty) := {
	"config": {"services": {
		"displayManager": {"autoLogin": dm},
		"getty": {"autologinUser": getty},
	}},
	"defined": {},
}

test_graphical_autologin_fires if {
	stig172.deny == {{
		"path": _user,
		"msg": "services.displayManager.autoLogin.user is \"kiosk\": the graphical login logs that user in without authentication",
		"fix": {"path": _user, "value": null},
	}} with input as _host({"enable": true, "user": "kiosk"}, null)
}

test_user_with_enable_false_still_fires if {
	some v in stig172.deny with input as _host({"enable": false, "user": "kiosk"}, null)
	v.msg == "services.displayManager.autoLogin.user is \"kiosk\" (autoLogin.enable is false, but the user is still defined): the graphical login logs that user in without authentication"
}

test_console_autologin_fires if {
	stig172.deny == {{
		"path": _getty,
		"msg": "services.getty.autologinUser is \"root\": the text console logs that user in without authentication",
		"fix": {"path": _getty, "value": null},
	}} with input as _host({"enable": false, "user": null}, "root")
}

test_none_passes if {
	count(stig172.deny) == 0 with input as _host({"enable": false, "user": null}, null)
}

test_absent_passes if {
	count(stig172.deny) == 0 with input as {"config": {}, "defined": {}}
}
