# A stand-in for nixpkgs' package set. Packages are derivation-shaped sets
# (`type = "derivation"`, `name`, `outPath`) with fixed fake store paths, so
# "${pkgs.coreutils}/bin/true" gives
# /nix/store/00000000000000000000000000000000-coreutils/bin/true, as in
# realshape/. Nothing is ever built: nixsec never forces a derivation.
#
# Nix has no catch-all attribute, so `pkgs.<name>` works for the names
# listed below; `pkgs.fake "name"` (or adding a name here) covers the rest.
let
  fake = name:
    let self = {
      type = "derivation";
      inherit name;
      pname = name;
      version = "0";
      system = "x86_64-linux";
      outPath = "/nix/store/00000000000000000000000000000000-${name}";
      drvPath = "/nix/store/00000000000000000000000000000000-${name}.drv";
      outputs = [ "out" ];
      outputName = "out";
      out = self;
      meta = { description = "stand-in for pkgs.${name}"; };
      passthru = { };
    };
    in self;
  names = [
    "bash" "bashInteractive" "coreutils" "openssh" "iptables" "nftables" "audit"
    "apparmor-parser" "apparmor-utils" "dnscrypt-proxy" "unbound" "stubby" "tor"
    "torsocks" "firefox" "usbguard" "sudo" "sudo-rs" "nix" "systemd" "shadow"
    "perl" "rsync" "strace" "git" "vim" "neovim" "curl" "wget" "htop" "tmux"
    "zsh" "fish" "nginx" "postgresql" "redis" "cups" "avahi" "networkmanager"
    "dhcpcd" "gnupg" "age" "sops" "jq" "ripgrep" "fd" "openssl" "util-linux"
    "linux" "linuxPackages" "linuxPackages_hardened" "linuxPackages_latest"
    "busybox" "hello" "python3" "nodejs" "go" "docker" "podman" "wireguard-tools"
    "fail2ban" "samba" "vsftpd" "netkittftp" "xinetd" "atftp" "lzbt"
    "pam" "pam_mysql" "pam_p11" "opensc" "pam_u2f" "oath-toolkit" "pam_dp9ik" "google-authenticator"
    "otpw" "pam_ldap" "kanidm" "sssd" "pam_krb5" "pam_ccreds" "chromium" "thunderbird" "tor-browser" "keepassxc" "dnsmasq"
    "vlock" "opencryptoki" "aide" "inetutils" "bluez" "syslogng" "xautolock" "xlockmore" "gdm"
  ];
in
builtins.listToAttrs (map (name: { inherit name; value = fake name; }) names) // {
  inherit fake;
  system = "x86_64-linux";
  stdenv = { hostPlatform = { system = "x86_64-linux"; isLinux = true; isx86_64 = true; }; isLinux = true; };
  lib = import ./modules.nix;
  writeText = name: _text: fake name;
  writeShellScript = name: _text: fake name;
  writeShellScriptBin = name: _text: fake name;
  writeScript = name: _text: fake name;
  runCommand = name: _env: _script: fake name;
  symlinkJoin = { name, ... }: fake name;
  callPackage = _fn: _args: fake "callPackage-result";
}
