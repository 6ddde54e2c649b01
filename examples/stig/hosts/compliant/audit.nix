# The kernel's audit, auditd and the rules the STIG names.
{ ... }:
{
  # V-268080, V-268148: the audit daemon and the kernel's audit.
  security.auditd.enable = true;
  security.audit = {
    enable = true;
    # V-268092, V-268093: audit.nix puts audit=1 and
    # audit_backlog_limit=<backlogLimit> on the kernel command line.
    backlogLimit = 8192;
    rules = [
      # V-268091, V-268148: privileged execution (setuid/setgid).
      "-a always,exit -F arch=b32 -S execve -C uid!=euid -F euid=0 -k execpriv"
      "-a always,exit -F arch=b64 -S execve -C uid!=euid -F euid=0 -k execpriv"
      "-a always,exit -F arch=b32 -S execve -C gid!=egid -F egid=0 -k execpriv"
      "-a always,exit -F arch=b64 -S execve -C gid!=egid -F egid=0 -k execpriv"

      # V-268094: mount.
      "-a always,exit -F arch=b32 -S mount -F auid>=1000 -F auid!=-1 -k privileged-mount"
      "-a always,exit -F arch=b64 -S mount -F auid>=1000 -F auid!=-1 -k privileged-mount"

      # V-268095: deletion and renaming.
      "-a always,exit -F arch=b32 -S rename,unlink,rmdir,renameat,unlinkat -F auid>=1000 -F auid!=-1 -k delete"
      "-a always,exit -F arch=b64 -S rename,unlink,rmdir,renameat,unlinkat -F auid>=1000 -F auid!=-1 -k delete"

      # V-268096: kernel modules.
      "-a always,exit -F arch=b32 -S init_module,finit_module,delete_module -F auid>=1000 -F auid!=-1 -k module_chng"
      "-a always,exit -F arch=b64 -S init_module,finit_module,delete_module -F auid>=1000 -F auid!=-1 -k module_chng"

      # V-268097: cron.
      "-w /var/cron/tabs/ -p wa -k services"
      "-w /var/cron/cron.allow -p wa -k services"
      "-w /var/cron/cron.deny -p wa -k services"

      # V-268098: failed file access.
      "-a always,exit -F arch=b32 -S open,creat,truncate,ftruncate,openat,open_by_handle_at -F exit=-EACCES -F auid>=1000 -F auid!=-1 -F key=access"
      "-a always,exit -F arch=b32 -S open,creat,truncate,ftruncate,openat,open_by_handle_at -F exit=-EPERM -F auid>=1000 -F auid!=-1 -F key=access"
      "-a always,exit -F arch=b64 -S open,creat,truncate,ftruncate,openat,open_by_handle_at -F exit=-EACCES -F auid>=1000 -F auid!=-1 -F key=access"
      "-a always,exit -F arch=b64 -S open,creat,truncate,ftruncate,openat,open_by_handle_at -F exit=-EPERM -F auid>=1000 -F auid!=-1 -F key=access"

      # V-268099: ownership changes.
      "-a always,exit -F arch=b32 -S lchown,fchown,chown,fchownat -F auid>=1000 -F auid!=-1 -F key=perm_mod"
      "-a always,exit -F arch=b64 -S chown,fchown,lchown,fchownat -F auid>=1000 -F auid!=-1 -F key=perm_mod"

      # V-268100: permission changes.
      "-a always,exit -F arch=b32 -S chmod,fchmod,fchmodat -F auid>=1000 -F auid!=-1 -k perm_mod"
      "-a always,exit -F arch=b64 -S chmod,fchmod,fchmodat -F auid>=1000 -F auid!=-1 -k perm_mod"

      # V-268163: extended attributes, by users and by root.
      "-a always,exit -F arch=b32 -S setxattr,fsetxattr,lsetxattr,removexattr,fremovexattr,lremovexattr -F auid>=1000 -F auid!=-1 -k perm_mod"
      "-a always,exit -F arch=b32 -S setxattr,fsetxattr,lsetxattr,removexattr,fremovexattr,lremovexattr -F auid=0 -k perm_mod"
      "-a always,exit -F arch=b64 -S setxattr,fsetxattr,lsetxattr,removexattr,fremovexattr,lremovexattr -F auid>=1000 -F auid!=-1 -k perm_mod"
      "-a always,exit -F arch=b64 -S setxattr,fsetxattr,lsetxattr,removexattr,fremovexattr,lremovexattr -F auid=0 -k perm_mod"

      # V-268164, V-268165: privileged commands.
      "-a always,exit -F path=/run/current-system/sw/bin/usermod -F perm=x -F auid>=1000 -F auid!=unset -k privileged-usermod"
      "-a always,exit -S all -F path=/run/current-system/sw/bin/chage -F perm=x -F auid>=1000 -F auid!=-1 -k privileged-chage"
      "-a always,exit -S all -F path=/run/current-system/sw/bin/chcon -F perm=x -F auid>=1000 -F auid!=-1 -k perm_mod"

      # V-268166: logins.
      "-w /var/log/lastlog -p wa -k logins"

      # V-268167: account files.
      "-w /etc/sudoers -p wa -k identity"
      "-w /etc/passwd -p wa -k identity"
      "-w /etc/shadow -p wa -k identity"
      "-w /etc/gshadow -p wa -k identity"
      "-w /etc/group -p wa -k identity"
      "-w /etc/security/opasswd -p wa -k identity"

      # V-268119: a process's login UID cannot be changed once set.
      "--loginuid-immutable"
    ];
  };

  # auditd.conf (25.11 and later render it from these settings; on 25.05
  # the STIG writes environment.etc."audit/auditd.conf".text instead).
  security.auditd.settings = {
    space_left = "25%"; # V-268103
    space_left_action = "email"; # V-268101
    admin_space_left = "10%"; # V-268104
    admin_space_left_action = "email"; # V-268102
    action_mail_acct = "root";
    disk_full_action = "HALT"; # V-268105
    disk_error_action = "HALT"; # V-268106
    log_group = "root"; # V-268110
  };
}
