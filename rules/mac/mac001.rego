# METADATA
# title: AppArmor is not enabled
# description: |
#   Mandatory access control confines a program to the files and capabilities
#   its profile allows, whatever the Unix permissions of its user would permit:
#   a compromised daemon or browser with a profile cannot read SSH keys or
#   write outside its own state. NixOS ships AppArmor support and profiles for
#   several packages but leaves security.apparmor.enable off. NixOS 25.05 to
#   26.05 have no SELinux module (nixpkgs' security/selinux.nix is still an
#   open pull request), so a security.selinux option comes from a module
#   outside nixpkgs that nixsec cannot tell from a look-alike declared to
#   silence this rule: it does not count.
# custom:
#   id: MAC001
#   severity: medium
#   frameworks:
#     stig:
#       - V-268173
#   options:
#     - security.apparmor.enable
#   remediation: |
#     security.apparmor.enable = true;
#   references:
#     - https://wiki.nixos.org/wiki/AppArmor
#     - https://xeiaso.net/blog/paranoid-nixos-2021-07-18/
#     - https://notashelf.dev/posts/insecurities-remedies-i
package nixsec.rules.mac.mac001

import data.nixsec.lib

_comps := ["security", "apparmor", "enable"]

deny contains v if {
	input.config.security.apparmor.enable == false
	p := lib.path(_comps)
	v := {
		"path": p,
		"msg": sprintf("security.apparmor.enable is false%s", [lib.default_note(p)]),
		"fix": {"path": p, "value": true},
	}
}
