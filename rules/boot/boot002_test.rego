package nixsec.rules.boot.boot002_test

import data.nixsec.rules.boot.boot002

_p := "boot.loader.systemd-boot.editor"

_host(enable, editor, defined) := {
	"host": "laptop",
	"config": {"boot": {"loader": {"systemd-boot": {"enable": enable, "editor": editor}}}},
	"defined": defined,
}

test_default_editor_fires if {
	boot002.deny == {{
		"path": _p,
		"msg": "boot.loader.systemd-boot.editor is true (NixOS default): init=/bin/sh at the boot menu gives a root shell",
		"anchor": "boot.loader.systemd-boot.enable",
		"fix": {"path": _p, "value": false},
	}} with input as _host(true, true, {"boot.loader.systemd-boot.enable": true})
}

test_defined_editor_fires_without_note if {
	some v in boot002.deny with input as _host(true, true, {_p: true})
	v.msg == "boot.loader.systemd-boot.editor is true: init=/bin/sh at the boot menu gives a root shell"
}

test_editor_off_passes if {
	count(boot002.deny) == 0 with input as _host(true, false, {_p: true})
}

# GRUB or lanzaboote host: systemd-boot's own editor is not used.
test_systemd_boot_disabled_passes if {
	count(boot002.deny) == 0 with input as _host(false, true, {})
}

test_lanzaboote_inherited_editor_fires if {
	inp := {
		"config": {"boot": {
			"loader": {"systemd-boot": {"enable": false, "editor": true}},
			"lanzaboote": {"enable": true, "settings": {"editor": true, "timeout": 5}},
		}},
		"defined": {},
	}
	boot002.deny == {{
		"path": "boot.lanzaboote.settings.editor",
		"msg": "boot.lanzaboote.settings.editor is true (NixOS default): init=/bin/sh at the boot menu gives a root shell",
		"anchor": "boot.lanzaboote.enable",
		"fix": {"path": "boot.lanzaboote.settings.editor", "value": false},
	}} with input as inp
}

test_lanzaboote_editor_off_or_null_passes if {
	for_value(false)
	for_value(null)
}

for_value(editor) if {
	inp := {
		"config": {"boot": {
			"loader": {"systemd-boot": {"enable": false, "editor": true}},
			"lanzaboote": {"enable": true, "settings": {"editor": editor}},
		}},
		"defined": {},
	}
	count(boot002.deny) == 0 with input as inp
}

test_module_absent_passes if {
	count(boot002.deny) == 0 with input as {"config": {}, "defined": {}}
}
