# V-268159: sshd for remote access, set up as the STIG asks.
{ ... }:
let
  dodBanner = builtins.readFile ../../dod-banner.txt;
in
{
  services.openssh = {
    enable = true;
    openFirewall = false; # reachable through the management tunnel only
    settings = {
      PasswordAuthentication = false;
      KbdInteractiveAuthentication = false;
      PermitRootLogin = "no"; # V-268137
      AllowUsers = [ "ops" ];
      X11Forwarding = false;
      LogLevel = "VERBOSE"; # V-268088
      UsePAM = true; # V-268176
      ClientAliveInterval = 600; # V-268142
      ClientAliveCountMax = 1; # V-268143
      Ciphers = [ "aes256-ctr" "aes192-ctr" "aes128-ctr" ]; # V-268089
      Macs = [ "hmac-sha2-512" "hmac-sha2-256" ]; # V-268157
      # V-268083: NixOS 26.05 removed services.openssh.banner; the banner
      # file is named here and written below (nixsec reads /etc/issue.net).
      Banner = "/etc/issue.net";
    };
  };
  environment.etc."issue.net".text = dodBanner;
}
