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
package nixsec.rules.ssh.ssh006

import data.nixsec.lib

_min_rsa_bits := 3072

# Every key of every user is decoded in Go (nixsec.ssh_weak_keys, with
# nixsec.ssh_key_info's reading), which returns the DSA keys and the RSA
# keys under _min_rsa_bits: a host has dozens of keys, each a builtin call
# and a few expressions in Rego.
deny contains v if {
	input.config.services.openssh.enable == true
	some info in nixsec.ssh_weak_keys(lib.users_by_option.openssh, _min_rsa_bits)
	why := _weak(info.type, info.bits)

	# One concat, the integers through sprintf("%d", ...), which OPA
	# answers from its interned strings: the same text as one sprintf of
	# six arguments at a fraction of the cost (issue 17).
	v := {
		"path": lib.path(["users", "users", info.user, "openssh", "authorizedKeys", "keys"]),
		"msg": concat("", [
			"authorized key ", sprintf("%d", [info.key]), " of ", info.user, " is ", info.type,
			" with ", sprintf("%d", [info.bits]), " bits (", _comment(info.comment), "): ", why,
			"; use an Ed25519 key",
		]),
	}
}

_weak("ssh-dss", _) := "DSA keys are refused by OpenSSH since 7.0"

_weak("ssh-rsa", bits) := sprintf("RSA under %d bits", [_min_rsa_bits]) if bits < _min_rsa_bits

_comment(c) := "no comment" if trim_space(c) == ""

_comment(c) := sprintf("%q", [c]) if trim_space(c) != ""
