# rules/ssh/ssh006.rego before its key selection moved to Go
# (nixsec.ssh_weak_keys, issue 17): the reference weak_identity_test.go
# compares the bundle with, in package old.nixsec.rules.ssh.ssh006 (so that
# opa check of rules/ sees no second ssh006). Not embedded.

# METADATA
# title: An authorized SSH key is DSA or RSA under 3072 bits
# description: |
#   A key in users.users.<name>.openssh.authorizedKeys.keys lets its holder
#   log in as that user. DSA keys (ssh-dss) are fixed at 1024 bits and
#   OpenSSH has refused them by default since 7.0; RSA keys under 3072 bits
#   fall short of the 128-bit security level NIST SP 800-57 asks for after
#   2030. An Ed25519 key is short, fast and has no size to get wrong. Each key is
#   decoded to count its bits; a line nixsec cannot decode is left alone,
#   and keys from authorizedKeys.keyFiles are not read. Only checked when
#   sshd is enabled.
# custom:
#   id: SSH006
#   severity: medium
#   options:
#     - path: services.openssh.enable
#       aliases:
#         - services.sshd.enable
#     - users.users.*.openssh.authorizedKeys.keys
#   remediation: |
#     # ssh-keygen -t ed25519, then replace the old key:
#     users.users.alice.openssh.authorizedKeys.keys = [
#       "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA... alice@laptop"
#     ];
#   references:
#     - https://infosec.mozilla.org/guidelines/openssh.html
#     - https://www.openssh.com/txt/release-7.0
#     - https://csrc.nist.gov/pubs/sp/800/57/pt1/r5/final
#     - https://search.nixos.org/options?query=users.users.%3Cname%3E.openssh.authorizedKeys.keys
package old.nixsec.rules.ssh.ssh006

import data.nixsec.lib

_min_rsa_bits := 3072

deny contains v if {
	lib.is_true(["services", "openssh", "enable"])
	some user, openssh in lib.users_by_option.openssh
	is_object(openssh)
	keys := object.get(openssh, ["authorizedKeys", "keys"], [])
	is_array(keys)
	some i, line in keys
	is_string(line)
	info := nixsec.ssh_key_info(line)
	why := _weak(info)
	v := {
		"path": lib.path(["users", "users", user, "openssh", "authorizedKeys", "keys"]),
		"msg": sprintf(
			"authorized key %d of %s is %s with %d bits (%s): %s; use an Ed25519 key",
			[i + 1, user, info.type, info.bits, _comment(info.comment), why],
		),
	}
}

_weak(info) := "DSA keys are refused by OpenSSH since 7.0" if info.type == "ssh-dss"

_weak(info) := sprintf("RSA under %d bits", [_min_rsa_bits]) if {
	info.type == "ssh-rsa"
	info.bits < _min_rsa_bits
}

_comment(c) := "no comment" if trim_space(c) == ""

_comment(c) := sprintf("%q", [c]) if trim_space(c) != ""
