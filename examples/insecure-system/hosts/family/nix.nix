# Settings copied from a build machine.
{ lib, ... }:
{
  nix.settings = {
    trusted-users = [ "root" "@wheel" ]; # NIX001
    sandbox = false; # NIX002
    require-sigs = lib.mkForce false; # NIX003
    substituters = [ "http://cache.lan:5000" ];
  };
}
