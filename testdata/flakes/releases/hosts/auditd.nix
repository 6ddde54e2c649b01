{
  security.auditd.enable = true;
}
