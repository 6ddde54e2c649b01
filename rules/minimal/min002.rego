# METADATA
# title: A graphical desktop stack runs on a server
# description: |
#   An X server or desktop environment brings a display manager running as
#   root, a large graphics and input stack, session services (D-Bus
#   activations, Avahi, printing, PolicyKit agents) and hundreds of packages
#   a server never uses, each more code to exploit and to patch. Servers are
#   administered over SSH. Reported for the server profile; checked are
#   services.xserver.enable, Plasma 6 (services.desktopManager.plasma6.enable)
#   and GNOME, neither of which needs X: services.desktopManager.gnome.enable
#   since NixOS 25.11, services.xserver.desktopManager.gnome.enable before
#   (the old name is now an alias of the new one). GNOME is reported once,
#   under the name the host's nixpkgs declares.
# custom:
#   id: MIN002
#   severity: low
#   profiles: [server]
#   options:
#     - services.xserver.enable
#     - services.desktopManager.plasma6.enable
#     - path: services.desktopManager.gnome.enable
#       aliases: [services.xserver.desktopManager.gnome.enable]
#   remediation: |
#     services.xserver.enable = false;
#     services.desktopManager.gnome.enable = false; # NixOS 25.11 and later
#   references:
#     - https://xeiaso.net/blog/paranoid-nixos-2021-07-18/
#     - https://search.nixos.org/options?query=services.xserver.enable
package nixsec.rules.minimal.min002

import data.nixsec.lib

# GNOME's switch under both names: the pre-25.11 one is the option itself
# on 25.05 and a rename from 25.11 on. The document holds it under every
# name the host declares as an option of its own, so a look-alike of the
# new name declared on 25.05 cannot hide the real one; when both are on,
# the new name is reported.
_gnome := ["services", "desktopManager", "gnome", "enable"] if {
	input.config.services.desktopManager.gnome.enable == true
} else := ["services", "xserver", "desktopManager", "gnome", "enable"]

_desktops := [
	["services", "xserver", "enable"],
	["services", "desktopManager", "plasma6", "enable"],
	_gnome,
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
