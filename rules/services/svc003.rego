# METADATA
# title: Samba opens its ports in the firewall
# description: |
#   services.samba.openFirewall opens the SMB and NetBIOS ports (TCP 139 and
#   445, UDP 137 and 138) on every interface to every address. SMB is a large,
#   frequently attacked protocol (EternalBlue, SambaCry) and file shares are
#   meant for a trusted network: open the ports only on the interface that
#   serves it (networking.firewall.interfaces.<name>), or reach the shares
#   over a VPN.
# custom:
#   id: SVC003
#   severity: medium
#   options:
#     - services.samba.enable
#     - services.samba.openFirewall
#   remediation: |
#     services.samba.openFirewall = false;
#     networking.firewall.interfaces."enp3s0".allowedTCPPorts = [ 445 ];
#   references:
#     - https://search.nixos.org/options?query=services.samba.openFirewall
#     - https://wiki.nixos.org/wiki/Samba
#     - https://www.samba.org/samba/history/security.html
package nixsec.rules.services.svc003

import data.nixsec.lib

_comps := ["services", "samba", "openFirewall"]

deny contains v if {
	input.config.services.samba.enable == true
	input.config.services.samba.openFirewall == true
	p := lib.path(_comps)
	v := {
		"path": p,
		"msg": "services.samba.openFirewall is true: SMB ports 139 and 445 are open on every interface",
		"fix": {"path": p, "value": false},
	}
}
