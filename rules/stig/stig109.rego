# METADATA
# title: The remote log server is not authenticated
# description: |
#   Audit records sent to a server whose certificate nobody checks can go to
#   an impostor, who reads them or drops them. The STIG checks that
#   /etc/systemd/journal-upload.conf sets TrustedCertificateFile (the CA that
#   must have signed the server's certificate) and not to "all", which turns
#   the check off. NixOS writes that file from
#   services.journald.upload.settings only while services.journald.upload.enable
#   is true; TrustedCertificateFile defaults to null, which leaves it out
#   (nixos/modules/system/boot/systemd/journald-upload.nix). The V1R2 fix text
#   still shows a syslog-ng tls() block; nixsec follows the check.
# custom:
#   id: STIG109
#   severity: high
#   framework_only: true
#   frameworks:
#     stig:
#       - V-268109
#   options:
#     - services.journald.upload.enable
#     - services.journald.upload.settings.Upload.TrustedCertificateFile
#   remediation: |
#     services.journald.upload.enable = true;
#     services.journald.upload.settings.Upload.TrustedCertificateFile = "/etc/ssl/journal-remote-ca.pem";
#   references:
#     - https://preview.stighub.com/check/a62c2c88-a18a-4be9-8d4d-4178e2762a82
#     - https://stigui.com/stigs/Anduril_NixOS_STIG/groups/V-268109
package nixsec.rules.stig.stig109

import data.nixsec.lib

_enable := ["services", "journald", "upload", "enable"]

_trusted := ["services", "journald", "upload", "settings", "Upload", "TrustedCertificateFile"]

deny contains v if {
	lib.cfg(_enable, false) != true
	p := lib.path(_enable)
	v := {
		"path": p,
		"msg": sprintf("services.journald.upload.enable is %s%s: there is no journal-upload.conf, so no TrustedCertificateFile", [lib.show(lib.cfg(_enable, false)), lib.default_note(p)]),
		"fix": {"path": p, "value": true},
	}
}

deny contains v if {
	lib.cfg(_enable, false) == true
	value := lib.cfg(_trusted, null)
	not _checks_server(value)
	p := lib.path(_trusted)
	v := {
		"path": p,
		"msg": sprintf("services.journald.upload.settings.Upload.TrustedCertificateFile is %s%s: the log server's certificate is not checked against a CA", [lib.show(value), lib.default_note(p)]),
	}
}

_checks_server(s) if {
	is_string(s)
	trim_space(s) != ""
	lower(trim_space(s)) != "all"
}
