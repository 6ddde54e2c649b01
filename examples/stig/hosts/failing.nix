# A file server set up in a hurry and never hardened: it breaks many of the
# STIG's checks, each on its own line (the comment names the V-ID).
{ lib, pkgs, ... }:
{
  networking.hostName = "failing";
  system.stateVersion = "25.11";

  fileSystems."/" = {
    device = "/dev/sda2"; # V-268144: no LUKS
    fsType = "ext4";
  };
  boot.loader.grub.enable = true;

  # The console greeting is a one-liner, not the DoD banner.
  services.getty.helpLine = "Authorized users only."; # V-268082
  services.getty.autologinUser = "admin"; # V-268172

  networking.firewall.enable = false; # V-268078
  networking.wireless.enable = true; # V-268146
  hardware.bluetooth.enable = true; # V-268147

  # Time from the public pool, polled when systemd sees fit.
  services.timesyncd.extraConfig = "PollIntervalMaxSec=2048"; # V-268150 (V-268149: default pool servers)

  services.openssh = {
    enable = true;
    settings = {
      PermitRootLogin = "yes"; # V-268137
      PasswordAuthentication = true;
      LogLevel = "INFO"; # V-268088
      UsePAM = false; # V-268176
      ClientAliveInterval = 3600; # V-268142
      ClientAliveCountMax = 3; # V-268143
      Ciphers = [ "aes128-cbc" "aes256-ctr" ]; # V-268089
      Macs = [ "hmac-sha1" "hmac-sha2-256" ]; # V-268157
    };
  };

  # The audit rules stop at a few, and nothing runs them: auditd and the
  # kernel's audit are both off.
  security.auditd.enable = false; # V-268080
  security.audit.enable = false; # V-268092: no audit=1
  security.audit.backlogLimit = 256; # V-268093
  security.audit.rules = [
    "-a always,exit -F arch=b64 -S execve -C uid!=euid -F euid=0 -k execpriv" # V-268091, V-268148: no b32 rule, no gid rules
    "-w /etc/passwd -p wa -k identity" # V-268167: /etc/shadow, /etc/group, ... not watched
  ];
  security.auditd.settings.space_left_action = "ignore"; # V-268101
  security.auditd.settings.disk_full_action = "ignore"; # V-268105

  boot.kernelParams = [ "quiet" ]; # V-268168: no fips=1
  boot.kernel.sysctl."kernel.randomize_va_space" = 0; # V-268161
  boot.kernel.sysctl."net.ipv4.tcp_syncookies" = 0; # V-268141
  boot.kernel.sysctl."kernel.kptr_restrict" = 0; # V-268160

  # The audit rules file is copied into /etc, writable and owned by a user.
  environment.etc."audit/audit.rules.local" = {
    text = "-w /srv -p wa -k srv";
    mode = "0664"; # V-268120
    user = "admin"; # V-268122
    group = "users"; # V-268123
  };

  # A desktop for the operators, with no banner and no idle lock.
  services.xserver.enable = true; # V-268086
  services.displayManager.gdm.enable = true; # V-268084

  security.apparmor.enable = false; # V-268173
  services.usbguard.enable = false; # V-268139

  environment.systemPackages = [
    pkgs.inetutils # V-268131: telnet
    pkgs.vim
    pkgs.htop
  ]; # V-268087, V-268090, V-268136: no vlock, audit or opencryptoki

  # Passwords: short, never expiring, weakly hashed.
  environment.etc."security/pwquality.conf".text = ''
    minlen = 8
    dcredit = 0
  ''; # V-268126..V-268129, V-268134, V-268145, V-268169
  security.loginDefs.settings.ENCRYPT_METHOD = "MD5"; # V-268130
  security.loginDefs.settings.PASS_MIN_DAYS = 0; # V-268132
  security.loginDefs.settings.PASS_MAX_DAYS = 99999; # V-268133
  security.loginDefs.settings.UMASK = "022"; # V-268181
  security.pam.loginLimits = [
    { domain = "*"; item = "maxlogins"; type = "hard"; value = "100"; } # V-268085
  ];

  security.sudo.wheelNeedsPassword = false; # V-268156
  security.sudo.extraConfig = "Defaults timestamp_timeout=30"; # V-268155

  nix.settings.allowed-users = [ "*" ]; # V-268152
  nix.settings.require-sigs = false; # V-268154

  users.users.backup = {
    isNormalUser = true;
    uid = 1000; # V-268135: the same uid as admin
  };
  users.users.admin = {
    isNormalUser = true;
    uid = 1000;
    extraGroups = [ "wheel" ];
    hashedPassword = "$6$rounds=5000$saltsalt$4l6W0l3fN5cL0qM0l0vVb0mQk9x0m8r0yQ0b9Y7mS8zJp3x1nE2o5c7L9cQ0sZ1d2F3g4H5j6K7l8M9n0P1q2";
  };
}
