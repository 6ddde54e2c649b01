# The build host: its binary cache listens on 8080, which the policy data
# allows (tag port-8080 in ../../data.yaml).
{ ... }:
{
  imports = [ ./common.nix ];

  networking.hostName = "build";
  networking.firewall.allowedTCPPorts = [ 8080 ];

  # ORG002: the build farm's local time, not UTC.
  time.timeZone = "Europe/Berlin";

  # ORG001: no AllowUsers here, so the contractor's key logs in.
  users.users.contractor = {
    isNormalUser = true;
    openssh.authorizedKeys.keys = [ "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGYjBnepjqZo7uacgZfEYgVcSEf/M41+k38XaUDmQ6UD contractor@example.org" ];
  };
}
