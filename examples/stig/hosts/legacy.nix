# An appliance left on NixOS 25.05: no SSH (it is managed from the
# console), no time synchronisation. The checks the failing host cannot
# also fail, one per line; the SSH and time checks that need sshd and
# timesyncd running are not applicable here.
{ ... }:
{
  networking.hostName = "legacy";
  system.stateVersion = "25.05"; # V-268180: 25.05 left support on 2025-12-31

  fileSystems."/" = {
    device = "/dev/sda2";
    fsType = "ext4";
  };
  boot.loader.grub.enable = true;

  services.openssh.enable = false; # V-268159: no sshd for remote access
  services.timesyncd.enable = false; # V-268151: the clock is never synchronised
}
