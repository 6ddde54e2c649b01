# METADATA
# title: Audit records are not offloaded to another system
# description: |
#   Records kept only on the audited host are lost with its disk and can be
#   erased by whoever takes it over. The STIG offloads them with
#   systemd-journal-upload and checks that /etc/systemd/journal-upload.conf
#   names a URL. NixOS writes that file from services.journald.upload.settings
#   only while services.journald.upload.enable is true (off by default;
#   nixos/modules/system/boot/systemd/journald-upload.nix, where the STIG's
#   Upload keys live under settings.Upload). The receiving server
#   (services.journald.remote) is another host's configuration.
# custom:
#   id: STIG108
#   severity: high
#   framework_only: true
#   frameworks:
#     stig:
#       - V-268108
#   options:
#     - services.journald.upload.enable
#     - services.journald.upload.settings.Upload.URL
#   remediation: |
#     services.journald.upload = {
#       enable = true;
#       settings.Upload = {
#         URL = "https://logs.example.mil:19532";
#         ServerKeyFile = "/run/keys/journal-upload.key";
#         ServerCertificateFile = "/run/keys/journal-upload.crt";
#         TrustedCertificateFile = "/etc/ssl/journal-remote-ca.pem";
#       };
#     };
#   references:
#     - https://stigui.com/stigs/Anduril_NixOS_STIG/groups/V-268108
#     - https://preview.stighub.com/check/33d50a55-ee94-466e-afa5-ca617c93c0ec
package nixsec.rules.stig.stig108

import data.nixsec.lib

_enable := ["services", "journald", "upload", "enable"]

_url := ["services", "journald", "upload", "settings", "Upload", "URL"]

deny contains v if {
	lib.cfg(_enable, false) != true
	p := lib.path(_enable)
	v := {
		"path": p,
		"msg": sprintf("services.journald.upload.enable is %s%s: no journal-upload.conf, audit records stay on this host", [lib.show(lib.cfg(_enable, false)), lib.default_note(p)]),
		"fix": {"path": p, "value": true},
	}
}

deny contains v if {
	lib.cfg(_enable, false) == true
	url := lib.cfg(_url, null)
	not _non_empty(url)
	v := {
		"path": lib.path(_url),
		"msg": sprintf("services.journald.upload.settings.Upload.URL is %s: journal upload has no destination", [lib.show(url)]),
	}
}

_non_empty(s) if {
	is_string(s)
	trim_space(s) != ""
}
