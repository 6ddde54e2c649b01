# A server that meets every check of the Anduril NixOS STIG (V1R2) the
# configuration decides. The host itself is ../../../hardened's bastion
# (LUKS, Secure Boot, keys-only SSH, AppArmor, USBGuard); the STIG's own
# settings are in the files below, each commented with the V-IDs it meets.
# The checks that need the running system (accounts in use, file modes on
# disk, the AIDE baseline, ...) are the auditor's: nixsec reports them as
# manual.
{ config, lib, pkgs, ... }:
let
  dodBanner = builtins.readFile ../../dod-banner.txt;
in
{
  imports = [
    ./boot.nix
    ./audit.nix
    ./accounts.nix
    ./ssh.nix
    ./kernel.nix
  ];

  networking.hostName = "compliant";
  system.stateVersion = "25.11";

  # V-268082: the DoD banner on the console, before the login prompt.
  # helpLine is `lines`: getty.nix adds the nixos-help hint to it while the
  # NixOS manual is installed, so the banner replaces the whole text.
  services.getty.helpLine = lib.mkForce dodBanner;

  # V-268078: the firewall, with no port open but SSH on the management
  # tunnel.
  networking.firewall = {
    enable = true;
    allowPing = false;
    trustedInterfaces = [ "wg0" ];
    # V-268158: new SSH connections rate-limited per source address.
    extraCommands = ''
      ip46tables -I nixos-fw -p tcp --dport 22 -m conntrack --ctstate NEW -m hashlimit --hashlimit-name ssh --hashlimit-mode srcip --hashlimit-above 10/minute -j DROP
    '';
  };

  # V-268146, V-268147: no radios.
  networking.wireless.enable = false;
  hardware.bluetooth.enable = false;

  # V-268149, V-268150, V-268151: time from the USNO servers, polled at
  # least every 60 s.
  networking.timeServers = [ "tick.usnogps.navy.mil" "tock.usnogps.navy.mil" ];
  services.timesyncd = {
    enable = true;
    extraConfig = "PollIntervalMaxSec=60";
  };

  # V-268107, V-268108, V-268109: the journal (audit records included) goes
  # to the log collector over TLS, which the client authenticates.
  services.journald.audit = true;
  services.journald.upload = {
    enable = true;
    settings.Upload = {
      URL = "https://logs.example.mil:19532";
      ServerKeyFile = "/run/secrets/journal-upload.key";
      ServerCertificateFile = "/etc/ssl/journal-upload.crt";
      TrustedCertificateFile = "/etc/ssl/dod-root-ca.pem";
    };
  };

  # V-268139, V-268173: USBGuard with an allow list, AppArmor.
  services.usbguard = {
    enable = true;
    implicitPolicyTarget = "block";
    rules = ''
      allow id 1d6b:0002 serial "0000:00:14.0" name "xHCI Host Controller" via-port "usb1"
      allow id 1d6b:0003 serial "0000:00:14.0" name "xHCI Host Controller" via-port "usb2"
    '';
  };
  security.apparmor = {
    enable = true;
    killUnconfinedConfinables = true;
  };

  # V-268087 (vlock), V-268090 (audit tools; 25.11's auditd no longer adds
  # them), V-268136 (opencryptoki's p11sak), V-268153 (aide). No telnet
  # (V-268131).
  environment.systemPackages = [ pkgs.vlock pkgs.audit pkgs.opencryptoki pkgs.aide ];
  # V-268153: AIDE checks the file system against its baseline every day
  # (the baseline and the alert recipients are set up on the host).
  systemd.services.aide = {
    description = "AIDE file integrity check";
    startAt = "daily";
    serviceConfig = {
      Type = "oneshot";
      ExecStart = "${pkgs.aide}/bin/aide --check --config /etc/aide.conf";
      # Reads every file, changes none: a dynamic user that may only read.
      DynamicUser = true;
      StateDirectory = "aide";
      AmbientCapabilities = [ "CAP_DAC_READ_SEARCH" ];
      CapabilityBoundingSet = [ "CAP_DAC_READ_SEARCH" ];
      NoNewPrivileges = true;
      ProtectSystem = "strict";
      ProtectHome = "read-only";
      PrivateTmp = true;
      PrivateDevices = true;
      PrivateNetwork = true;
      IPAddressDeny = "any";
      DevicePolicy = "closed";
      RestrictAddressFamilies = [ "AF_UNIX" ];
      RestrictNamespaces = true;
      RestrictRealtime = true;
      RestrictSUIDSGID = true;
      LockPersonality = true;
      MemoryDenyWriteExecute = true;
      ProtectKernelTunables = true;
      ProtectKernelModules = true;
      ProtectKernelLogs = true;
      ProtectControlGroups = true;
      ProtectClock = true;
      ProtectHostname = true;
      SystemCallArchitectures = "native";
      SystemCallFilter = [ "@system-service" "~@privileged" "~@resources" ];
      UMask = "0077";
    };
  };
  environment.defaultPackages = lib.mkForce [ ];

  # V-268152, V-268154: only root and wheel use Nix; signatures required.
  nix.settings = {
    allowed-users = [ "root" "@wheel" ];
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
    flake = "github:example/infra#compliant";
    dates = "04:40";
    allowReboot = true;
  };
}
