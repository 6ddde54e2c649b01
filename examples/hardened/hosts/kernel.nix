# Kernel hardening: no kexec or hibernation, no module loading after boot,
# kernel pointers and log hidden from unprivileged users.
{ lib, ... }:
{
  security.protectKernelImage = true;
  security.lockKernelModules = true;

  boot.kernel.sysctl = {
    "kernel.kptr_restrict" = lib.mkForce 2;
    "kernel.dmesg_restrict" = 1;
    "kernel.unprivileged_bpf_disabled" = 1;
    "net.core.bpf_jit_harden" = 2;
    "net.ipv4.conf.all.rp_filter" = 1;
    "net.ipv4.conf.all.accept_redirects" = false;
    "net.ipv4.conf.all.send_redirects" = false;
  };
}
