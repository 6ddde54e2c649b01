package nixsec.rules.boot.boot001_test

import data.nixsec.rules.boot.boot001

_host(luks, fs) := {"host": "web", "config": {"boot": {"isContainer": false, "initrd": {"luks": {"devices": luks}}}, "fileSystems": fs}, "defined": {}}

_ext4(device) := {"device": device, "fsType": "ext4"}

_cryptroot := {"cryptroot": {"device": "/dev/disk/by-uuid/1111", "allowDiscards": false}}

test_no_luks_fires if {
	boot001.deny == {{
		"path": `fileSystems."/"`,
		"msg": "the root file system (/) is not encrypted: boot.initrd.luks.devices is empty",
	}} with input as _host({}, {"/": _ext4("/dev/disk/by-uuid/abcd"), "/boot": {"device": "/dev/sda1", "fsType": "vfat"}})
}

test_root_on_luks_mapping_passes if {
	count(boot001.deny) == 0 with input as _host(_cryptroot, {"/": _ext4("/dev/mapper/cryptroot")})
}

# nixos-generate-config: the file system by its own UUID inside luks-<uuid>.
test_root_by_uuid_with_luks_passes if {
	luks := {"luks-2222": {"device": "/dev/disk/by-uuid/2222"}}
	count(boot001.deny) == 0 with input as _host(luks, {"/": _ext4("/dev/disk/by-uuid/3333")})
}

test_lvm_on_luks_passes if {
	count(boot001.deny) == 0 with input as _host(_cryptroot, {"/": _ext4("/dev/mapper/vg-root")})
}

test_root_on_other_mapping_fires if {
	luks := {"cryptswap": {"device": "/dev/sda2"}}
	boot001.deny == {{
		"path": `fileSystems."/"`,
		"msg": "the root file system (/) is not encrypted: its device /dev/mapper/plainroot is no LUKS mapping (boot.initrd.luks.devices: cryptswap)",
	}} with input as _host(luks, {"/": _ext4("/dev/mapper/plainroot")})
}

test_root_is_luks_container_fires if {
	some v in boot001.deny with input as _host(_cryptroot, {"/": _ext4("/dev/disk/by-uuid/1111")})
	v.msg == "the root file system (/) is not encrypted: its device /dev/disk/by-uuid/1111 is the LUKS container of cryptroot itself, not its mapping"
}

test_tmpfs_root_checks_persistent_mounts if {
	fs := {
		"/": {"device": "none", "fsType": "tmpfs"},
		"/nix": _ext4("/dev/disk/by-label/nix"),
		"/persist": _ext4("/dev/disk/by-label/persist"),
	}
	{v.path | some v in boot001.deny} == {`fileSystems."/nix"`, `fileSystems."/persist"`} with input as _host({}, fs)
	some v in boot001.deny with input as _host({}, fs)
	v.msg == "the persistent mount /nix of the tmpfs root is not encrypted: boot.initrd.luks.devices is empty"
}

test_tmpfs_root_with_luks_persist_passes if {
	fs := {"/": {"device": "none", "fsType": "tmpfs"}, "/nix": _ext4("/dev/mapper/cryptroot")}
	count(boot001.deny) == 0 with input as _host(_cryptroot, fs)
}

test_native_encryption_not_reported if {
	count(boot001.deny) == 0 with input as _host({}, {"/": {"device": "rpool/root", "fsType": "zfs"}})
	count(boot001.deny) == 0 with input as _host({}, {"/": {"device": "/dev/nvme0n1p2", "fsType": "bcachefs"}})
}

test_container_passes if {
	inp := {"config": {"boot": {"isContainer": true, "initrd": {"luks": {"devices": {}}}}, "fileSystems": {}}, "defined": {}}
	count(boot001.deny) == 0 with input as inp
}

test_no_root_entry_points_at_luks if {
	boot001.deny == {{
		"path": "boot.initrd.luks.devices",
		"msg": "boot.initrd.luks.devices is empty: the root file system is not encrypted",
	}} with input as _host({}, {})
}

test_module_absent_passes if {
	count(boot001.deny) == 0 with input as {"config": {}, "defined": {}}
	count(boot001.deny) == 0 with input as {"config": {"fileSystems": {"/": {"device": "/dev/sda1", "fsType": "ext4"}}}, "defined": {}}
}
