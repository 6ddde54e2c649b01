# A CI runner: the admin in wheel, as the list allows, and a contractor too.
{ ... }:
{
  system.stateVersion = "25.11";
  networking.hostName = "ci";

  users.users.admin = {
    isNormalUser = true;
    extraGroups = [ "wheel" ];
  };

  # ORG010: the contractor is in wheel, and not on the admin list.
  users.users.contractor = {
    isNormalUser = true;
    extraGroups = [ "wheel" "docker" ];
  };
}
