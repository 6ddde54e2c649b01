# METADATA
# title: Privileged program executions are not audited
# description: |
#   Programs that run with root's effective ids on behalf of another user
#   (setuid or setgid root) are where a local user gains privilege. The STIG
#   asks for execve rules that record every execution whose effective uid or
#   gid is 0 while the real one differs, for both the 64-bit and the 32-bit
#   system call ABI (a 32-bit binary escapes b64-only rules). NixOS loads the
#   lines of security.audit.rules with auditctl (nixos/modules/security/audit.nix)
#   and has none by default. nixsec accepts the STIG's rules in any equivalent
#   spelling (exit,always; -C euid!=uid; -F key=) and broader rules that leave
#   filters out, but not rules that add filters or name no arch.
# custom:
#   id: STIG091
#   severity: high
#   framework_only: true
#   frameworks:
#     stig:
#       - V-268091
#   options:
#     - security.audit.rules
#   remediation: |
#     security.audit.rules = [
#       "-a always,exit -F arch=b32 -S execve -C uid!=euid -F euid=0 -k execpriv"
#       "-a always,exit -F arch=b64 -S execve -C uid!=euid -F euid=0 -k execpriv"
#       "-a always,exit -F arch=b32 -S execve -C gid!=egid -F egid=0 -k execpriv"
#       "-a always,exit -F arch=b64 -S execve -C gid!=egid -F egid=0 -k execpriv"
#     ];
#   references:
#     - https://preview.stighub.com/check/52bfc24b-6345-40bc-bb73-28924881c3c8
package nixsec.rules.stig.stig091

import data.nixsec.rules.stig.auditlib

# The STIG's rule lines (V-268091).
lines := auditlib.execpriv_lines

deny contains v if {
	v := auditlib.rules_violation(lines, "executions of programs that gain root privileges")
}
