{ config, lib, pkgs, ... }:
{
  imports = [ ./users.nix ];

  networking.hostName = "bastion";
  system.stateVersion = "25.11";

  # SSH: keys only, no root, an explicit allow list.
  services.openssh = {
    enable = true;
    settings = {
      PasswordAuthentication = false;
      KbdInteractiveAuthentication = false;
      PermitRootLogin = "no";
      AllowUsers = [ "ops" ];
      X11Forwarding = false;
      LogLevel = "VERBOSE"; # log key fingerprints
    };
    # SSH is reachable only from the management network (below), not on
    # every interface as openFirewall would open it.
    openFirewall = false;
  };

  networking.firewall = {
    enable = true;
    allowPing = false;
    logRefusedConnections = true;
    interfaces.mgmt0.allowedTCPPorts = [ 22 ];
  };

  # Auditing and mandatory access control.
  security.auditd.enable = true;
  security.audit = {
    enable = true;
    rules = [ "-a exit,always -F arch=b64 -S execve" ];
  };
  security.apparmor = {
    enable = true;
    killUnconfinedConfinables = true;
  };

  security.sudo.execWheelOnly = true;
  nix.settings.allowed-users = [ "@wheel" ];

  boot.loader.systemd-boot = {
    enable = true;
    editor = false;
  };

  environment.defaultPackages = lib.mkForce [ ];

  # A small service, confined by systemd.
  systemd.services.metrics-exporter = {
    description = "metrics exporter";
    wantedBy = [ "multi-user.target" ];
    after = [ "network.target" ];
    serviceConfig = {
      ExecStart = "${pkgs.coreutils}/bin/sleep infinity";
      DynamicUser = true;
      NoNewPrivileges = true;
      ProtectSystem = "strict";
      ProtectHome = true;
      PrivateTmp = true;
    };
  };
}
