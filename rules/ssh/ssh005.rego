# METADATA
# title: SSH allows algorithms outside the modern profile
# description: |
#   Ciphers, key exchanges and MACs outside Mozilla's "modern" OpenSSH profile
#   (CBC ciphers, SHA-1 and small Diffie-Hellman groups, 64-bit-tag MACs) let
#   an attacker on the path downgrade a session to an algorithm with known
#   weaknesses. NixOS sets curated lists by default; a host that adds to them,
#   or sets one to null (OpenSSH's own, wider default list, which is also what
#   services.openssh.enableRecommendedAlgorithms = false does on 26.05+),
#   accepts more. The post-quantum hybrid key exchanges NixOS adds
#   (mlkem768x25519, sntrup761x25519) and curve25519-sha256 are stronger than
#   the profile and accepted.
# custom:
#   id: SSH005
#   severity: medium
#   options:
#     - path: services.openssh.enable
#       aliases:
#         - services.sshd.enable
#     - services.openssh.enableRecommendedAlgorithms
#     - path: services.openssh.settings.Ciphers
#       aliases:
#         - services.openssh.ciphers
#     - path: services.openssh.settings.KexAlgorithms
#       aliases:
#         - services.openssh.kexAlgorithms
#     - path: services.openssh.settings.Macs
#       aliases:
#         - services.openssh.macs
#   remediation: |
#     # drop the additions, or list only modern algorithms:
#     services.openssh.settings.Ciphers = [
#       "chacha20-poly1305@openssh.com" "aes256-gcm@openssh.com" "aes128-gcm@openssh.com"
#     ];
#     services.openssh.enableRecommendedAlgorithms = true; # 26.05+
#   references:
#     - https://infosec.mozilla.org/guidelines/openssh.html
#     - https://man.openbsd.org/sshd_config#Ciphers
#     - https://search.nixos.org/options?query=services.openssh.settings
package nixsec.rules.ssh.ssh005

import data.nixsec.lib

# Mozilla "modern" (OpenSSH 6.7+), plus the stronger key exchanges NixOS
# itself recommends.
_allowed := {
	"Ciphers": {
		"chacha20-poly1305@openssh.com", "aes256-gcm@openssh.com", "aes128-gcm@openssh.com",
		"aes256-ctr", "aes192-ctr", "aes128-ctr",
	},
	"KexAlgorithms": {
		"curve25519-sha256@libssh.org", "ecdh-sha2-nistp521", "ecdh-sha2-nistp384",
		"ecdh-sha2-nistp256", "diffie-hellman-group-exchange-sha256",
		"curve25519-sha256", "sntrup761x25519-sha512", "sntrup761x25519-sha512@openssh.com",
		"mlkem768x25519-sha256",
	},
	"Macs": {
		"hmac-sha2-512-etm@openssh.com", "hmac-sha2-256-etm@openssh.com", "umac-128-etm@openssh.com",
		"hmac-sha2-512", "hmac-sha2-256", "umac-128@openssh.com",
	},
}

_recommended := ["services", "openssh", "enableRecommendedAlgorithms"]

_comps(key) := ["services", "openssh", "settings", key]

# The settings are read with object.get, as lib.cfg reads them: a call of
# the lib's (and of _comps) per setting cost several times the read.

# A list naming a weak algorithm.
deny contains v if {
	input.config.services.openssh.enable == true
	some key, allowed in _allowed
	algos := object.get(input.config, ["services", "openssh", "settings", key], null)
	is_array(algos)
	weak := [a | some a in algos; not a in allowed]
	count(weak) > 0
	kept := [a | some a in algos; a in allowed]
	p := lib.path(_comps(key))
	v := object.union(
		{
			"path": p,
			"msg": sprintf("%s allows %s (outside the Mozilla modern profile)", [key, concat(", ", weak)]),
		},
		_fix(p, kept),
	)
}

# null: sshd uses OpenSSH's own default list.
deny contains v if {
	input.config.services.openssh.enable == true
	some key, _ in _allowed

	# present and null (absent reads as false)
	object.get(input.config, ["services", "openssh", "settings", key], false) == null
	v := object.union(
		{
			"path": lib.path(_comps(key)),
			"msg": sprintf("%s is null%s: OpenSSH's own wider default list applies", [key, _why_null]),
		},
		_null_fix,
	)
}

_fix(p, kept) := {"fix": {"path": p, "value": kept}} if count(kept) > 0

_fix(_, kept) := {} if count(kept) == 0

_why_null := " (enableRecommendedAlgorithms is false)" if {
	lib.is_false(_recommended)
} else := ""

_null_fix := {
	"anchor": lib.path(_recommended),
	"fix": {"path": lib.path(_recommended), "value": true},
} if {
	lib.is_false(_recommended)
} else := {}
