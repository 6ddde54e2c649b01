# METADATA
# title: SSH does not restrict which accounts may log in
# description: |
#   Without AllowUsers or AllowGroups, sshd accepts a login for every account
#   that has a usable credential: service accounts, accounts a package created,
#   a forgotten test user. An allow-list limits the exposed accounts to the ones
#   meant to log in remotely, so a key or password added to any other account
#   does not open SSH. NixOS sets neither (both default to null).
# custom:
#   id: SSH004
#   severity: medium
#   options:
#     - path: services.openssh.enable
#       aliases:
#         - services.sshd.enable
#     - services.openssh.settings.AllowUsers
#     - services.openssh.settings.AllowGroups
#   remediation: |
#     services.openssh.settings.AllowUsers = [ "alice" ];
#     # or: services.openssh.settings.AllowGroups = [ "ssh-users" ];
#   references:
#     - https://wiki.nixos.org/wiki/SSH
#     - https://man.openbsd.org/sshd_config#AllowUsers
#     - https://www.cisecurity.org/cis-benchmarks
package nixsec.rules.ssh.ssh004

import data.nixsec.lib

_users := ["services", "openssh", "settings", "AllowUsers"]

_groups := ["services", "openssh", "settings", "AllowGroups"]

# settings is freeform: on nixpkgs that does not declare AllowUsers and
# AllowGroups, an unset key is absent from the document, which means "not
# restricted" too.
deny contains v if {
	input.config.services.openssh.enable == true
	not lib.non_empty_list(_users)
	not lib.non_empty_list(_groups)
	v := {
		"path": lib.path(_users),
		"msg": sprintf(
			"neither AllowUsers nor AllowGroups restricts SSH logins (AllowUsers is %s, AllowGroups is %s)",
			[lib.show(object.get(input.config, _users, null)), lib.show(object.get(input.config, _groups, null))],
		),
		"anchor": "services.openssh.enable",
	}
}
