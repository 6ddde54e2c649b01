# V-268144: the root file system on LUKS; Secure Boot through lanzaboote.
{ lib, ... }:
{
  boot.initrd.luks.devices.cryptroot = {
    device = "/dev/disk/by-uuid/6b0c1e8a-7d4f-4c2b-9a51-0e8f3c2d1b7a";
    allowDiscards = false;
  };
  fileSystems."/" = {
    device = "/dev/mapper/cryptroot";
    fsType = "ext4";
  };
  fileSystems."/boot" = {
    device = "/dev/disk/by-uuid/4A1B-2C3D";
    fsType = "vfat";
    options = [ "umask=0077" ];
  };

  boot.loader.systemd-boot = {
    enable = lib.mkForce false;
    editor = false;
  };
  boot.lanzaboote = {
    enable = true;
    pkiBundle = "/var/lib/sbctl";
    settings.editor = false;
  };
}
