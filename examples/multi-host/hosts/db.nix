{ lib, ... }:
{
  imports = [ ./common.nix ];

  networking.hostName = "db";

  # Only the application network reaches the database port.
  networking.firewall.interfaces.ens4.allowedTCPPorts = [ 5432 ]; # FW006
  services.openssh.openFirewall = false;
  networking.firewall.interfaces.ens3.allowedTCPPorts = [ 22 ]; # FW006

  boot.initrd.luks.devices.data = {
    device = "/dev/disk/by-uuid/3f6b0c51-0000-4000-8000-000000000000";
    allowDiscards = false;
  };
  fileSystems."/var/lib/postgresql" = {
    device = "/dev/mapper/data";
    fsType = "ext4";
    options = [ "nosuid" "nodev" "noexec" ];
  };
}
