{
  # nixsec:ignore MAC001 -- confined by the hypervisor; AppArmor stays off here
  security.apparmor.enable = false;
}
