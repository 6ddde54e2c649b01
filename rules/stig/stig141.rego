# METADATA
# title: SYN cookies are turned off
# description: |
#   TCP SYN cookies let the kernel answer a SYN flood without filling its
#   backlog of half-open connections, so a flood cannot stop new connections.
#   The STIG (V-268141, V1R1 check text) requires net.ipv4.tcp_syncookies = 1.
#   Unset, the kernel's default (1) applies; a host fails when
#   boot.kernel.sysctl."net.ipv4.tcp_syncookies" is set to anything else.
# custom:
#   id: STIG141
#   severity: high
#   framework_only: true
#   frameworks:
#     stig:
#       - V-268141
#   options:
#     - boot.kernel.sysctl
#     - boot.kernel.sysctl."net.ipv4.tcp_syncookies"
#   remediation: |
#     boot.kernel.sysctl."net.ipv4.tcp_syncookies" = 1;
#   references:
#     - https://preview.stighub.com/stig/Anduril%20NixOS%20Security%20Technical%20Implementation%20Guide
#     - https://docs.kernel.org/admin-guide/sysctl/
package nixsec.rules.stig.stig141

import data.nixsec.lib
import data.nixsec.rules.stig.misclib

_key := "net.ipv4.tcp_syncookies"

deny contains v if {
	sysctl := object.get(input.config, ["boot", "kernel", "sysctl"], null)
	is_object(sysctl)
	value := object.get(sysctl, _key, null)
	value != null
	not misclib.number(value) == 1
	p := lib.path(["boot", "kernel", "sysctl", _key])
	v := {
		"path": p,
		"msg": sprintf("%s is %s: SYN cookies are off: a SYN flood can exhaust the backlog of half-open connections", [_key, lib.show(value)]),
		"fix": {"path": p, "value": 1},
	}
}
