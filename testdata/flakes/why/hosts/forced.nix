{ lib, ... }:
{
  imports = [ ../shared.nix ];

  config = lib.mkMerge [
    {
      # Loses to shared.nix's mkForce.
      services.openssh.settings.PermitRootLogin = "yes";
      # Beats shared.nix's mkDefault.
      security.auditd.enable = false;
      # Merged with shared.nix's and sshd.nix's.
      networking.firewall.allowedTCPPorts = [ 8080 ];
      services.openssh.settings.PasswordAuthentication = lib.mkDefault true;
    }
    (lib.mkIf false {
      services.openssh.settings.PasswordAuthentication = false;
      security.auditd.enable = true;
    })
  ];
}
