# METADATA
# title: SSH admits an account that is not on the organisation's allow-list
# description: |
#   Example Corp's access policy: only the accounts on the SSH allow-list may
#   log in over SSH. The list is data, not code: ssh_allowed_users in the
#   policy data (data.yaml, mounted under data.nixsec.user), which the access
#   review keeps up to date. An account can log in when it has a key in
#   users.users.<name>.openssh.authorizedKeys.keys and
#   services.openssh.settings.AllowUsers does not leave it out; an AllowUsers
#   entry admits an account by name. Either, for an account not on the list,
#   is a finding.
# custom:
#   id: ORG001
#   severity: high
#   options:
#     - services.openssh.enable
#     - services.openssh.settings.AllowUsers
#     - users.users.*.openssh.authorizedKeys.keys
#   remediation: |
#     # take the account out of AllowUsers and remove its keys, or add it to
#     # ssh_allowed_users in the policy data after an access review
#     services.openssh.settings.AllowUsers = [ "admin" "deploy" ];
#   references:
#     - https://man.openbsd.org/sshd_config#AllowUsers
package nixsec.rules.org.org001

import data.nixsec.lib

_settings := ["services", "openssh", "settings"]

_allowed contains user if some user in object.get(data.nixsec.user, "ssh_allowed_users", [])

# AllowUsers is null (no restriction) or a list of USER or USER@HOST
# patterns, where USER may hold the wildcards * and ?.
_allow_users := lib.cfg(array.concat(_settings, ["AllowUsers"]), null)

_user(entry) := split(entry, "@")[0]

# An AllowUsers entry that admits an account not on the list. A wildcard
# entry is on the list only if the list holds it as written.
deny contains v if {
	lib.is_true(["services", "openssh", "enable"])
	is_array(_allow_users)
	some entry in _allow_users
	not _allowed[_user(entry)]
	v := {
		"path": lib.path(array.concat(_settings, ["AllowUsers"])),
		"msg": sprintf("AllowUsers admits %q, who is not on the SSH allow-list (ssh_allowed_users)", [entry]),
	}
}

# An account with a key that sshd lets in (when an AllowUsers entry names
# it, that entry is the finding).
deny contains v if {
	lib.is_true(["services", "openssh", "enable"])
	some name, user in lib.cfg(["users", "users"], {})
	count(object.get(user, ["openssh", "authorizedKeys", "keys"], [])) > 0
	not _allowed[name]
	_admitted(name)
	not _named(name)
	v := {
		"path": lib.path(["users", "users", name, "openssh", "authorizedKeys", "keys"]),
		"msg": sprintf("user %q can log in over SSH with a key but is not on the SSH allow-list (ssh_allowed_users)", [name]),
	}
}

_admitted(_) if not is_array(_allow_users)

_admitted(name) if {
	some entry in _allow_users
	glob.match(_user(entry), [], name)
}

_named(name) if {
	some entry in _allow_users
	_user(entry) == name
}
