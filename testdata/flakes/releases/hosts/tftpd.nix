{
  services.tftpd.enable = true;
}
