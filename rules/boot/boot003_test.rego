package nixsec.rules.boot.boot003_test

import data.nixsec.rules.boot.boot003

_host(boot) := {"host": "laptop", "config": {"boot": object.union({"isContainer": false}, boot)}, "defined": {}}

_sdboot := {"loader": {"systemd-boot": {"enable": true}, "grub": {"enable": false}}}

test_lanzaboote_absent_fires if {
	boot003.deny == {{
		"path": "boot.lanzaboote.enable",
		"msg": "boot.lanzaboote is not imported: Secure Boot is not enforced",
		"anchor": "boot.loader.systemd-boot.enable",
	}} with input as _host(_sdboot)
}

test_lanzaboote_false_fires if {
	boot003.deny == {{
		"path": "boot.lanzaboote.enable",
		"msg": "boot.lanzaboote.enable is false: Secure Boot is not enforced",
		"anchor": "boot.loader.systemd-boot.enable",
	}} with input as _host(object.union(_sdboot, {"lanzaboote": {"enable": false}}))
}

test_grub_anchor if {
	some v in boot003.deny with input as _host({"loader": {"systemd-boot": {"enable": false}, "grub": {"enable": true}}})
	v.anchor == "boot.loader.grub.enable"
}

# No loader known: the Go side falls back to the host entry.
test_no_loader_no_anchor if {
	boot003.deny == {{
		"path": "boot.lanzaboote.enable",
		"msg": "boot.lanzaboote is not imported: Secure Boot is not enforced",
	}} with input as _host({})
}

test_lanzaboote_enabled_passes if {
	inp := _host({"loader": {"systemd-boot": {"enable": false}}, "lanzaboote": {"enable": true}})
	count(boot003.deny) == 0 with input as inp
}

test_limine_secure_boot_passes if {
	inp := _host({"loader": {"limine": {"enable": true, "secureBoot": {"enable": true}}}})
	count(boot003.deny) == 0 with input as inp
	some v in boot003.deny with input as _host({"loader": {"limine": {"enable": true, "secureBoot": {"enable": false}}}})
	v.anchor == "boot.loader.limine.enable"
}

test_container_passes if {
	count(boot003.deny) == 0 with input as {"config": {"boot": {"isContainer": true}}, "defined": {}}
}
