# METADATA
# title: A graphical desktop stack runs on a server
# description: |
#   An X server or desktop environment brings a display manager running as
#   root, a large graphics and input stack, session services (D-Bus
#   activations, Avahi, printing, PolicyKit agents) and hundreds of packages
#   a server never uses, each more code to exploit and to patch. Servers are
#   administered over SSH. Reported for the server profile; checked are
#   services.xserver.enable and the Plasma 6 and GNOME desktop options,
#   which no longer need X.
# custom:
#   id: MIN002
#   severity: low
#   profiles: [server]
#   options:
#     - services.xserver.enable
#     - services.desktopManager.plasma6.enable
#     - services.desktopManager.gnome.enable
#   remediation: |
#     services.xserver.enable = false;
#   references:
#     - https://xeiaso.net/blog/paranoid-nixos-2021-07-18/
#     - https://search.nixos.org/options?query=services.xserver.enable
package nixsec.rules.minimal.min002

import data.nixsec.lib

_desktops := [
	["services", "xserver", "enable"],
	["services", "desktopManager", "plasma6", "enable"],
	["services", "desktopManager", "gnome", "enable"],
]

deny contains v if {
	some comps in _desktops
	lib.is_true(comps)
	p := lib.path(comps)
	v := {
		"path": p,
		"msg": sprintf("%s is true: a graphical desktop stack runs on a server", [p]),
		"fix": {"path": p, "value": false},
	}
}
