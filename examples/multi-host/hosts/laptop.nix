# A developer laptop that loosened the shared defaults.
{ config, lib, ... }:
let
  travelling = true;
in
{
  imports = [ ./common.nix ];

  networking.hostName = "laptop";
  networking.networkmanager.enable = true;
  services.xserver.enable = true; # MIN002 (server profile)
  services.printing.enable = true; # SVC001

  services.openssh.settings = lib.mkIf travelling {
    # SSH001 / SSH003: overrides common.nix's mkDefault false
    PasswordAuthentication = true;
    KbdInteractiveAuthentication = true;
  };

  # MAC001: AppArmor turned off again, over common.nix's mkDefault.
  security.apparmor.enable = false;

  security.sudo.wheelNeedsPassword = false; # USR001
}
