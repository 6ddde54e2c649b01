package nixsec.rules.boot.boot004_test

import data.nixsec.rules.boot.boot004

_host(devices) := {"host": "laptop", "config": {"boot": {"initrd": {"luks": {"devices": devices}}}}, "defined": {}}

test_allow_discards_fires if {
	boot004.deny == {{
		"path": "boot.initrd.luks.devices.cryptroot.allowDiscards",
		"msg": "LUKS device cryptroot: allowDiscards is true: discards (TRIM) reveal which blocks of the encrypted disk are in use",
		"fix": {"path": "boot.initrd.luks.devices.cryptroot.allowDiscards", "value": false},
	}} with input as _host({"cryptroot": {"allowDiscards": true, "tryEmptyPassphrase": false}})
}

test_try_empty_passphrase_fires if {
	some v in boot004.deny with input as _host({"cryptroot": {"allowDiscards": false, "tryEmptyPassphrase": true}})
	v.path == "boot.initrd.luks.devices.cryptroot.tryEmptyPassphrase"
}

test_several_devices_and_quoted_names if {
	devices := {
		"luks-1234.5": {"allowDiscards": true, "tryEmptyPassphrase": true},
		"cryptswap": {"allowDiscards": false},
		"cryptdata": {"allowDiscards": true},
	}
	paths := {v.path | some v in boot004.deny} with input as _host(devices)
	paths == {
		`boot.initrd.luks.devices."luks-1234.5".allowDiscards`,
		`boot.initrd.luks.devices."luks-1234.5".tryEmptyPassphrase`,
		"boot.initrd.luks.devices.cryptdata.allowDiscards",
	}
}

# Older nixpkgs without tryEmptyPassphrase: the key is absent.
test_defaults_pass if {
	count(boot004.deny) == 0 with input as _host({"cryptroot": {"allowDiscards": false}})
	count(boot004.deny) == 0 with input as _host({})
}

test_module_absent_passes if {
	count(boot004.deny) == 0 with input as {"config": {}, "defined": {}}
}
