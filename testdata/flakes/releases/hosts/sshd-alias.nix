# sshd through its alias: findings on defaults point at this line.
{
  services.sshd.enable = true;
}
