{ config, lib, pkgs, ... }:
{
  imports = [
    ./boot.nix
    ./kernel.nix
    ./users.nix
    ./services.nix
  ];

  networking.hostName = "bastion";
  system.stateVersion = "25.11";

  # SSH: keys only, no root, an explicit allow list, fingerprints logged.
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
    # SSH is reachable only through the management tunnel (below), not on
    # every interface as openFirewall would open it.
    openFirewall = false;
  };
  # A second factor: TOTP codes (google-authenticator) for the sshd PAM service.
  security.pam.services.sshd.googleAuthenticator.enable = true;

  # No port is open to any network: the host dials out to the management
  # hub over WireGuard (wg0), and only that tunnel reaches sshd.
  networking.firewall = {
    enable = true;
    allowPing = false;
    logRefusedConnections = true;
    trustedInterfaces = [ "wg0" ];
  };

  # Auditing and mandatory access control.
  security.auditd.enable = true;
  security.audit = {
    enable = true;
    rules = [
      "-a exit,always -F arch=b64 -S execve"
      "-w /etc/passwd -p wa -k identity"
      "-w /etc/shadow -p wa -k identity"
    ];
  };
  security.apparmor = {
    enable = true;
    killUnconfinedConfinables = true;
  };

  # Only the devices listed are authorized; anything else plugged in is blocked.
  services.usbguard = {
    enable = true;
    implicitPolicyTarget = "block";
    rules = ''
      allow id 1d6b:0002 serial "0000:00:14.0" name "xHCI Host Controller" via-port "usb1"
      allow id 1d6b:0003 serial "0000:00:14.0" name "xHCI Host Controller" via-port "usb2"
    '';
  };

  # The Nix daemon: only wheel may use it, only root is trusted.
  nix.settings = {
    allowed-users = [ "@wheel" ];
    trusted-users = [ "root" ];
    sandbox = true;
    require-sigs = true;
  };
  nix.gc = {
    automatic = true;
    dates = "weekly";
    options = "--delete-older-than 30d";
  };
  system.autoUpgrade = {
    enable = true;
    flake = "github:example/infra#bastion";
    dates = "04:40";
    allowReboot = true;
  };

  # Start minimal.
  environment.defaultPackages = lib.mkForce [ ];
}
