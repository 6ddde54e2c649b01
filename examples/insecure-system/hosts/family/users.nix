{ config, lib, ... }:
{
  users.users = {
    mum = {
      isNormalUser = true;
      extraGroups = [ "wheel" "networkmanager" ];
      hashedPassword = "$1$Zq3nBv9s$y0ZpZ0UeH6QmJ6m0gQ2hX/"; # SEC005: MD5-crypt
    };
    kid = {
      isNormalUser = true;
      initialPassword = "changeme"; # SEC002: mutableUsers is true here
    };
  };

  security.sudo.wheelNeedsPassword = false; # USR001
}
