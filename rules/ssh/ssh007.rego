# METADATA
# title: SSH allows X11 forwarding
# description: |
#   With X11 forwarding a client's X display is reachable from the server: a
#   process on a compromised server (or another root user there) can read the
#   client's keystrokes and screen through the forwarded display, and the
#   X11 protocol code in sshd is extra attack surface. Servers rarely need it.
#   NixOS defaults X11Forwarding to false.
# custom:
#   id: SSH007
#   severity: low
#   options:
#     - path: services.openssh.enable
#       aliases:
#         - services.sshd.enable
#     - path: services.openssh.settings.X11Forwarding
#       aliases:
#         - services.openssh.forwardX11
#   remediation: |
#     services.openssh.settings.X11Forwarding = false;
#   references:
#     - https://man.openbsd.org/sshd_config#X11Forwarding
#     - https://www.cisecurity.org/cis-benchmarks
#     - https://wiki.nixos.org/wiki/SSH
package nixsec.rules.ssh.ssh007

import data.nixsec.lib

_comps := ["services", "openssh", "settings", "X11Forwarding"]

deny contains v if {
	input.config.services.openssh.enable == true
	input.config.services.openssh.settings.X11Forwarding == true
	p := lib.path(_comps)
	v := {
		"path": p,
		"msg": sprintf("X11Forwarding is true%s", [lib.default_note(p)]),
		"fix": {"path": p, "value": false},
	}
}
