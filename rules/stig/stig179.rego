# METADATA
# title: PKCS#11 logins do not check certificate revocation with a local cache
# description: |
#   If the revocation status of a smart-card certificate cannot be checked
#   when the CA's servers are unreachable, a revoked card keeps working. The
#   STIG requires cert_policy in /etc/pam_pkcs11/pam_pkcs11.conf to include
#   ca, signature, ocsp_on and crl_auto (CRLs fetched and cached locally).
#   NixOS has no pam_pkcs11 module: the file exists only when
#   environment.etc."pam_pkcs11/pam_pkcs11.conf" writes it. The rule reads
#   that text and reports a missing file, a cert_policy line lacking any of
#   the four values, or no cert_policy at all; a file given as a source it
#   cannot read is reported as unverifiable. Whether the CRLs are actually
#   reachable and cached is for the running system. Facts from the V1R1
#   check text; no V1R2 page was found.
# custom:
#   id: STIG179
#   severity: high
#   framework_only: true
#   frameworks:
#     stig:
#       - V-268179
#   options:
#     - environment.etc."pam_pkcs11/pam_pkcs11.conf".text
#     - environment.etc."pam_pkcs11/pam_pkcs11.conf".source
#     - environment.etc."pam_pkcs11/pam_pkcs11.conf".enable
#   remediation: |
#     environment.etc."pam_pkcs11/pam_pkcs11.conf".text = ''
#       # ... the rest of pam_pkcs11.conf ...
#       cert_policy = ca,signature,ocsp_on,crl_auto;
#     '';
#   references:
#     - https://www.stigviewer.com/stigs/anduril_nixos/2024-10-25/finding/V-268179
#     - https://github.com/OpenSC/pam_pkcs11
package nixsec.rules.stig.stig179

import data.nixsec.lib
import data.nixsec.rules.stig.pamlib

_required := ["ca", "signature", "ocsp_on", "crl_auto"]

_file := pamlib.etc_file("pam_pkcs11/pam_pkcs11.conf", null)

deny contains v if {
	_file.state == "absent"
	v := {"path": _file.path, "msg": "there is no /etc/pam_pkcs11/pam_pkcs11.conf: no cert_policy with ca, signature, ocsp_on and crl_auto"}
}

deny contains v if {
	_file.state == "unreadable"
	v := {"path": _file.path, "msg": sprintf("nixsec cannot read cert_policy in /etc/pam_pkcs11/pam_pkcs11.conf: %s", [_file.why])}
}

deny contains v if {
	_file.state == "text"
	count(_policies) == 0
	v := {"path": _file.path, "msg": "/etc/pam_pkcs11/pam_pkcs11.conf sets no cert_policy: certificates are not checked for revocation"}
}

deny contains v if {
	_file.state == "text"
	some policy in _policies
	missing := [r | some r in _required; not r in policy]
	count(missing) > 0
	v := {"path": _file.path, "msg": sprintf("cert_policy %s lacks %s", [lib.show(concat(",", policy)), concat(", ", missing)])}
}

# Each cert_policy's values, comments dropped.
_policies contains policy if {
	text := concat("\n", pamlib.lines(_file.text))
	some m in regex.find_all_string_submatch_n(`cert_policy\s*=\s*([^;]*);`, text, -1)
	policy := [w | some x in split(m[1], ","); w := trim_space(x); w != ""]
}
