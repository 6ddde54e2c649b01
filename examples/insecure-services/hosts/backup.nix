# A nightly backup job written by hand.
{ pkgs, ... }:
let
  target = "/mnt/backup";
in
{
  systemd.services.nightly-backup = { # SVC006 SVC007: runs as root, no sandboxing
    description = "nightly rsync of /srv";
    startAt = "02:00";
    path = [ pkgs.rsync ];
    script = ''
      rsync -a --delete /srv/ ${target}/srv/
    '';
    serviceConfig = {
      Type = "oneshot";
      # SVC008: [Unit] settings in the [Service] section; systemd ignores them
      After = [ "network-online.target" ];
      Wants = "network-online.target";
    };
  };
}
