# METADATA
# title: The root file system is not encrypted
# description: |
#   Without full-disk encryption, whoever holds the disk (a stolen laptop, a
#   returned or discarded drive, a provider's storage) reads everything on it:
#   SSH host keys, users' files, secrets decrypted to disk, the Nix store's
#   configuration. LUKS, opened in the initrd, protects the data at rest.
#   This rule reports a host with no boot.initrd.luks.devices at all, and a
#   root file system that is visibly not on one of them (a /dev/mapper device
#   that is no LUKS mapping, or the LUKS container itself). For a tmpfs root
#   the persistent mounts (/nix, /persist) are checked instead. A root on
#   ZFS or bcachefs may use the file system's own encryption, which options
#   do not show, and is not reported; containers have no disk of their own.
# custom:
#   id: BOOT001
#   severity: high
#   frameworks:
#     stig:
#       - V-268144
#   options:
#     - boot.isContainer
#     - boot.initrd.luks.devices
#     - fileSystems.*.device
#     - fileSystems.*.fsType
#   remediation: |
#     # set up at install time (the NixOS installer's "encrypt" option), then:
#     boot.initrd.luks.devices.cryptroot.device = "/dev/disk/by-uuid/<luks partition uuid>";
#     fileSystems."/".device = "/dev/mapper/cryptroot";
#   references:
#     - https://nixos.org/manual/nixos/stable/#sec-luks-file-systems
#     - https://wiki.nixos.org/wiki/Full_Disk_Encryption
#     - https://xeiaso.net/blog/paranoid-nixos-2021-07-18/
package nixsec.rules.boot.boot001

import data.nixsec.lib

_luks_comps := ["boot", "initrd", "luks", "devices"]

_luks := object.get(input.config, _luks_comps, null)

_fs := object.get(input.config, ["fileSystems"], {})

# File systems that may encrypt themselves without LUKS.
_native := {"zfs", "bcachefs"}

# The mount points whose data must be encrypted: / itself, or, for a tmpfs
# root, the persistent mounts.
_targets contains "/" if {
	is_object(_fs["/"])
	_fs["/"].fsType != "tmpfs"
}

_targets contains m if {
	_fs["/"].fsType == "tmpfs"
	some m in ["/nix", "/persist"]
	is_object(_fs[m])
	_fs[m].fsType != "tmpfs"
}

_what(m) := "the root file system (/)" if m == "/"

_what(m) := sprintf("the persistent mount %s of the tmpfs root", [m]) if m != "/"

_checked(m) if {
	not input.config.boot.isContainer == true
	not object.get(_fs[m], "fsType", null) in _native
}

# No LUKS device at all.
deny contains v if {
	is_object(_luks)
	count(_luks) == 0
	some m in _targets
	_checked(m)
	v := {
		"path": lib.path(["fileSystems", m]),
		"msg": sprintf("%s is not encrypted: boot.initrd.luks.devices is empty", [_what(m)]),
	}
}

# No root file system in the document to point at.
deny contains v if {
	is_object(_luks)
	count(_luks) == 0
	not _fs["/"]
	not input.config.boot.isContainer == true
	v := {
		"path": lib.path(_luks_comps),
		"msg": "boot.initrd.luks.devices is empty: the root file system is not encrypted",
	}
}

# LUKS devices exist, but the mount is visibly not on one of them.
deny contains v if {
	is_object(_luks)
	count(_luks) > 0
	some m in _targets
	_checked(m)
	device := object.get(_fs[m], "device", null)
	is_string(device)
	why := _not_on_luks(device)
	v := {
		"path": lib.path(["fileSystems", m]),
		"msg": sprintf("%s is not encrypted: its device %s %s", [_what(m), device, why]),
	}
}

_names := concat(", ", [n | some n, _ in _luks])

_not_on_luks(device) := sprintf("is no LUKS mapping (boot.initrd.luks.devices: %s)", [_names]) if {
	startswith(device, "/dev/mapper/")
	name := substring(device, count("/dev/mapper/"), -1)
	not _luks[name]

	# vg-lv: an LVM volume, possibly inside a LUKS container
	not contains(name, "-")
}

_not_on_luks(device) := sprintf("is the LUKS container of %s itself, not its mapping", [name]) if {
	some name, d in _luks
	object.get(d, "device", null) == device
}
