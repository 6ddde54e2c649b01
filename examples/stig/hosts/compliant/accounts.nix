# Accounts, PAM, passwords and sudo.
{ lib, pkgs, ... }:
let
  pam = "${pkgs.pam}/lib/security";
  # V-268081: three failures within 15 minutes lock the account until an
  # administrator unlocks it. V-268170: new passwords go through
  # pam_pwquality.
  faillockStack = ''
    account required ${pam}/pam_faillock.so
    account required ${pam}/pam_unix.so

    auth required ${pam}/pam_faillock.so preauth silent audit deny=3 fail_interval=900 unlock_time=0
    auth sufficient ${pam}/pam_unix.so try_first_pass
    auth [default=die] ${pam}/pam_faillock.so authfail audit deny=3 fail_interval=900 unlock_time=0
    auth sufficient ${pam}/pam_faillock.so authsucc
    auth required ${pam}/pam_deny.so

    password requisite ${pam}/pam_pwquality.so
    password sufficient ${pam}/pam_unix.so sha512 shadow use_authtok

    session required ${pam}/pam_env.so conffile=/etc/pam/environment readenv=0
    session required ${pam}/pam_unix.so
    session required ${pam}/pam_lastlog.so silent
    session optional ${pkgs.systemd}/lib/security/pam_systemd.so
    session required ${pam}/pam_limits.so conf=${limitsConf}
  '';
  # V-268085: what NixOS writes for security.pam.loginLimits (below), for
  # the stacks written by hand here.
  limitsConf = pkgs.writeText "limits.conf" "* hard maxlogins 10\n";
  passwordChange = ''
    account required ${pam}/pam_unix.so

    auth sufficient ${pam}/pam_rootok.so
    auth sufficient ${pam}/pam_unix.so try_first_pass
    auth required ${pam}/pam_deny.so

    password requisite ${pam}/pam_pwquality.so
    password sufficient ${pam}/pam_unix.so sha512 shadow use_authtok

    session required ${pam}/pam_unix.so
  '';
in
{
  security.pam.services = {
    login.text = faillockStack;
    sshd.text = faillockStack;
    passwd.text = passwordChange;
    chpasswd.text = passwordChange;
    sudo.text = passwordChange;
  };
  # V-268177: smart-card (PKCS#11) logon.
  security.pam.p11.enable = true;
  # V-268179: certificates are checked against the CA, their signature and
  # OCSP, with CRLs fetched as needed.
  environment.etc."pam_pkcs11/pam_pkcs11.conf".text = ''
    pam_pkcs11 {
      use_first_pass = false;
      card_only = true;
      cert_policy = ca,signature,ocsp_on,crl_auto;
    }
  '';
  # V-268124: smart-card certificates are validated up to the DoD root CA.
  environment.etc."sssd/pki/sssd_auth_ca_db.pem".source = ../../dod-root-ca.pem;
  # V-268178: cached PKI credentials expire after a day.
  services.sssd = {
    enable = true;
    config = ''
      [sssd]
      config_file_version = 2
      services = nss, pam
      domains = shadowutils

      [nss]

      [pam]
      offline_credentials_expiration = 1

      [domain/shadowutils]
      id_provider = proxy
      proxy_lib_name = files
      auth_provider = proxy
      proxy_pam_target = sssd-shadowutils
      proxy_fast_alias = True
    '';
  };

  # V-268085: at most 10 sessions per account.
  security.pam.loginLimits = [
    { domain = "*"; item = "maxlogins"; type = "hard"; value = "10"; }
  ];

  # V-268126..V-268129, V-268134, V-268145, V-268169: password complexity.
  environment.etc."security/pwquality.conf".text = ''
    ucredit=-1
    lcredit=-1
    dcredit=-1
    ocredit=-1
    difok=8
    minlen=15
    dictcheck=1
  '';

  # V-268174: accounts useradd creates are disabled 35 days after their
  # password expires. shadow.nix renders this file (GROUP, HOME, SHELL):
  # the text replaces it.
  environment.etc."default/useradd".text = lib.mkForce ''
    GROUP=100
    HOME=/home
    SHELL=/run/current-system/sw/bin/bash
    INACTIVE=35
  '';

  security.loginDefs.settings = {
    ENCRYPT_METHOD = "SHA512"; # V-268130
    PASS_MIN_DAYS = 1; # V-268132
    PASS_MAX_DAYS = 60; # V-268133
    FAIL_DELAY = 4; # V-268171
    UMASK = "077"; # V-268181
  };

  # V-268155, V-268156: sudo asks for the password every time, wheel too.
  security.sudo = {
    enable = true;
    wheelNeedsPassword = true;
    execWheelOnly = true;
    extraConfig = ''
      Defaults timestamp_timeout=0
    '';
  };

  # Accounts are declared here only; hashes come from a secret file.
  users.mutableUsers = false;
  users.users.ops = {
    isNormalUser = true;
    extraGroups = [ "wheel" ];
    hashedPasswordFile = "/run/secrets/ops-password";
    openssh.authorizedKeys.keys = [
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJ+zmzLGHRYpYFRPgL+d/QQHwRE5xnKqPiUByL/cG4RL ops@laptop"
    ];
  };
  # V-268138: root cannot log in with a password.
  users.users.root.hashedPassword = "!";
}
