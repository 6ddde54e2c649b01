# METADATA
# title: A LUKS device weakens its protection for convenience
# description: |
#   Two per-device LUKS options trade some protection for convenience.
#   allowDiscards passes TRIM through the encryption layer: it helps SSD
#   performance and wear, but the free-block pattern becomes visible on the
#   raw disk, revealing which blocks hold data, the file system type and
#   usage, and it weakens plausible deniability. tryEmptyPassphrase makes the
#   initrd try an empty passphrase before asking: a device that accepts one
#   is unlocked by anyone who boots the machine, and nothing warns about it.
#   Both are informational trade-offs: keep them only when decided.
# custom:
#   id: BOOT004
#   severity: low
#   options:
#     - boot.initrd.luks.devices.*.allowDiscards
#     - boot.initrd.luks.devices.*.tryEmptyPassphrase
#   remediation: |
#     boot.initrd.luks.devices.cryptroot.allowDiscards = false;
#     boot.initrd.luks.devices.cryptroot.tryEmptyPassphrase = false;
#   references:
#     - https://search.nixos.org/options?query=boot.initrd.luks.devices
#     - https://wiki.archlinux.org/title/Dm-crypt/Specialties#Discard/TRIM_support_for_solid_state_drives_(SSD)
#     - https://asalor.blogspot.com/2011/08/trim-dm-crypt-problems.html
package nixsec.rules.boot.boot004

import data.nixsec.lib

_why := {
	"allowDiscards": "discards (TRIM) reveal which blocks of the encrypted disk are in use",
	"tryEmptyPassphrase": "an empty passphrase is tried before asking, so a device that accepts one opens without a secret",
}

deny contains v if {
	some name, device in object.get(input.config, ["boot", "initrd", "luks", "devices"], {})
	is_object(device)
	some option, why in _why
	object.get(device, option, null) == true
	p := lib.path(["boot", "initrd", "luks", "devices", name, option])
	v := {
		"path": p,
		"msg": sprintf("LUKS device %s: %s is true: %s", [name, option, why]),
		"fix": {"path": p, "value": false},
	}
}
