{ lib, ... }:
{
  boot.loader.systemd-boot.enable = true; # BOOT002: editor left at its default (true); BOOT003 (paranoid): no lanzaboote

  boot.initrd.luks.devices.cryptroot = {
    device = "/dev/disk/by-uuid/0b9a4c1e-2f3d-4e5a-8b6c-7d8e9f0a1b2c";
    allowDiscards = true; # BOOT004
  };

  # BOOT001: the root file system is mounted from the LUKS container itself,
  # not from its mapping /dev/mapper/cryptroot
  fileSystems."/" = {
    device = "/dev/disk/by-uuid/0b9a4c1e-2f3d-4e5a-8b6c-7d8e9f0a1b2c"; # BOOT001
    fsType = "ext4";
  };
}
