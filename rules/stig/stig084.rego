# METADATA
# title: The graphical login screen shows no DoD consent banner
# description: |
#   A DoD system must show the Standard Mandatory DOD Notice and Consent
#   Banner on its graphical login screen. NixOS's only login-screen banner
#   option is GDM's banner (null by default), which GDM's module writes into
#   the greeter's dconf database as org/gnome/login-screen
#   banner-message-text; it is services.displayManager.gdm.banner from NixOS
#   25.11 and services.xserver.displayManager.gdm.banner before (now a rename
#   of it; nixos/modules/services/display-managers/gdm.nix). The STIG
#   (V-268084, V1R1 check text) requires it to hold the 1300-character
#   banner. A graphical host without GDM is reported too. Counted as
#   graphical: an X server, a display manager, GNOME, Plasma 6, and a
#   Wayland compositor enabled through its NixOS module (sway, Hyprland,
#   Wayfire, river, niri, labwc, the cage kiosk, or any module that sets
#   services.graphical-desktop.enable), which needs no display manager (its
#   user starts it after a console logon; cage logs its user in itself).
#   Not applicable when none of these is on.
# custom:
#   id: STIG084
#   severity: high
#   framework_only: true
#   frameworks:
#     stig:
#       - V-268084
#   options:
#     - services.xserver.enable
#     - services.displayManager.enable
#     - path: services.desktopManager.gnome.enable
#       aliases:
#         - services.xserver.desktopManager.gnome.enable
#     - services.desktopManager.plasma6.enable
#     - programs.sway.enable
#     - programs.hyprland.enable
#     - programs.wayfire.enable
#     - path: programs.river-classic.enable
#       aliases:
#         - programs.river.enable
#     - programs.niri.enable
#     - programs.labwc.enable
#     - services.cage.enable
#     - services.graphical-desktop.enable
#     - path: services.displayManager.gdm.enable
#       aliases:
#         - services.xserver.displayManager.gdm.enable
#     - path: services.displayManager.gdm.banner
#       aliases:
#         - services.xserver.displayManager.gdm.banner
#   remediation: |
#     services.displayManager.gdm.banner = ''
#       You are accessing a U.S. Government (USG) Information System (IS) ...
#       (the full Standard Mandatory DOD Notice and Consent Banner)
#     '';
#     # NixOS 25.05: services.xserver.displayManager.gdm.banner
#   references:
#     - https://app.xylok.io/reference/benchmark/anduril_nixos_stig/check/e15d3335-c901-4332-a678-26d452e805cd/?version=81bea6f8-a7a7-4376-9ac8-34eadac2e1e1
#     - https://github.com/NixOS/nixpkgs/blob/master/nixos/modules/services/display-managers/gdm.nix
package nixsec.rules.stig.stig084

import data.nixsec.lib
import data.nixsec.rules.stig.misclib

not_applicable := misclib.no_graphical if {
	not misclib.graphical
}

_banner := array.concat(misclib.gdm, ["banner"])

deny contains v if {
	misclib.graphical
	misclib.gdm_enabled
	value := lib.cfg(_banner, null)
	not misclib.is_dod_banner(value)
	p := lib.path(_banner)
	v := {
		"path": p,
		"msg": sprintf("%s %s%s: GDM's login screen shows no DoD consent banner", [p, misclib.banner_problem(value), lib.default_note(p)]),
		"anchor": lib.path(array.concat(misclib.gdm, ["enable"])),
		"fix": {"path": p, "value": misclib.dod_banner},
	}
}

deny contains v if {
	misclib.graphical
	not misclib.gdm_enabled
	p := lib.path(_banner)
	v := {
		"path": misclib.graphical_via,
		"msg": sprintf("%s is true but GDM is off: GDM's banner (%s, the STIG's fix) is NixOS's only login-screen banner option, so no DoD consent banner is shown before the graphical session", [misclib.graphical_via, p]),
	}
}
