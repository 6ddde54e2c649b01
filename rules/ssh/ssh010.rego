# METADATA
# title: SSH logins need no second factor
# description: |
#   With one factor, a stolen private key (copied from a laptop, a backup or a
#   CI secret) is enough to log in. A second factor — a TOTP code through PAM
#   (googleAuthenticator), a FIDO2/U2F token (u2fAuth), a smartcard
#   (p11Auth), or sshd's AuthenticationMethods requiring two methods such as
#   "publickey,keyboard-interactive" — makes a copied key useless on its own.
#   NixOS configures none by default. Reported for the workstation and
#   paranoid profiles.
# custom:
#   id: SSH010
#   severity: info
#   profiles: [workstation, paranoid]
#   options:
#     - path: services.openssh.enable
#       aliases:
#         - services.sshd.enable
#     - services.openssh.settings.AuthenticationMethods
#     - security.pam.services.sshd.googleAuthenticator.enable
#     - security.pam.services.sshd.u2fAuth
#     - security.pam.services.sshd.p11Auth
#   remediation: |
#     security.pam.services.sshd.googleAuthenticator.enable = true;
#     services.openssh.settings.AuthenticationMethods = "publickey,keyboard-interactive";
#     services.openssh.settings.KbdInteractiveAuthentication = true;
#   references:
#     - https://wiki.nixos.org/wiki/Yubikey
#     - https://man.openbsd.org/sshd_config#AuthenticationMethods
#     - https://search.nixos.org/options?query=security.pam.services.%3Cname%3E.googleAuthenticator
package nixsec.rules.ssh.ssh010

import data.nixsec.lib

_pam := ["security", "pam", "services", "sshd"]

deny contains v if {
	input.config.services.openssh.enable == true
	not _second_factor
	v := {
		"path": "services.openssh.enable",
		"msg": "sshd accepts a single factor: no googleAuthenticator, u2fAuth or p11Auth for PAM service sshd, no AuthenticationMethods with two methods",
	}
}

_second_factor if lib.is_true(array.concat(_pam, ["googleAuthenticator", "enable"]))

_second_factor if lib.is_true(array.concat(_pam, ["u2fAuth"]))

_second_factor if lib.is_true(array.concat(_pam, ["p11Auth"]))

# "publickey,keyboard-interactive publickey,password": every list of methods
# must be chained for every login to need two.
_second_factor if {
	methods := lib.cfg(["services", "openssh", "settings", "AuthenticationMethods"], null)
	is_string(methods)
	lists := [l | some l in split(methods, " "); l != ""]
	count(lists) > 0
	every l in lists {
		contains(l, ",")
	}
}
