{ lib, ... }:
{
  imports = [ ../shared.nix ./base.nix ./policy.nix ];

  config = lib.mkMerge [
    {
      # Loses to shared.nix's mkForce.
      services.openssh.settings.PermitRootLogin = "yes";
      # Beats shared.nix's mkDefault.
      security.auditd.enable = false;
      # Merged with shared.nix's and sshd.nix's.
      networking.firewall.allowedTCPPorts = [ 8080 ];
      services.openssh.settings.PasswordAuthentication = lib.mkDefault true;
      # Loses to policy.nix's mkForce; beats base.nix's mkDefault.
      networking.firewall.enable = false;
    }
    (lib.mkIf false {
      services.openssh.settings.PasswordAuthentication = false;
      security.auditd.enable = true;
      networking.firewall.enable = false;
    })
  ];
}
