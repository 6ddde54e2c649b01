{ lib, ... }:
{
  # V-268168: FIPS mode. (audit=1 and audit_backlog_limit come from
  # security.audit, ./audit.nix.)
  boot.kernelParams = [ "fips=1" ];

  security.protectKernelImage = true;
  security.lockKernelModules = true;

  boot.kernel.sysctl = {
    "kernel.kptr_restrict" = lib.mkForce 2; # V-268160 (1 or stricter)
    "kernel.randomize_va_space" = 2; # V-268161
    "net.ipv4.tcp_syncookies" = 1; # V-268141
    "kernel.dmesg_restrict" = 1;
    "kernel.unprivileged_bpf_disabled" = 1;
    "net.core.bpf_jit_harden" = 2;
    "net.ipv4.conf.all.rp_filter" = 1;
    "net.ipv4.conf.all.accept_redirects" = false;
    "net.ipv4.conf.all.send_redirects" = false;
  };
}
