# A nightly backup job written by hand.
{ pkgs, ... }:
let
  target = "/mnt/backup";
in
{
  systemd.services.nightly-backup = {
    description = "nightly rsync of /srv";
    startAt = "02:00";
    path = [ pkgs.rsync ];
    script = ''
      rsync -a --delete /srv/ ${target}/srv/
    '';
    # SVC006: neither User nor DynamicUser, so it runs as root;
    # SVC007: and with no sandboxing (exposure 9.6 of 10)
    serviceConfig = { # SVC006 SVC007
      Type = "oneshot";
      # SVC008: [Unit] settings in the [Service] section; systemd ignores them
      After = [ "network-online.target" ]; # SVC008
      Wants = "network-online.target"; # SVC008
    };
  };
}
