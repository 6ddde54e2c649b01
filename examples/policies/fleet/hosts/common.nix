# Shared by every host of the fleet.
{ lib, ... }:
{
  system.stateVersion = "25.11";
  time.timeZone = lib.mkDefault "UTC";

  services.openssh = {
    enable = true;
    settings = {
      PasswordAuthentication = false;
      KbdInteractiveAuthentication = false;
      PermitRootLogin = "no";
    };
  };

  networking.firewall.enable = true;

  users.mutableUsers = false;
  users.users.admin = {
    isNormalUser = true;
    extraGroups = [ "wheel" ];
    hashedPasswordFile = "/run/secrets/admin-password";
    openssh.authorizedKeys.keys = [ "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPDp7Q10FlO99TrmBYRjnHAdgqLID1TZRuPYEHx7JO56 admin@example.org" ];
  };
  users.users.deploy = {
    isNormalUser = true;
    openssh.authorizedKeys.keys = [ "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIH++JzEYwRc/jL22LYTtU2b1q2Wy8dJ/Q9IcDQ+ZNnOU deploy@example.org" ];
  };
}
