# rsync modules live under settings.sections from 25.05 on.
{
  services.rsyncd = {
    enable = true;
    settings.sections.ftp = { path = "/srv/ftp"; "read only" = true; };
    settings.sections.backup = { path = "/srv/backup"; "auth users" = "backup"; };
  };
}
